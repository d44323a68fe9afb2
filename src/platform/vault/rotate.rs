//! Rotating the data key: a new version is added to the key file, every sealed value of every
//! capability is opened under the version that sealed it and sealed again under the new one, and
//! every blind index is made again with the new version's index key, all in one transaction; the
//! new key file replaces the old only once that transaction has committed. The old versions stay
//! in the file, so backups made before still open. Every server must be stopped first: one still
//! running would go on sealing and indexing under the old version.

use crate::platform::capability::Capabilities;
use crate::platform::db::Db;
use crate::platform::vault::{CHECK, Vault};
use anyhow::{Context, bail};

/// A sealed column of some table: where it is, the field its values are bound to, and its blind
/// index's column and kind, if it has one.
#[derive(Debug, Clone)]
pub struct SealedColumn {
    /// The table.
    pub table: String,
    /// The column of sealed values.
    pub column: String,
    /// The field each value is sealed for.
    pub field: String,
    /// (column, kind) of its blind index.
    pub index: Option<(String, String)>,
}

/// What a rotation did.
#[derive(Debug, Clone, Default)]
pub struct Rotated {
    /// The version that seals from now on.
    pub version: u8,
    /// Values sealed again.
    pub values: u64,
    /// The columns gone through.
    pub columns: usize,
}

/// How recently a server may have run a scheduled job for a rotation to go ahead unforced:
/// every server tries the overdue sweep each minute by default, so one running has.
const QUIET_MINUTES: i64 = 10;

/// Rotates the data key of an opened database; the key must be in a file. Unless `force`d, it
/// refuses while a server seems to be running (one ran a scheduled job in the last ten minutes).
pub async fn rotate(db: &Db, capabilities: Capabilities, force: bool) -> anyhow::Result<Rotated> {
    let crate::platform::audit::seal::KeySource::File(path) = db.vault.source.clone() else {
        bail!(
            "the data key comes from ZHILI_DATA_KEY: put it in a key file (ZHILI_DATA_KEY_FILE) to rotate it"
        );
    };
    let quiet_since =
        crate::platform::time::stamp(db.clock.now() - chrono::Duration::minutes(QUIET_MINUTES));
    let last = crate::platform::db::jobs::last_run(&db.pool).await?;
    if let Some(last) = last.filter(|l| *l > quiet_since && !force) {
        bail!(
            "a server ran a scheduled job at {last}: stop every server first (one still running would seal and index under the old key), or pass --force if none is"
        );
    }
    let (new, text): (Vault, String) = db.vault.rotated();
    let columns: Vec<SealedColumn> = capabilities.iter().flat_map(|c| (c.sealed)()).collect();
    let mut tx = db.begin().await?;
    let mut values = 0u64;
    for c in &columns {
        let rows =
            crate::platform::vault::store::sealed_values(&mut tx, &c.table, &c.column).await?;
        for (id, sealed) in rows {
            let plain = db.vault.open(&c.field, &sealed).map_err(|_| {
                anyhow::anyhow!(
                    "{}.{} of row {id} does not open with this data key",
                    c.table,
                    c.column
                )
            })?;
            let index = c.index.as_ref().map(|(col, kind)| (col.as_str(), new.index(kind, &plain)));
            let resealed = new.seal(&c.field, &plain);
            crate::platform::vault::store::reseal(
                &mut tx, &c.table, &c.column, id, &resealed, index,
            )
            .await?;
            values += 1;
        }
    }
    crate::platform::vault::store::add_check_in(
        &mut tx,
        i64::from(new.version()),
        &new.seal(CHECK, CHECK),
    )
    .await?;
    let detail =
        serde_json::json!({"version": new.version(), "values": values, "columns": columns.len()});
    let actor = crate::platform::access::actor::Actor::system();
    crate::platform::audit::append(
        &mut tx,
        actor.audit("data_key.rotate", "platform:data_key".into(), detail),
    )
    .await?;
    // The new file is written beside the old before the commit, and takes its place after.
    let staging = path.with_extension("key.rotating");
    write_private(&staging, &text)?;
    tx.commit().await?;
    std::fs::rename(&staging, &path).with_context(|| {
        format!(
            "the data was sealed under the new key, now in {}: move it to {}",
            staging.display(),
            path.display()
        )
    })?;
    Ok(Rotated { version: new.version(), values, columns: columns.len() })
}

fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(path).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

//! `zhili backup` and `zhili restore` for SQLite: a consistent copy of a live database, and a
//! copy checked (integrity, audit chain) before it replaces anything. PostgreSQL uses its own tools.

use crate::platform::db::Backend;

use crate::platform::cli::progress::Progress;
use crate::platform::db::Db;

use anyhow::{Context, bail};
use std::process::ExitCode;

fn sqlite_file(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    Ok(rest.split('?').next().unwrap_or(rest).to_string())
}

pub async fn backup(
    database: &str,
    out: &str,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<ExitCode> {
    let db = Db::open(database, capabilities).await?;
    if db.backend == Backend::Postgres {
        bail!(
            "for PostgreSQL use its own tools: pg_dump --format=custom --file={out} DATABASE (and pg_restore to restore)"
        );
    }
    if std::path::Path::new(out).exists() {
        bail!("{out} exists already; choose another file");
    }
    let progress = Progress::spinner(format!("backup: writing a consistent copy to {out}"));
    crate::platform::db::backup::vacuum_into(&db.pool, out).await?;
    progress.finish();
    let size = std::fs::metadata(out)?.len();
    println!("backup written to {out} ({size} bytes)");
    // The key stays apart from the copies: a copy that carried it could be re-sealed.
    println!(
        "the audit key ({}) is not in the backup: keep a copy of it apart from the backups",
        db.seal.describe()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(
    database: &str,
    from: &str,
    force: bool,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<ExitCode> {
    if !database.starts_with("sqlite:") {
        bail!("for PostgreSQL use pg_restore --clean --dbname=DATABASE {from}");
    }
    let target = sqlite_file(database)?;
    if std::path::Path::new(&target).exists() && !force {
        bail!("{target} exists; stop zhili and pass --force to replace it");
    }
    if let Some(dir) = std::path::Path::new(&target).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    // Check a copy before anything is replaced: integrity and an unbroken audit chain. The
    // backup itself is left untouched; the checked copy is renamed into place.
    let staging = format!("{target}.restoring");
    let progress = Progress::steps(3, format!("restore: copying {from}"));
    std::fs::copy(from, &staging).with_context(|| format!("cannot read the backup {from}"))?;
    // The copy is checked with this installation's key (beside the target), if it is here.
    let copy = Db::open(&format!("sqlite://{staging}"), capabilities)
        .await
        .with_context(|| format!("cannot open the backup {from}"))?;
    progress.inc(1);
    progress.stage("restore: SQLite's integrity check");
    let check = crate::platform::db::backup::integrity_check(&copy.pool).await?;
    progress.inc(1);
    progress.stage("restore: verifying the audit chain");
    let verdict = crate::platform::audit::verify(&copy).await?;
    crate::platform::db::backup::checkpoint(&copy.pool).await?;
    copy.pool.close().await;
    progress.finish();
    if check != "ok" || verdict.broken.is_some() {
        let _ = std::fs::remove_file(&staging);
        match verdict.broken {
            Some((seq, why)) => bail!("the backup's audit chain is broken at row {seq}: {why}"),
            None => bail!("the backup fails SQLite's integrity check: {check}"),
        }
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{target}{suffix}"));
        let _ = std::fs::remove_file(format!("{staging}{suffix}"));
    }
    std::fs::rename(&staging, &target)?;
    println!("restored {from} to {target}: {} audit rows verified", verdict.rows);
    if !verdict.sealed {
        println!(
            "the seals were not checked: no audit key at {}; put the installation's key there before serving",
            copy.seal.describe()
        );
    }
    Ok(ExitCode::SUCCESS)
}

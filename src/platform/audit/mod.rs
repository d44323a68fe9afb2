//! The audit chain: every write appends a row whose hash covers the row and the previous hash,
//! sealed with a key kept outside the database ([`crate::platform::audit::seal`]).

pub mod objects;
pub mod reads;
pub mod seal;
pub mod store;

pub use store::recent_by_actor;

/// The actions the platform writes to the audit chain; each capability lists its own.
pub const PLATFORM_ACTIONS: &[&str] = &[
    "unit.create",
    "unit.update",
    "unit.move",
    "user.create",
    "user.disable",
    "user.enable",
    "user.passwd",
    "auth.login",
    "auth.login_failed",
    "auth.logout",
    "token.create",
    "token.revoke",
    "calendar.set",
    "demo.load",
    "users.list",
    "users.export",
];

use crate::platform::db::Db;

use crate::platform::db::Tx;
use sha2::{Digest, Sha256};

/// One entry to append: who did what to which object, and what changed.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The acting user, or `None` for the command line and the system itself.
    pub actor_id: Option<i64>,
    /// The actor's username (or `system`), kept so the row reads alone.
    pub actor_name: &'a str,
    /// What was done, `unit.create`, `user.passwd`, `auth.login` …
    pub action: &'a str,
    /// The object, `unit:17`, `user:3`.
    pub object: String,
    /// What changed, as JSON (never a password or a secret).
    pub detail: serde_json::Value,
}

/// A row of the chain as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    /// Position in the chain, from 1 without gaps.
    pub seq: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The acting user.
    pub actor_id: Option<i64>,
    /// The actor's username.
    pub actor_name: String,
    /// What was done.
    pub action: String,
    /// The object.
    pub object: String,
    /// What changed, JSON.
    pub detail: String,
    /// SHA-256 of `detail`.
    pub digest: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
    /// The hash signed with the key outside the database.
    pub seal: String,
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex::encode(Sha256::digest(bytes.as_ref()))
}

fn row_hash(row: &Row) -> String {
    let actor = row.actor_id.map(|id| id.to_string()).unwrap_or_default();
    sha256_hex(format!(
        "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        row.seq, row.at, actor, row.actor_name, row.action, row.object, row.digest, row.prev_hash
    ))
}

/// Appends an entry inside the caller's transaction, so the entry lands if and only if the
/// change does. Taking the head row's lock first makes concurrent appenders queue up.
pub async fn append(tx: &mut Tx, entry: Entry<'_>) -> sqlx::Result<i64> {
    append_many(tx, vec![entry]).await
}

/// Appends several entries with one move of the head: the chain is the same as appending them
/// one by one, at a fraction of the statements (intake writes a batch of reports this way).
/// Returns the last sequence number.
pub async fn append_many(tx: &mut Tx, entries: Vec<Entry<'_>>) -> sqlx::Result<i64> {
    if entries.is_empty() {
        return Ok(0);
    }
    let n = entries.len() as i64;
    let (last, mut prev_hash, sealed_from) = store::advance_head(tx, n).await?;
    let at = tx.now();
    let mut rows = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let detail = entry.detail.to_string();
        let mut row = Row {
            seq: last - n + 1 + i as i64,
            at: at.clone(),
            actor_id: entry.actor_id,
            actor_name: entry.actor_name.to_string(),
            action: entry.action.to_string(),
            object: entry.object,
            digest: sha256_hex(&detail),
            detail,
            prev_hash: prev_hash.clone(),
            hash: String::new(),
            seal: String::new(),
        };
        row.hash = row_hash(&row);
        row.seal = tx.seal().row(&row.hash);
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    store::insert_rows(tx, &rows).await?;
    let head_seal = tx.seal().head(last, &prev_hash, sealed_from);
    store::set_head(tx, &prev_hash, &head_seal).await?;
    Ok(last)
}

/// Makes sure the chain is sealed with a key at hand, on every writer's start. A chain not yet
/// sealed (a fresh database, or one from before the seal) is sealed from its current head, with a
/// new key file if there is none; a sealed chain without its key refuses, since rows sealed with
/// another key would break it.
pub async fn seal_chain(db: &mut Db) -> anyhow::Result<()> {
    let head = store::head(&db.pool).await?;
    if !head.seal.is_empty() {
        anyhow::ensure!(
            db.seal.is_keyed(),
            "the audit chain is sealed with a key that is not here: restore {} or set ZHILI_AUDIT_KEY",
            db.seal.describe()
        );
        if db.seal.head(head.seq, &head.hash, head.sealed_from) != head.seal {
            tracing::error!(key = %db.seal.describe(), "the audit chain's head does not match this key: another key, or a cut chain; run `zhili audit verify`");
        }
        return Ok(());
    }
    if !db.seal.is_keyed() {
        let mut seal = (*db.seal).clone();
        seal.create()?;
        db.seal = std::sync::Arc::new(seal);
    }
    // Several servers may start at once: the head's row lock lets one seal it.
    let mut tx = db.begin().await?;
    if let Some((seq, hash)) = store::lock_unsealed_head(&mut tx).await? {
        let seal = tx.seal().head(seq, &hash, seq);
        store::seal_head(&mut tx, seq, &seal).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What a walk along the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Rows read.
    pub rows: i64,
    /// The first row that breaks the chain and why, or `None` when the chain is whole.
    pub broken: Option<(i64, String)>,
    /// Whether the seals were checked too (the key was at hand); without them a cut tail and a
    /// rewritten head cannot be told from a whole chain.
    pub sealed: bool,
}

/// Walks the whole chain in order and checks every link, every digest and the head, and, with the
/// key at hand, every seal after the chain was first sealed and the head's.
pub async fn verify(db: &Db) -> sqlx::Result<Verdict> {
    const PAGE: i64 = 5_000;
    let store::Head { seq: head_seq, hash: head_hash, seal: head_seal, sealed_from } =
        store::head(&db.pool).await?;
    let keyed = db.seal.is_keyed();
    let verdict =
        |rows: i64, broken: Option<(i64, String)>| Ok(Verdict { rows, broken, sealed: keyed });
    let mut expected_seq = 1;
    let mut prev_hash = "0".repeat(64);
    loop {
        let rows = store::rows_from(&db.pool, expected_seq, PAGE).await?;
        let count = rows.len() as i64;
        for row in rows {
            let broken = |why: &str| verdict(row.seq - 1, Some((row.seq, why.to_string())));
            if row.seq != expected_seq {
                return verdict(
                    expected_seq - 1,
                    Some((expected_seq, format!("row missing (next row present is {})", row.seq))),
                );
            }
            if row.prev_hash != prev_hash {
                return broken("does not link to the row before it");
            }
            if sha256_hex(&row.detail) != row.digest {
                return broken("its detail does not match its digest");
            }
            if row_hash(&row) != row.hash {
                return broken("its content does not match its hash");
            }
            if keyed && row.seq > sealed_from && db.seal.row(&row.hash) != row.seal {
                return broken("its seal does not match: rewritten, or sealed with another key");
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
        if count < PAGE {
            break;
        }
    }
    let rows = expected_seq - 1;
    if head_seq != rows || head_hash != prev_hash {
        return verdict(
            rows,
            Some((
                rows + 1,
                format!("the chain ends at row {rows} but its head names row {head_seq}"),
            )),
        );
    }
    if keyed && db.seal.head(head_seq, &head_hash, sealed_from) != head_seal {
        let why = format!(
            "the head's seal does not match: rows after {rows} were cut, the head was rewritten, or the key is another"
        );
        return verdict(rows, Some((rows + 1, why)));
    }
    verdict(rows, None)
}

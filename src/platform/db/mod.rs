//! Storage on SQLite or PostgreSQL through sqlx's Any driver: one SQL text for both where the
//! dialects agree, a branch on [`Backend`] where they do not.

pub mod backup;
pub mod bulk;
pub mod epoch;
pub mod jobs;
pub mod mapped;
pub mod unique;

use crate::platform::capability::Capabilities;

use crate::platform::time::Clock;
use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

/// A write transaction on either backend, carrying the audit chain's seal so that every entry
/// appended inside it is sealed. It derefs to the connection, so `&mut **tx` executes on it.
pub struct Tx {
    inner: Inner,
    seal: std::sync::Arc<crate::platform::audit::seal::Seal>,
    vault: std::sync::Arc<crate::platform::vault::Vault>,
    clock: Clock,
}

impl Tx {
    /// The data key, for stores that seal what they write.
    pub fn vault(&self) -> &crate::platform::vault::Vault {
        &self.vault
    }

    /// Commits the transaction.
    pub async fn commit(self) -> sqlx::Result<()> {
        match self.inner {
            Inner::Pooled(tx) => tx.commit().await,
            Inner::Bulk(mut conn) => conn.execute("COMMIT").await.map(|_| ()),
        }
    }

    /// Rolls the transaction back.
    pub async fn rollback(self) -> sqlx::Result<()> {
        match self.inner {
            Inner::Pooled(tx) => tx.rollback().await,
            Inner::Bulk(mut conn) => conn.execute("ROLLBACK").await.map(|_| ()),
        }
    }

    /// The audit chain's seal.
    pub fn seal(&self) -> &crate::platform::audit::seal::Seal {
        &self.seal
    }

    /// Now as stored, by the database's clock: what a row written in this transaction is dated.
    pub fn now(&self) -> String {
        self.clock.stamp()
    }
}

/// A transaction of the pool's, or a bulk one on a connection of its own ([`Db::begin_bulk`]).
enum Inner {
    Pooled(sqlx::Transaction<'static, sqlx::Any>),
    /// Begun by hand and closed when dropped, so its pragmas never reach another caller; a
    /// connection closed before its `COMMIT` is rolled back by SQLite.
    Bulk(sqlx::pool::PoolConnection<sqlx::Any>),
}

impl std::ops::Deref for Tx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        match &self.inner {
            Inner::Pooled(tx) => tx,
            Inner::Bulk(conn) => conn,
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        match &mut self.inner {
            Inner::Pooled(tx) => tx,
            Inner::Bulk(conn) => conn,
        }
    }
}

/// The page cache of a bulk transaction's connection, in MiB.
pub const BULK_CACHE_MIB: i64 = 32;

/// Rows of a statement inserting many rows at once: at most this many, so its values stay well
/// under both backends' limits on bound values.
pub const ROWS_PER_INSERT: usize = 100;

/// The placeholders of a many-row insert: `($1, $2), ($3, $4)` on PostgreSQL, anonymous
/// `(?, ?), (?, ?)` on SQLite, whose driver looks every numbered placeholder up by name, a cost
/// that grows with the square of a statement's values (a tenth of intake's time, measured).
pub fn row_marks(tx: &Tx, rows: usize, width: usize) -> String {
    let numbered = tx.backend_name() == "PostgreSQL";
    let row = |r: usize| {
        let marks: Vec<String> = (1..=width)
            .map(|c| if numbered { format!("${}", r * width + c) } else { "?".into() })
            .collect();
        format!("({})", marks.join(", "))
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// The names of the rows of `ids` that exist, by a query of `SELECT id, name FROM … WHERE id IN`
/// written by the store that owns the table (`select` ends before `WHERE`). At most 500 ids.
pub async fn names_by_id(
    db: &Db,
    select: &'static str,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, String)>> {
    let ids = &ids[..ids.len().min(500)];
    if ids.is_empty() {
        // `IN ()` is an error on PostgreSQL.
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{select} WHERE id IN ({})", marks.join(", "));
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&db.pool).await
}

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One file, WAL, for a single server.
    Sqlite,
    /// For several servers and large zones.
    Postgres,
}

/// The database: a pool and which backend it is.
#[derive(Clone, Debug)]
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// The backend behind it.
    pub backend: Backend,
    /// Changes to what this process keeps in memory, as it knows them.
    pub epoch: std::sync::Arc<crate::platform::db::epoch::CacheEpoch>,
    /// The grids' outlines for finding a point's grid, kept while the epoch holds.
    pub grids: std::sync::Arc<
        crate::platform::db::epoch::Kept<crate::platform::hierarchy::grid_index::GridIndex>,
    >,
    /// The audit chain's seal (its key lives outside the database).
    pub seal: std::sync::Arc<crate::platform::audit::seal::Seal>,
    /// The data key sealing personal data (its key lives outside the database).
    pub vault: std::sync::Arc<crate::platform::vault::Vault>,
    /// Where "now" comes from for everything done on this database.
    pub clock: Clock,
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating an SQLite file and its folder
    /// if missing, applies the embedded migrations, and makes sure the audit chain is sealed with a
    /// key at hand (making one for a chain not yet sealed): what every writer opens.
    pub async fn connect(url: &str, capabilities: Capabilities) -> anyhow::Result<Db> {
        let mut db = Db::open(url, capabilities).await?;
        crate::platform::audit::seal_chain(&mut db).await?;
        crate::platform::vault::ready(&mut db).await?;
        for c in capabilities {
            (c.upgrade)(&db).await?;
        }
        Ok(db)
    }

    /// The same without the seal's key check, for commands that only read the chain (`audit
    /// verify`, `backup`): they must work where the key is not kept.
    pub async fn open(url: &str, capabilities: Capabilities) -> anyhow::Result<Db> {
        let seal = crate::platform::audit::seal::Seal::find(url)?;
        let vault = crate::platform::vault::Vault::find(url)?;
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL (use sqlite://FILE or postgres://…): {url}");
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match backend {
            // Pragmas are per connection. WAL lets readers run beside the one writer; FULL makes
            // every commit durable when it is acknowledged (group commit pays for it); the busy
            // timeout makes a second writer wait instead of failing.
            Backend::Sqlite => {
                // Each SQLite connection works on a thread of its own; on a small server more
                // connections mean more thread switches, not more throughput (measured: 8 → 4
                // raised intake by an eighth).
                options
                    .max_connections(4)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            Backend::Postgres => options.max_connections(16).connect(&url).await,
        }
        .with_context(|| format!("cannot open the database at {}", redact(&url)))?;
        let migrator =
            crate::platform::capability::migrator(backend == Backend::Postgres, capabilities);
        migrator.run(&pool).await.context("cannot apply the database migrations")?;
        Ok(Db {
            pool,
            backend,
            epoch: Default::default(),
            grids: Default::default(),
            seal: std::sync::Arc::new(seal),
            vault: std::sync::Arc::new(vault),
            clock: Clock::system(),
        })
    }

    /// The same database read with another clock (a test's fixed instant).
    pub fn with_clock(self, clock: Clock) -> Db {
        Db { clock, ..self }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE):
    /// a deferred transaction that read first could not upgrade once another writer committed.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        let inner = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(self.tx(Inner::Pooled(inner)))
    }

    /// Starts a write transaction for many rows (an import). On SQLite it runs on a connection
    /// taken out of the pool and closed at its end, with a page cache of [`BULK_CACHE_MIB`] (a
    /// long import touches index pages all over; the default 2 MiB rereads them) and statement
    /// journals in memory: a statement of a hundred rows keeps a journal of every page it changes,
    /// to undo only itself, and past 64 KiB that journal is a temporary file, to which the demo's
    /// people wrote 1.2 million pages (measured). `temp_store` would also hold large sorts in
    /// memory, which is why no connection of the pool ever has it.
    pub async fn begin_bulk(&self) -> sqlx::Result<Tx> {
        if self.backend == Backend::Postgres {
            return self.begin().await;
        }
        let mut conn = self.pool.acquire().await?;
        conn.close_on_drop();
        conn.execute(sqlx::AssertSqlSafe(format!(
            "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{}; BEGIN IMMEDIATE",
            BULK_CACHE_MIB * 1024
        )))
        .await?;
        Ok(self.tx(Inner::Bulk(conn)))
    }

    fn tx(&self, inner: Inner) -> Tx {
        Tx { inner, seal: self.seal.clone(), vault: self.vault.clone(), clock: self.clock }
    }

    /// Whether the database answers at all (the health check).
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    /// Whether the database holds no units yet (a fresh install).
    pub async fn is_empty(&self) -> sqlx::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }
}

/// Makes sure an SQLite URL creates its file, and the file's folder exists.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (file, query) = rest.split_once('?').unwrap_or((rest, ""));
    if file != ":memory:"
        && let Some(dir) = Path::new(file).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{file}?{query}"))
}

/// The URL with any password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A time as stored (the format is the time module's; "now" is the database's clock's).
pub use crate::platform::time::stamp;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://zhili:secret@db:5432/zhili"),
            "postgres://zhili:***@db:5432/zhili"
        );
        assert_eq!(redact("postgres://db/zhili"), "postgres://db/zhili");
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        let url = sqlite_url("sqlite://target/test-data/x.db").unwrap();
        assert_eq!(url, "sqlite://target/test-data/x.db?mode=rwc");
    }
}

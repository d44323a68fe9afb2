//! One long read with the SQLite file memory-mapped for its length. A read of thousands of
//! scattered pages through the 2 MiB page cache costs a system call and a copy per page: the
//! promotion summary of `zhili bench projects` (4,000 deals, their gates and arrivals) took
//! 89 ms so and 29 ms mapped. Mapped pages count in a process's resident memory, so the map is
//! opened for the read and closed after it rather than kept on every connection: kept on the
//! pool, it raised the registry's peak by 11 MiB (`zhili bench registry`, 200 to 211 MiB).

use crate::platform::db::{Backend, Db};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Executor};

/// The most of the file mapped.
const MAP_BYTES: i64 = 256 * 1024 * 1024;

/// A pooled connection with the file mapped (on SQLite; on PostgreSQL, a pooled connection).
pub struct Mapped {
    conn: PoolConnection<Any>,
    /// Whether the map is open (SQLite, and not yet closed).
    open: bool,
}

impl Mapped {
    /// Takes a connection and maps the file on it.
    pub async fn open(db: &Db) -> sqlx::Result<Mapped> {
        let mut conn = db.pool.acquire().await?;
        let open = db.backend == Backend::Sqlite;
        if open {
            conn.execute(sqlx::AssertSqlSafe(format!("PRAGMA mmap_size = {MAP_BYTES}"))).await?;
        }
        Ok(Mapped { conn, open })
    }

    /// The connection to read on.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }

    /// Closes the map and gives the connection back to the pool.
    pub async fn close(mut self) -> sqlx::Result<()> {
        if self.open {
            self.conn.execute("PRAGMA mmap_size = 0").await?;
            self.open = false;
        }
        Ok(())
    }
}

impl Drop for Mapped {
    /// A read abandoned before [`Mapped::close`] (a failure, a request cancelled) closes its
    /// connection rather than give the pool one still mapped.
    fn drop(&mut self) {
        if self.open {
            self.conn.close_on_drop();
        }
    }
}

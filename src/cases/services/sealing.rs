//! Parties an earlier release stored with their ID numbers and phones in the clear are sealed
//! when a database is opened for writing, in batches, each in its own transaction (a killed run
//! leaves rows either plain or sealed, and the next opening goes on). An SQLite file is then
//! rewritten whole, so that no free page keeps the old values.

use crate::platform::db::{Backend, Db};

/// Parties sealed a transaction.
const BATCH: i64 = 1000;

/// Seals every plainly stored party; how many there were.
pub async fn seal_parties(db: &Db) -> anyhow::Result<()> {
    let mut sealed = 0;
    loop {
        let mut tx = db.begin().await?;
        let rows = crate::cases::store::parties::plain(&mut tx, BATCH).await?;
        if rows.is_empty() {
            tx.rollback().await?;
            break;
        }
        for (id, number, phone) in &rows {
            crate::cases::store::parties::seal_plain(&mut tx, *id, number.as_deref(), phone)
                .await?;
        }
        tx.commit().await?;
        sealed += rows.len();
    }
    if sealed > 0 {
        tracing::info!(
            parties = sealed,
            "sealed the ID numbers and phones of parties stored plainly"
        );
        if db.backend == Backend::Sqlite {
            crate::platform::db::backup::vacuum(&db.pool).await?;
        }
    }
    Ok(())
}

//! A large load into an empty SQLite table, its secondary indexes set aside and built again at
//! the end: SQLite keeps an index row by row at random places of its B-tree, and builds one
//! from the whole table by sorting in a fraction of that (a million people imported at 24,905
//! rows/s with their indexes kept, 36,979 built last; `zhili bench registry`). All of it happens inside the load's transaction, so a load killed
//! half-way, or one that fails, leaves the table and its indexes as they were, and readers see
//! the indexes throughout. Unique indexes stay: the load checks against them as it goes.

use crate::platform::db::Tx;

/// The indexes set aside, by name with the statement that made them.
#[derive(Debug, Default)]
pub struct SetAside(Vec<(String, String)>);

/// Sets aside `table`'s secondary indexes if it is empty (on SQLite; nothing on PostgreSQL, or
/// on a table with rows, where building them again would cost more than keeping them).
pub async fn set_aside(tx: &mut Tx, table: &'static str) -> sqlx::Result<SetAside> {
    if tx.backend_name() == "PostgreSQL" {
        return Ok(SetAside::default());
    }
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
    let has_rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut **tx).await?;
    if has_rows != 0 {
        return Ok(SetAside::default());
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 \
         AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\"")))
            .execute(&mut **tx)
            .await?;
    }
    Ok(SetAside(indexes))
}

/// Builds the set-aside indexes again, each as its migration made it and in the order they were
/// made (without statistics, SQLite's planner breaks ties between indexes by that order: built
/// by name, a search by name took the grid's index and 200 ms at a million, measured).
pub async fn restore(tx: &mut Tx, aside: SetAside) -> sqlx::Result<()> {
    if aside.0.is_empty() {
        return Ok(());
    }
    // A bulk transaction keeps its temporary storage in memory (Db::begin_bulk), where SQLite
    // would sort a whole index; on files it sorts in runs of the page cache's size, which a
    // smaller cache keeps small (measured at a million people: the run's peak 236 MiB with
    // the import's 32 MiB, 200 MiB with 8 MiB).
    for pragma in ["PRAGMA temp_store = DEFAULT", "PRAGMA cache_size = -8192"] {
        // SQLite refuses to change temporary storage in a transaction that has opened its
        // temporary database (none of zhili's do): the indexes are then sorted in memory, which
        // costs memory, not the load.
        if let Err(e) = sqlx::query(pragma).execute(&mut **tx).await {
            tracing::warn!(pragma, error = %e, "a bulk load's indexes are sorted as they are");
        }
    }
    for (_, sql) in aside.0 {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
    }
    Ok(())
}

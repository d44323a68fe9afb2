//! The SQLite statements behind `zhili backup` and `zhili restore`: a consistent copy of a live
//! database, and the checks a copy passes before it replaces anything.

use sqlx::AnyPool;

/// Writes a consistent copy to `out` from one read transaction while writers go on.
pub async fn vacuum_into(pool: &AnyPool, out: &str) -> sqlx::Result<()> {
    // VACUUM INTO takes no bound parameter; the file name is quoted as an SQL string.
    sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{}'", out.replace('\'', "''"))))
        .execute(pool)
        .await?;
    Ok(())
}

/// SQLite's own check of every page and index: `ok`, or what is wrong.
pub async fn integrity_check(pool: &AnyPool) -> sqlx::Result<String> {
    sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await
}

/// Folds the write-ahead log into the file, so the file alone is the whole database.
pub async fn checkpoint(pool: &AnyPool) -> sqlx::Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    Ok(())
}

/// Rewrites an SQLite file whole, so that nothing of rows changed since lingers in free pages
/// (after values an earlier release stored plainly were sealed).
pub async fn vacuum(pool: &AnyPool) -> sqlx::Result<()> {
    sqlx::query("VACUUM").execute(pool).await?;
    checkpoint(pool).await
}

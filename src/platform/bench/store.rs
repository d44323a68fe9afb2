//! The bare server's table: the baseline that intake is measured against stores each body as
//! it came, with no checks.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Makes the bare table if missing.
pub async fn create_bare(pool: &AnyPool) -> sqlx::Result<()> {
    sqlx::query("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(pool)
        .await?;
    Ok(())
}

/// Stores one body.
pub async fn insert_bare(tx: &mut Tx, body: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO bare (body) VALUES ($1)").bind(body).execute(&mut **tx).await?;
    Ok(())
}

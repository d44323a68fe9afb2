//! The vault's checks: one sealed value per key version.

use sqlx::AnyPool;

/// The sealed check of every version written, oldest first.
pub async fn checks(pool: &AnyPool) -> sqlx::Result<Vec<(i64, Vec<u8>)>> {
    sqlx::query_as("SELECT version, sealed FROM vault_checks ORDER BY version")
        .fetch_all(pool)
        .await
}

/// Records the check of a version, unless another server recorded it first.
pub async fn add_check(pool: &AnyPool, version: i64, sealed: &[u8]) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO vault_checks (version, sealed) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(version)
    .bind(sealed)
    .execute(pool)
    .await?;
    Ok(())
}

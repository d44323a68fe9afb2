//! A catalogue version's number, as the catalogue page shows it beside the categories in force.

use sqlx::AnyPool;

/// The number (1, 2, …) of the version with this id.
pub async fn number(pool: &AnyPool, version_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT version FROM catalogue_versions WHERE id = $1")
        .bind(version_id)
        .fetch_one(pool)
        .await
}

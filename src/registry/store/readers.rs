//! The `registry_readers` table: who reads the special populations.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Who reads the special populations, as `registry_readers` says: (id, kind or `*`, grid role,
/// department kind) of every row.
pub async fn readers(
    pool: &AnyPool,
) -> sqlx::Result<Vec<(i64, String, Option<String>, Option<String>)>> {
    sqlx::query_as("SELECT id, kind, grid_role, department_kind FROM registry_readers ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Adds a reader: grid staff of a grid role, or the staff of a department of a kind.
pub async fn add_reader(
    tx: &mut Tx,
    kind: &str,
    grid_role: Option<&str>,
    department_kind: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO registry_readers (kind, grid_role, department_kind) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(kind)
    .bind(grid_role)
    .bind(department_kind)
    .fetch_one(&mut **tx)
    .await
}

/// Removes a reader; whether there was one.
pub async fn remove_reader(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM registry_readers WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

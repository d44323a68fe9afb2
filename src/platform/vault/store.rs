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

/// (id, sealed value) of every row of a table whose column holds one. The table and column
/// come from the capabilities' own descriptions, never from input.
pub async fn sealed_values(
    tx: &mut crate::platform::db::Tx,
    table: &str,
    column: &str,
) -> sqlx::Result<Vec<(i64, Vec<u8>)>> {
    let sql = format!("SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY id");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut **tx).await
}

/// Writes a row's value sealed again, and its blind index made again.
pub async fn reseal(
    tx: &mut crate::platform::db::Tx,
    table: &str,
    column: &str,
    id: i64,
    sealed: &[u8],
    index: Option<(&str, Vec<u8>)>,
) -> sqlx::Result<()> {
    match index {
        Some((index_column, index)) => {
            let sql =
                format!("UPDATE {table} SET {column} = $1, {index_column} = $2 WHERE id = $3");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(sealed)
                .bind(index)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        None => {
            let sql = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(sealed).bind(id).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Records the check of a version inside a transaction.
pub async fn add_check_in(
    tx: &mut crate::platform::db::Tx,
    version: i64,
    sealed: &[u8],
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO vault_checks (version, sealed) VALUES ($1, $2)")
        .bind(version)
        .bind(sealed)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

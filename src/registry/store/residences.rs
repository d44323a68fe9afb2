//! The `residences` table: where a person lived, grid by grid.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// One stay in one grid.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ResidenceRow {
    /// The grid.
    pub unit_id: i64,
    /// The address there.
    pub address: String,
    /// From (a stored time).
    pub moved_in: String,
    /// Until, or still there.
    pub moved_out: Option<String>,
}

/// Opens the stays of new people (person, grid, address), at the transaction's time.
pub async fn open_many(tx: &mut Tx, stays: &[(i64, i64, String)]) -> sqlx::Result<()> {
    let now = tx.now();
    for chunk in stays.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO residences (person_id, unit_id, address, moved_in) VALUES {}",
            crate::platform::db::row_marks(tx, chunk.len(), 4)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (person, unit, address) in chunk {
            q = q.bind(*person).bind(*unit).bind(address).bind(&now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Closes a person's open stay.
pub async fn close(tx: &mut Tx, person_id: i64) -> sqlx::Result<()> {
    let now = tx.now();
    sqlx::query("UPDATE residences SET moved_out = $1 WHERE person_id = $2 AND moved_out IS NULL")
        .bind(now)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A person's stays, the latest first.
pub async fn of(pool: &AnyPool, person_id: i64) -> sqlx::Result<Vec<ResidenceRow>> {
    sqlx::query_as(
        "SELECT unit_id, address, moved_in, moved_out FROM residences WHERE person_id = $1 \
         ORDER BY id DESC LIMIT 100",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await
}

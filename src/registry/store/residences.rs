//! The `residences` table: the stays a person has ended, grid by grid. The stay going on is the
//! person's own row (its grid, address and `since`), so bringing people in writes no history.

use crate::platform::db::Tx;
use crate::registry::store::people::PersonRow;
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

/// Records the stay a person ends now, as their row stands before the move.
pub async fn past(tx: &mut Tx, person: &PersonRow) -> sqlx::Result<()> {
    let now = tx.now();
    sqlx::query(
        "INSERT INTO residences (person_id, unit_id, address, moved_in, moved_out) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(person.id)
    .bind(person.unit_id)
    .bind(&person.address)
    .bind(&person.since)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A person's ended stays, the latest first.
pub async fn of(pool: &AnyPool, person_id: i64) -> sqlx::Result<Vec<ResidenceRow>> {
    sqlx::query_as(
        "SELECT unit_id, address, moved_in, moved_out FROM residences WHERE person_id = $1 \
         ORDER BY id DESC LIMIT 100",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await
}

//! The `households` table.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A household as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HouseholdRow {
    /// Id.
    pub id: i64,
    /// 户号.
    pub number: String,
    /// Its grid.
    pub unit_id: i64,
    /// The grid's path.
    pub unit_path: String,
    /// Its address.
    pub address: String,
}

const COLUMNS: &str = "id, number, unit_id, unit_path, address";

/// The households of these numbers that exist.
pub async fn by_numbers(tx: &mut Tx, numbers: &[String]) -> sqlx::Result<Vec<HouseholdRow>> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=numbers.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {COLUMNS} FROM households WHERE number IN ({})", marks.join(", "));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for n in numbers {
        q = q.bind(n);
    }
    q.fetch_all(&mut **tx).await
}

/// Writes new households (number, grid, the grid's path, address), many to a statement; the
/// number and id of each.
pub async fn insert_many(
    tx: &mut Tx,
    households: &[(String, i64, String, String)],
) -> sqlx::Result<Vec<(String, i64)>> {
    let now = tx.now();
    let mut out = Vec::with_capacity(households.len());
    for chunk in households.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO households (number, unit_id, unit_path, address, created_at, updated_at) \
             VALUES {} RETURNING number, id",
            crate::platform::db::row_marks(tx, chunk.len(), 6)
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for (number, unit, path, address) in chunk {
            q = q.bind(number).bind(*unit).bind(path).bind(address).bind(&now).bind(&now);
        }
        out.extend(q.fetch_all(&mut **tx).await?);
    }
    Ok(out)
}

/// A household by id.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<HouseholdRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM households WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A page of a subtree's households with their member counts, and how many there are.
pub async fn list(
    pool: &AnyPool,
    range: &(String, String),
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<(HouseholdRow, i64)>, i64)> {
    let rows: Vec<(i64, String, i64, String, String, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT h.id, h.number, h.unit_id, h.unit_path, h.address, \
             (SELECT COUNT(*) FROM people p WHERE p.household_id = h.id) \
             FROM households h WHERE h.unit_path >= $1 AND h.unit_path < $2 \
             ORDER BY h.number LIMIT {limit} OFFSET {offset}"
        )))
        .bind(&range.0)
        .bind(&range.1)
        .fetch_all(pool)
        .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM households WHERE unit_path >= $1 AND unit_path < $2",
    )
    .bind(&range.0)
    .bind(&range.1)
    .fetch_one(pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(id, number, unit_id, unit_path, address, n)| {
            (HouseholdRow { id, number, unit_id, unit_path, address }, n)
        })
        .collect();
    Ok((rows, total))
}

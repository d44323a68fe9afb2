//! The queries the scheduled sweeps and the rollup rebuild read cases by.

use crate::cases::domain::case::Case;
use crate::cases::store::cases::{CASE_COLUMNS, CaseRow};
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Open cases whose step ran out before `stamp` and are not yet flagged overdue, soonest first.
pub async fn due_for_reminder(pool: &AnyPool, stamp: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM cases WHERE overdue = 0 AND step_deadline IS NOT NULL AND step_deadline < $1 \
         AND state NOT IN ({}) ORDER BY step_deadline LIMIT 500",
        super::case_list::ended_states_sql()
    )))
    .bind(stamp)
    .fetch_all(pool)
    .await
}

/// Flagged cases still before verification whose step ran out before `stamp`, with that
/// deadline, soonest first.
pub async fn due_for_escalation(pool: &AnyPool, stamp: &str) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, step_deadline FROM cases WHERE overdue = 1 AND step_deadline IS NOT NULL AND step_deadline < $1 \
         AND state IN ('reported', 'registered', 'dispatched', 'handling') ORDER BY step_deadline LIMIT 500",
    )
    .bind(stamp)
    .fetch_all(pool)
    .await
}

/// Empties the rollups, to rebuild them.
pub async fn clear_rollups(tx: &mut Tx) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM case_rollups").execute(&mut **tx).await.map(|_| ())
}

/// The next batch of cases after an id, in id order.
pub async fn cases_after(tx: &mut Tx, after: i64, limit: i64) -> sqlx::Result<Vec<Case>> {
    let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE id > $1 ORDER BY id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    super::typed::read_all(rows)
}

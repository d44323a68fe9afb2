//! Which periods hold cases: where an empty dashboard points instead.

use sqlx::AnyPool;

/// The latest report day with a case in a unit's subtree (its rollups count the whole subtree).
pub async fn latest_day_with_cases(pool: &AnyPool, unit_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT MAX(day) FROM case_rollups WHERE unit_id = $1 AND found > 0")
        .bind(unit_id)
        .fetch_one(pool)
        .await
}

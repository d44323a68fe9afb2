//! Which periods hold cases, for a dashboard or list that would otherwise open empty.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppResult;

/// The latest report day with a case in a unit's subtree, if the actor sees the unit.
pub async fn latest_day_with_cases(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
) -> AppResult<Option<chrono::NaiveDate>> {
    let unit = actor.unit(db, unit_id).await?;
    let day = crate::cases::store::periods::latest_day_with_cases(&db.pool, unit.row().id).await?;
    Ok(day.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

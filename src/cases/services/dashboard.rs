//! The dashboard's figures beside its rates: found and resolved by category, by month, and the
//! counts of each unit just below, all read from the rollups of a unit the actor may see.

use crate::cases::domain::rates::Counts;
use crate::platform::access::actor::ScopedUnit;
use crate::platform::db::Db;
use crate::platform::hierarchy::store::UnitRow;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use chrono::NaiveDate;

/// `(category id, found, resolved)` of the cases reported in the unit's subtree between two days.
pub async fn found_by_category(
    db: &Db,
    unit: &ScopedUnit,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(i64, i64, i64)>> {
    Ok(crate::cases::store::found_by_category(
        &db.pool,
        unit.id(),
        &from.to_string(),
        &to.to_string(),
    )
    .await?)
}

/// `(YYYY-MM, found, resolved)` of the unit's cases in categories starting with `prefix`.
pub async fn found_by_month(
    db: &Db,
    unit: &ScopedUnit,
    from: NaiveDate,
    to: NaiveDate,
    prefix: &str,
) -> AppResult<Vec<(String, i64, i64)>> {
    Ok(crate::cases::store::found_by_month(
        &db.pool,
        unit.id(),
        &from.to_string(),
        &to.to_string(),
        prefix,
    )
    .await?)
}

/// The counts of each of the unit's children (as the hierarchy listed them for the actor), in
/// categories starting with `prefix`; a unit that is not a child of it is refused.
pub async fn counts_by_child(
    db: &Db,
    unit: &ScopedUnit,
    children: &[UnitRow],
    from: NaiveDate,
    to: NaiveDate,
    prefix: &str,
) -> AppResult<Vec<Counts>> {
    let (from, to) = (from.to_string(), to.to_string());
    let mut out = Vec::with_capacity(children.len());
    for child in children {
        if child.parent_id != Some(unit.id()) {
            return Err(AppError::NotFound);
        }
        out.push(
            crate::cases::store::sum_rollups(&db.pool, child.id, &from, &to, Some(prefix)).await?,
        );
    }
    Ok(out)
}

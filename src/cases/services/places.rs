//! The places a page of cases names or draws: the units a case names, the grids of a unit on
//! its map, and the townships and villages the public form offers.

use crate::platform::access::actor::ScopedUnit;
use crate::platform::db::Db;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::service::AppResult;
use std::collections::HashMap;

/// The name of a unit a case the caller sees names (where it happened, who handles it): the
/// handling unit may lie above the caller's subtree, and its name is shown all the same.
pub async fn unit_name(db: &Db, id: i64) -> String {
    crate::platform::hierarchy::store::name_of(&db.pool, id)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| id.to_string())
}

/// The name of the unit handling a case, or nothing if it is gone.
pub async fn handler_name(db: &Db, id: i64) -> AppResult<String> {
    Ok(crate::platform::hierarchy::store::name_of(&db.pool, id).await?.unwrap_or_default())
}

/// The boundaries of the grids inside a unit, by their paths.
pub async fn grid_boundaries(db: &Db, unit: &ScopedUnit) -> AppResult<HashMap<String, Boundary>> {
    let (start, end) = unit.subtree();
    Ok(crate::platform::hierarchy::store::grid_boundaries(&db.pool, &start, &end)
        .await?
        .into_iter()
        .filter_map(|(path, geo)| Boundary::from_stored(&geo).map(|b| (path, b)))
        .collect())
}

/// The townships and streets of the zone served, each with its villages and communities, for
/// the public form.
pub async fn zone_places(db: &Db) -> AppResult<Vec<(String, Vec<(i64, String)>)>> {
    let (zone, _) = crate::cases::services::open311::zone(db).await?;
    let (start, end) = crate::platform::hierarchy::unit::UnitPath::root(zone).subtree_range();
    let townships =
        crate::platform::hierarchy::store::at_level(&db.pool, &start, &end, "township").await?;
    let villages =
        crate::platform::hierarchy::store::at_level(&db.pool, &start, &end, "village").await?;
    Ok(townships
        .into_iter()
        .map(|(_, name, path)| {
            (
                name,
                villages
                    .iter()
                    .filter(|v| v.2.starts_with(&path))
                    .map(|v| (v.0, v.1.clone()))
                    .collect(),
            )
        })
        .collect())
}

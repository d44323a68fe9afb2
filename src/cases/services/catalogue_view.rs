//! The catalogue as its admins read it: the version in force in their zone, with its number,
//! for the catalogue page and its export.

use crate::cases::store::CategoryRow;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;

/// The catalogue in force.
#[derive(Debug, Clone)]
pub struct CatalogueView {
    /// Its version's number (1, 2, …).
    pub version: i64,
    /// Its categories.
    pub categories: Vec<CategoryRow>,
}

/// The zone whose catalogue and calendar an admin keeps: that of their first role. Anyone else
/// is refused.
pub fn admin_zone(actor: &Actor) -> AppResult<i64> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    actor
        .held
        .first()
        .map(|h| crate::cases::services::catalogue::zone_of(&h.path))
        .ok_or(AppError::NotFound)
}

/// The catalogue in force in the admin's zone.
pub async fn current(db: &Db, actor: &Actor) -> AppResult<CatalogueView> {
    let zone = admin_zone(actor)?;
    let (version_id, categories) = crate::cases::services::catalogue::current(db, zone).await?;
    let version = crate::cases::store::catalogue_version::number(&db.pool, version_id).await?;
    Ok(CatalogueView { version, categories })
}

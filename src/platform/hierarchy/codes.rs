//! Units by their division codes: what imports and forms that name a unit by code look up.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::services::top;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult};

/// The grids the actor sees, by code: (id, path). What an import that names grids checks each
/// row's grid against; the system sees every grid.
pub async fn grids_by_code(
    db: &Db,
    actor: &Actor,
) -> AppResult<std::collections::HashMap<String, (i64, UnitPath)>> {
    let ranges: Vec<(String, String)> = if actor.is_system() {
        vec![("/".into(), "0".into())]
    } else {
        top(db, actor).await?.iter().map(|u| u.path().subtree_range()).collect()
    };
    let mut out = std::collections::HashMap::new();
    for (start, end) in ranges {
        for (code, id, path) in
            crate::platform::hierarchy::store::grids_in(&db.pool, &start, &end).await?
        {
            out.insert(code, (id, UnitPath::from_stored(path)));
        }
    }
    Ok(out)
}

/// A unit's division code (the caller has checked the actor sees it).
pub async fn code_of(db: &Db, id: i64) -> AppResult<String> {
    let row =
        crate::platform::hierarchy::store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    Ok(row.code)
}

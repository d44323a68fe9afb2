//! A unit's map: its children's outlines and, under them, the grids of its subtree.

use crate::platform::access::actor::ScopedUnit;
use crate::platform::db::Db;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::hierarchy::unit::{Level, UnitPath};
use crate::platform::service::AppResult;

/// What a unit's map shows: its children's outlines (each opens the child) and, under them,
/// every grid of the subtree tinted by the child it lies in.
#[derive(Debug, Clone, Default)]
pub struct MapLayers {
    /// (id, name, boundary) of the children; a grid's map is its own outline.
    pub outlines: Vec<(i64, String, Boundary)>,
    /// (index of the child it lies in, boundary) of each grid below, when the children are not grids.
    pub grids: Vec<(usize, Boundary)>,
}

/// The layers of a unit's map.
pub async fn map_of(db: &Db, unit: &ScopedUnit) -> AppResult<MapLayers> {
    let rows = crate::platform::hierarchy::store::boundaries_below(&db.pool, unit.id()).await?;
    let mut outlines: Vec<(i64, String, Boundary)> = rows
        .into_iter()
        .filter_map(|(id, name, _level, geo)| Boundary::from_stored(&geo).map(|b| (id, name, b)))
        .collect();
    if outlines.is_empty() {
        if let Some(b) = unit.row().boundary.as_deref().and_then(Boundary::from_stored) {
            outlines.push((unit.id(), unit.row().name.clone(), b));
        }
        return Ok(MapLayers { outlines, grids: Vec::new() });
    }
    let mut grids = Vec::new();
    if unit.level().child() != Some(Level::Grid) {
        let (start, end) = unit.subtree();
        let depth = unit.path().ids().len();
        for (path, geo) in
            crate::platform::hierarchy::store::grid_boundaries(&db.pool, &start, &end).await?
        {
            let child = UnitPath::from_stored(path).ids().get(depth).copied();
            let group = outlines.iter().position(|o| Some(o.0) == child);
            if let (Some(group), Some(b)) = (group, Boundary::from_stored(&geo)) {
                grids.push((group, b));
            }
        }
    }
    Ok(MapLayers { outlines, grids })
}

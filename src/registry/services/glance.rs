//! A unit's registry at a glance: how many people of each kind, how many live apart from their
//! 户籍, how many households, and the same for each unit below it, summed from the grids' kept
//! counts (registry/store/counts.rs).

use crate::platform::access::actor::{Actor, ScopedUnit};
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult, Paging};

/// The counts of one subtree.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counts {
    /// 户籍人口.
    pub resident: i64,
    /// 流动人口.
    pub floating: i64,
    /// 人户分离.
    pub apart: i64,
    /// 房屋.
    pub places: i64,
    /// 设施.
    pub facilities: i64,
    /// 组织.
    pub organisations: i64,
}

impl Counts {
    /// Everyone.
    pub fn people(&self) -> i64 {
        self.resident + self.floating
    }
}

/// A unit's registry at a glance.
pub struct Glance {
    /// The unit.
    pub unit: ScopedUnit,
    /// Its counts.
    pub counts: Counts,
    /// Its households.
    pub households: i64,
    /// Each unit below it (at most 100): id, name, counts.
    pub children: Vec<(i64, String, Counts)>,
    /// The places and facilities with a point, for its map (at most [`POINTS`] of each):
    /// kind, id, (lon, lat), title.
    pub points: Vec<(&'static str, i64, (f64, f64), String)>,
}

/// The most points of a kind a glance's map draws.
pub const POINTS: i64 = 1_500;

async fn counts(db: &Db, range: &(String, String)) -> AppResult<(Counts, i64)> {
    let c = crate::registry::store::counts::sum(&db.pool, range).await?;
    let counts = Counts {
        resident: c.resident,
        floating: c.floating,
        apart: c.apart,
        places: c.places,
        facilities: c.facilities,
        organisations: c.organisations,
    };
    Ok((counts, c.households))
}

/// The glance at a visible unit (the actor's first when none).
pub async fn of(db: &Db, actor: &Actor, unit_id: Option<i64>) -> AppResult<Glance> {
    let unit_id = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit(db, unit_id).await?;
    let range = unit.path().subtree_range();
    let (total, households) = counts(db, &range).await?;
    let page = Paging::parse(Some(1), Some(100))?;
    let mut children = Vec::new();
    for child in
        crate::platform::hierarchy::services::children(db, actor, unit_id, page).await?.items
    {
        let range = UnitPath::from_stored(child.path.clone()).subtree_range();
        children.push((child.id, child.name, counts(db, &range).await?.0));
    }
    let mut points = Vec::new();
    // A village's or grid's map shows its places and facilities; above, they would be dots.
    let near = matches!(
        unit.level(),
        crate::platform::hierarchy::unit::Level::Village
            | crate::platform::hierarchy::unit::Level::Grid
    );
    let kinds =
        [&crate::registry::domain::kinds::PLACES, &crate::registry::domain::kinds::FACILITIES];
    for kind in kinds.into_iter().filter(|_| near) {
        let found = crate::registry::store::records::points(&db.pool, kind, &range, POINTS).await?;
        points.extend(found.into_iter().map(|(id, at, title)| (kind.name, id, at, title)));
    }
    Ok(Glance { unit, counts: total, households, children, points })
}

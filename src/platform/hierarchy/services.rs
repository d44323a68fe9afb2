//! Use-cases on the hierarchy: read it within one's subtrees; administer it.

use crate::platform::access::actor::Actor;

use crate::platform::service::AppError;

use crate::platform::service::AppResult;

use crate::platform::service::Page;

use crate::platform::service::Paging;

use crate::platform::access::actor::ScopedUnit;

use crate::platform::db::Db;
use crate::platform::db::unique::OrTaken;
use crate::platform::geo::Point;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::hierarchy::grid_index::GridAt;
use crate::platform::hierarchy::grid_index::GridIndex;
use crate::platform::hierarchy::store::NewUnit;
pub use crate::platform::hierarchy::store::{DepartmentRow, UnitRow};
use crate::platform::hierarchy::unit::Level;
use crate::platform::hierarchy::unit::UnitCode;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::input::required_text;
use crate::platform::service::check;

pub use crate::platform::hierarchy::codes::{code_of, grids_by_code};
pub use crate::platform::hierarchy::map::{MapLayers, map_of};
use serde_json::json;

/// The longest unit name accepted.
const NAME_MAX: usize = 64;

/// The tops of the actor's subtrees, with counts.
pub async fn top(db: &Db, actor: &Actor) -> AppResult<Vec<ScopedUnit>> {
    let mut out = Vec::new();
    for id in actor.anchors() {
        out.push(actor.unit(db, id).await?);
    }
    Ok(out)
}

/// The units a person may pick in a filter: their own and those below, `depth` levels down,
/// each indented by its level under the first, at most 500.
pub async fn pickable(db: &Db, actor: &Actor, depth: usize) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for top in top(db, actor).await? {
        let (start, end) = top.path().subtree_range();
        let first = top.level() as usize;
        let levels: Vec<&str> =
            Level::ALL.iter().skip(first).take(depth + 1).map(|l| l.as_str()).collect();
        // One read a subtree; division codes nest, so their order puts each unit under its parent.
        for (id, name, level) in
            crate::platform::hierarchy::store::subtree_names(&db.pool, &start, &end, &levels, 500)
                .await?
        {
            let down = level.parse::<Level>().map_or(0, |l| (l as usize).saturating_sub(first));
            if out.len() < 500 {
                out.push((id, format!("{}{name}", "\u{3000}".repeat(down))));
            }
        }
    }
    Ok(out)
}

/// The names of units, for pages that show a unit by its id (a list's column); each id once.
pub async fn names(db: &Db, mut ids: Vec<i64>) -> AppResult<Vec<(i64, String)>> {
    ids.sort_unstable();
    ids.dedup();
    Ok(crate::platform::hierarchy::store::names(db, ids).await?)
}

/// A page of a visible unit's children.
pub async fn children(
    db: &Db,
    actor: &Actor,
    parent_id: i64,
    paging: Paging,
) -> AppResult<Page<UnitRow>> {
    let parent = actor.unit(db, parent_id).await?;
    // The subtree of a visible unit is visible: no per-row check is needed.
    let items = crate::platform::hierarchy::store::children(
        &db.pool,
        parent.id(),
        paging.page_size,
        paging.offset(),
    )
    .await?;
    Ok(Page { items, total: parent.row().children, paging })
}

/// A unit's ancestors (root first, the unit last) for breadcrumbs: names only above the
/// actor's subtree, since those units are not theirs to open.
pub async fn trail(
    db: &Db,
    actor: &Actor,
    unit: &ScopedUnit,
) -> AppResult<Vec<(i64, String, bool)>> {
    let rows = crate::platform::hierarchy::store::ancestors(&db.pool, unit.path().as_str()).await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut path = String::from("/");
    for (id, name, _level) in rows {
        path = format!("{path}{id}/");
        let open = actor.sees(&UnitPath::from_stored(path.clone()));
        out.push((id, name, open));
    }
    Ok(out)
}

/// What a new unit is made of, as the caller sent it.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    /// Parent unit.
    pub parent_id: i64,
    /// Name.
    pub name: String,
    /// Division code.
    pub code: String,
    /// GeoJSON geometry, optional.
    pub boundary: Option<String>,
}

fn parse_boundary(text: Option<&str>) -> Result<Option<Boundary>, FieldError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Boundary::parse(t).map(Some),
    }
}

/// Creates a unit under a parent the actor administers; its level is the parent's child level.
pub async fn create(db: &Db, actor: &Actor, input: UnitInput) -> AppResult<UnitRow> {
    let parent = actor.unit(db, input.parent_id).await.map_err(|e| match e {
        AppError::NotFound => FieldError::new("parent_id", "error.no_such_unit").into(),
        e => e,
    })?;
    if !actor.administers(parent.path()) {
        return Err(AppError::Forbidden);
    }
    let Some(level) = parent.level().child() else {
        return Err(FieldError::new("parent_id", "error.grid_has_no_children").into());
    };
    let mut errors = Vec::new();
    let name = required_text("name", &input.name, NAME_MAX).map_err(|e| errors.push(e)).ok();
    let code = UnitCode::parse(level, &input.code, Some((parent.level(), &parent.row().code)))
        .map_err(|e| errors.push(e))
        .ok();
    let boundary =
        parse_boundary(input.boundary.as_deref()).map_err(|e| errors.push(e)).unwrap_or(None);
    check(errors)?;
    let (name, code) = (name.unwrap_or_default(), code.expect("checked"));
    let mut tx = db.begin().await?;
    // The friendly check; two creating the same code at once are told apart by the insert.
    if crate::platform::hierarchy::store::id_by_code(&mut tx, code.as_str()).await?.is_some() {
        return Err(FieldError::new("code", "error.code_taken").into());
    }
    let geojson = boundary.as_ref().map(Boundary::to_geojson);
    let new = NewUnit {
        parent: Some((parent.id(), parent.path().as_str())),
        level: level.as_str(),
        name: &name,
        code: code.as_str(),
        boundary: geojson.as_deref(),
    };
    let (id, path) = crate::platform::hierarchy::store::insert(&mut tx, &new)
        .await
        .or_taken("code", "error.code_taken")?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit("unit.create", format!("unit:{id}"), json!({"parent_id": parent.id(), "level": level, "name": name, "code": code.as_str(), "path": path, "boundary": boundary.is_some()})),
    )
    .await?;
    let row =
        crate::platform::hierarchy::store::get_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    // A new zone needs its catalogue for reports.
    db.epoch.changed();
    Ok(row)
}

/// Changes to a unit; a field left `None` stays as it is. `boundary: Some("")` removes it.
#[derive(Debug, Clone, Default)]
pub struct UnitPatch {
    /// New name.
    pub name: Option<String>,
    /// New code.
    pub code: Option<String>,
    /// New boundary (GeoJSON), or empty to remove it.
    pub boundary: Option<String>,
}

/// Renames, re-codes or re-draws a unit the actor administers.
pub async fn update(db: &Db, actor: &Actor, id: i64, patch: UnitPatch) -> AppResult<UnitRow> {
    let unit = actor.unit(db, id).await?;
    if !actor.administers(unit.path()) {
        return Err(AppError::Forbidden);
    }
    let row = unit.row();
    let parent = match row.parent_id {
        Some(pid) => crate::platform::hierarchy::store::get(&db.pool, pid)
            .await?
            .map(|p| (p.level.parse::<Level>().unwrap_or(Level::Zone), p.code)),
        None => None,
    };
    let mut errors = Vec::new();
    let name = match &patch.name {
        Some(n) => required_text("name", n, NAME_MAX).map_err(|e| errors.push(e)).ok(),
        None => Some(row.name.clone()),
    };
    let code = match &patch.code {
        Some(c) => UnitCode::parse(unit.level(), c, parent.as_ref().map(|(l, c)| (*l, c.as_str())))
            .map_err(|e| errors.push(e))
            .ok()
            .map(|c| c.as_str().to_string()),
        None => Some(row.code.clone()),
    };
    let boundary = match &patch.boundary {
        Some(b) => parse_boundary(Some(b))
            .map_err(|e| errors.push(e))
            .ok()
            .map(|b| b.map(|b| b.to_geojson())),
        None => Some(row.boundary.clone()),
    };
    check(errors)?;
    let (name, code, boundary) =
        (name.expect("checked"), code.expect("checked"), boundary.expect("checked"));
    let mut tx = db.begin().await?;
    if code != row.code
        && crate::platform::hierarchy::store::id_by_code(&mut tx, &code).await?.is_some()
    {
        return Err(FieldError::new("code", "error.code_taken").into());
    }
    crate::platform::hierarchy::store::update(&mut tx, id, &name, &code, boundary.as_deref())
        .await
        .or_taken("code", "error.code_taken")?;
    let mut changed = serde_json::Map::new();
    if name != row.name {
        changed.insert("name".into(), json!([row.name, name]));
    }
    if code != row.code {
        changed.insert("code".into(), json!([row.code, code]));
    }
    if boundary != row.boundary {
        changed.insert("boundary".into(), json!(boundary.is_some()));
    }
    crate::platform::audit::append(
        &mut tx,
        actor.audit("unit.update", format!("unit:{id}"), serde_json::Value::Object(changed)),
    )
    .await?;
    let row =
        crate::platform::hierarchy::store::get_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(row)
}

/// Moves a unit (and its subtree) under another parent of the right level.
pub async fn move_unit(db: &Db, actor: &Actor, id: i64, new_parent_id: i64) -> AppResult<UnitRow> {
    let unit = actor.unit(db, id).await?;
    if !actor.administers(unit.path()) {
        return Err(AppError::Forbidden);
    }
    let parent = actor.unit(db, new_parent_id).await.map_err(|e| match e {
        AppError::NotFound => FieldError::new("parent_id", "error.no_such_unit").into(),
        e => e,
    })?;
    if unit.path().contains(parent.path()) {
        return Err(FieldError::new("parent_id", "error.own_ancestor").into());
    }
    if parent.level().child() != Some(unit.level()) {
        return Err(FieldError::new("parent_id", "error.parent_level")
            .arg("level", format!("@level.{}", unit.level()))
            .into());
    }
    if !actor.administers(parent.path()) {
        return Err(AppError::Forbidden);
    }
    let old_parent = unit.row().parent_id;
    let mut tx = db.begin().await?;
    let path = crate::platform::hierarchy::store::reparent(
        &mut tx,
        id,
        unit.path().as_str(),
        (parent.id(), parent.path().as_str()),
    )
    .await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "unit.move",
            format!("unit:{id}"),
            json!({"parent_id": [old_parent, parent.id()], "path": [unit.path().as_str(), path]}),
        ),
    )
    .await?;
    let row =
        crate::platform::hierarchy::store::get_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(row)
}

/// The grid within a zone (or any unit's subtree) whose boundary holds a point, from the grid
/// index kept for the current cache epoch (built from every boundary when the epoch moved).
pub async fn grid_at(db: &Db, zone_path: &UnitPath, point: Point) -> AppResult<Option<GridAt>> {
    let generation = db.epoch.generation();
    let index = match db.grids.get(generation) {
        Some(index) => index,
        None => {
            let rows = crate::platform::hierarchy::store::grid_outlines(&db.pool).await?;
            let grids = rows.into_iter().filter_map(|(id, name, path, geo)| {
                Boundary::from_stored(&geo).map(|b| (id, name, UnitPath::from_stored(path), b))
            });
            db.grids.keep(generation, GridIndex::build(grids))
        }
    };
    Ok(index.at(zone_path, point).cloned())
}

/// The departments of the zones the actor works in.
pub async fn departments(
    db: &Db,
    actor: &Actor,
) -> AppResult<Vec<crate::platform::hierarchy::store::DepartmentRow>> {
    let mut zones: Vec<i64> =
        actor.held.iter().filter_map(|h| h.path.ids().first().copied()).collect();
    zones.dedup();
    let mut out = Vec::new();
    for zone in zones {
        out.extend(crate::platform::hierarchy::store::departments(&db.pool, zone).await?);
    }
    Ok(out)
}

/// Where a unit may be moved: the other units of its parent's level in its zone that the actor
/// administers (a village to another township, a grid to another village).
pub async fn move_targets(
    db: &Db,
    actor: &Actor,
    unit: &ScopedUnit,
) -> AppResult<Vec<(i64, String)>> {
    let Some(parent_level) = Level::ALL.into_iter().find(|l| l.child() == Some(unit.level()))
    else {
        return Ok(Vec::new());
    };
    if parent_level == Level::Zone {
        return Ok(Vec::new());
    }
    let zone = UnitPath::root(unit.path().ids()[0]);
    let (start, end) = zone.subtree_range();
    let rows =
        crate::platform::hierarchy::store::at_level(&db.pool, &start, &end, parent_level.as_str())
            .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, _, path)| {
            Some(*id) != unit.row().parent_id
                && actor.administers(&UnitPath::from_stored(path.clone()))
        })
        .map(|(id, name, _)| (id, name))
        .collect())
}

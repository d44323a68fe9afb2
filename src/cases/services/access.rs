//! Who may do what to a case: see it, work it, approve above it. The workflow and the pages
//! ask here, so a case's permission is decided in one place.

use crate::cases::store::CaseRow;
use crate::platform::access::actor::Actor;
use crate::platform::access::actor::Who;
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;

/// A case the actor may see: its unit lies in their subtrees, or it was dispatched to their
/// department.
pub async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<CaseRow> {
    let row = crate::cases::store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if sees(actor, &row) { Ok(row) } else { Err(AppError::NotFound) }
}

/// Whether the actor sees a case: its place, or its department.
pub(crate) fn sees(actor: &Actor, row: &CaseRow) -> bool {
    actor.sees(&UnitPath::from_stored(row.unit_path.clone()))
        || row.department_id.is_some_and(|d| actor.held.iter().any(|h| h.grant.department_id == Some(d)))
}

/// Whether a role works cases by the tree: the leader and departments read the whole zone, so
/// their role at the zone covers no case's handling unit.
fn works_by_place(role: Role) -> bool {
    !matches!(role, Role::Leader | Role::DepartmentStaff)
}

/// Whether the actor may work the case: a role that works by place covering the unit that
/// handles it now, or staff of the department it is dispatched to, while it is.
pub(crate) async fn works_on(db: &Db, actor: &Actor, row: &CaseRow) -> AppResult<bool> {
    match actor.who() {
        Who::System => return Ok(true),
        Who::Public { .. } => return Ok(false),
        Who::User(_) => {}
    }
    if row.department_id.is_some_and(|d| actor.held.iter().any(|h| h.grant.department_id == Some(d))) {
        return Ok(true);
    }
    let path = handler_path(db, row).await?;
    Ok(actor.held.iter().any(|h| works_by_place(h.grant.role) && h.path.contains(&path)))
}

/// Where the unit handling a case stands in the tree (a path, not the unit's counts).
pub(crate) async fn handler_path(db: &Db, row: &CaseRow) -> AppResult<UnitPath> {
    crate::platform::hierarchy::store::path_of(&db.pool, row.handler_unit_id).await?.map(UnitPath::from_stored).ok_or(AppError::NotFound)
}

/// Whether the actor stands above the handling unit (approves deferrals): a role that works by
/// place held strictly above it, or admin.
pub(crate) async fn above(db: &Db, actor: &Actor, row: &CaseRow) -> AppResult<bool> {
    match actor.who() {
        Who::System => return Ok(true),
        Who::Public { .. } => return Ok(false),
        Who::User(_) => {}
    }
    let path = handler_path(db, row).await?;
    Ok(actor
        .held
        .iter()
        .any(|h| works_by_place(h.grant.role) && (h.grant.role == Role::Admin || (h.path.contains(&path) && h.path != path))))
}

//! Who may do what to a case: see it, work it, approve above it. The answers are proofs: a
//! [`Seen`] case comes only from [`visible`], a [`Workable`] one only from [`may_work`] (or the
//! two narrow doors for the system's sweep and a report just received), and every use-case that
//! changes a case or reveals its parties takes a `Workable`, so none can skip the check.

use crate::cases::domain::case::Case;
use crate::platform::access::actor::Actor;
use crate::platform::access::actor::Who;
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;

/// A case the caller may see. Its field is private: only [`visible`] makes one.
#[derive(Debug, Clone)]
pub struct Seen(Case);

impl Seen {
    /// The case.
    pub fn row(&self) -> &Case {
        &self.0
    }

    /// The case, the proof spent.
    pub fn into_row(self) -> Case {
        self.0
    }
}

/// A case the caller may change. Its field is private: only [`may_work`], [`by_system`] and
/// [`just_reported`] make one.
#[derive(Debug, Clone)]
pub struct Workable(Case);

impl Workable {
    /// The case.
    pub fn row(&self) -> &Case {
        &self.0
    }

    /// The case, the proof spent.
    pub fn into_row(self) -> Case {
        self.0
    }
}

/// The right a use-case needs on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Handle it: the unit handling it (or above, by place), or the department it is dispatched to.
    Handle,
    /// Approve above its handler (deferrals, suspensions).
    Approve,
    /// Handle it or approve above it (follow-ups, reopening, withdrawal).
    HandleOrApprove,
    /// Add evidence: handle it, or have reported it.
    AddEvidence,
}

/// A case the actor may see: its unit lies in their subtrees, or it was dispatched to their
/// department; `NotFound` otherwise, exactly as for a case that does not exist.
pub async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Seen> {
    let row = crate::cases::store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if sees(actor, &row) { Ok(Seen(row)) } else { Err(AppError::NotFound) }
}

/// The case, if the actor holds the right on it; `Forbidden` otherwise (they see it already).
pub async fn may_work(db: &Db, actor: &Actor, seen: Seen, right: Right) -> AppResult<Workable> {
    let row = seen.row();
    let may = match right {
        Right::Handle => works_on(db, actor, row).await?,
        Right::Approve => above(db, actor, row).await?,
        Right::HandleOrApprove => works_on(db, actor, row).await? || above(db, actor, row).await?,
        Right::AddEvidence => {
            works_on(db, actor, row).await?
                || (actor.user_id().is_some() && row.created_by == actor.user_id())
        }
    };
    if may { Ok(Workable(seen.into_row())) } else { Err(AppError::Forbidden) }
}

/// A case the system works, as the overdue sweep does; none for any other caller.
pub(crate) fn by_system(actor: &Actor, row: Case) -> Option<Workable> {
    matches!(actor.who(), Who::System).then_some(Workable(row))
}

/// The case a report just wrote, for the same call to attach its photo to.
pub(crate) fn just_reported(row: Case) -> Workable {
    Workable(row)
}

/// Whether the actor sees a case: its place, or its department.
pub(crate) fn sees(actor: &Actor, row: &Case) -> bool {
    actor.sees(&row.unit_path)
        || row
            .department_id
            .is_some_and(|d| actor.held.iter().any(|h| h.grant.department_id == Some(d)))
}

/// Whether a role works cases by the tree: the leader and departments read the whole zone, so
/// their role at the zone covers no case's handling unit.
fn works_by_place(role: Role) -> bool {
    !matches!(role, Role::Leader | Role::DepartmentStaff)
}

/// Whether the actor may work the case: a role that works by place covering the unit that
/// handles it now, or staff of the department it is dispatched to, while it is.
async fn works_on(db: &Db, actor: &Actor, row: &Case) -> AppResult<bool> {
    match actor.who() {
        Who::System => return Ok(true),
        Who::Public { .. } => return Ok(false),
        Who::User(_) => {}
    }
    if row
        .department_id
        .is_some_and(|d| actor.held.iter().any(|h| h.grant.department_id == Some(d)))
    {
        return Ok(true);
    }
    let path = handler_path(db, row).await?;
    Ok(actor.held.iter().any(|h| works_by_place(h.grant.role) && h.path.contains(&path)))
}

/// Where the unit handling a case stands in the tree (a path, not the unit's counts).
pub(crate) async fn handler_path(db: &Db, row: &Case) -> AppResult<UnitPath> {
    crate::platform::hierarchy::store::path_of(&db.pool, row.handler_unit_id)
        .await?
        .map(UnitPath::from_stored)
        .ok_or(AppError::NotFound)
}

/// Whether the actor stands above the handling unit (approves deferrals): a role that works by
/// place held strictly above it, or admin.
async fn above(db: &Db, actor: &Actor, row: &Case) -> AppResult<bool> {
    match actor.who() {
        Who::System => return Ok(true),
        Who::Public { .. } => return Ok(false),
        Who::User(_) => {}
    }
    let path = handler_path(db, row).await?;
    Ok(actor.held.iter().any(|h| {
        works_by_place(h.grant.role)
            && (h.grant.role == Role::Admin || (h.path.contains(&path) && h.path != path))
    }))
}

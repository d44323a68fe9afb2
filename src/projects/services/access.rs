//! Who may see and change a project. A project is seen by whoever sees its township (the
//! leader and the departments see the zone); it is worked by the township's staff and
//! administrators above it, and by the department responsible for it. A [`Seen`] project comes
//! only from [`visible`], a [`Workable`] one only from [`may_work`].

use crate::platform::access::actor::{Actor, Who};
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult};
use crate::projects::store::projects::ProjectRow;

/// A project the caller may see.
#[derive(Debug, Clone)]
pub struct Seen(ProjectRow);

impl Seen {
    /// The project.
    pub fn row(&self) -> &ProjectRow {
        &self.0
    }
}

/// A project the caller may change.
#[derive(Debug, Clone)]
pub struct Workable(ProjectRow);

impl Workable {
    /// The project.
    pub fn row(&self) -> &ProjectRow {
        &self.0
    }
}

/// The project, if the actor sees its township; `NotFound` otherwise, as for a missing one.
pub async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Seen> {
    let row =
        crate::projects::store::projects::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if actor.sees(&UnitPath::from_stored(row.unit_path.clone())) {
        Ok(Seen(row))
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the actor works the project: see the module's rule.
pub fn works(actor: &Actor, row: &ProjectRow) -> bool {
    works_at(actor, &UnitPath::from_stored(row.unit_path.clone()), row.department_id)
}

/// Whether the actor enters projects anywhere (the page offers the form): a township's staff,
/// an administrator or a department's staff. Where, [`works_at`] decides.
pub fn enters(actor: &Actor) -> bool {
    matches!(actor.who(), Who::User(_))
        && actor.held.iter().any(|h| {
            matches!(h.grant.role, Role::Admin | Role::TownshipStaff | Role::DepartmentStaff)
        })
}

/// Whether the actor works projects at a unit with this department responsible (entering one,
/// taking a baseline): the township's staff and administrators above it, or the department's.
pub fn works_at(actor: &Actor, path: &UnitPath, department_id: Option<i64>) -> bool {
    match actor.who() {
        Who::System => true,
        Who::Public { .. } => false,
        Who::User(_) => actor.held.iter().any(|h| {
            (matches!(h.grant.role, Role::Admin | Role::TownshipStaff) && h.path.contains(path))
                || (h.grant.role == Role::DepartmentStaff
                    && department_id.is_some_and(|d| h.grant.department_id == Some(d)))
        }),
    }
}

/// Whether the actor reviews the project's reports: the department responsible for it, or
/// where it has none, the township's staff and administrators above it.
pub fn reviews(actor: &Actor, row: &ProjectRow) -> bool {
    match row.department_id {
        Some(d) => {
            matches!(actor.who(), Who::System)
                || actor.held.iter().any(|h| {
                    h.grant.role == Role::DepartmentStaff && h.grant.department_id == Some(d)
                })
        }
        None => works_at(actor, &UnitPath::from_stored(row.unit_path.clone()), None),
    }
}

/// The project, if the actor works it; `Forbidden` otherwise (they see it already), and
/// `Conflict` once it is cancelled: its record stays as it was on that day.
pub fn may_work(actor: &Actor, seen: Seen) -> AppResult<Workable> {
    if !works(actor, &seen.0) {
        Err(AppError::Forbidden)
    } else if seen.0.cancelled_on.is_some() {
        Err(AppError::Conflict("error.projects.cancelled"))
    } else {
        Ok(Workable(seen.0))
    }
}

/// The departments that keep the rate definitions: investment promotion and statistics.
const DEFINERS: [&str; 2] = ["investment_promotion", "statistics"];

/// Whether the actor may make a new version of a rate's definition: staff of the departments
/// that keep them, or an administrator of the zone (a role at a unit with no parent).
pub fn defines(actor: &Actor) -> bool {
    match actor.who() {
        Who::System => true,
        Who::Public { .. } => false,
        Who::User(_) => actor.held.iter().any(|h| {
            (h.grant.role == Role::DepartmentStaff
                && h.department_kind.as_deref().is_some_and(|k| DEFINERS.contains(&k)))
                || (h.grant.role == Role::Admin && h.path.ids().len() == 1)
        }),
    }
}

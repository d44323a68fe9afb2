//! Who reads the special populations: the zone's administrators choose the grid roles and the
//! departments (by default the grid's police liaison and the comprehensive-governance office),
//! for all five kinds or one; every change is in the audit chain.

use crate::platform::access::actor::Actor;
use crate::platform::access::role::{DEPARTMENT_KINDS, GridRole, Role};
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::Level;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};

/// One reader: id, kind (`*` for all), and a grid role or a department kind.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Id.
    pub id: i64,
    /// A special population's kind, or `*`.
    pub kind: String,
    /// Grid staff of this grid role, in their grid.
    pub grid_role: Option<String>,
    /// Staff of a department of this kind, in their subtree.
    pub department: Option<String>,
}

/// The door: an administrator of a zone (the readers are the zone's choice).
pub fn may_choose(actor: &Actor) -> AppResult<()> {
    let zone_admin = actor.is_system()
        || actor.held.iter().any(|h| h.grant.role == Role::Admin && h.unit_level == Level::Zone);
    if zone_admin { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Every reader.
pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<Reader>> {
    may_choose(actor)?;
    let rows = crate::registry::store::readers::readers(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, grid_role, department)| Reader { id, kind, grid_role, department })
        .collect())
}

/// Adds a reader of `kind` (`*` or a special population): `who` is a grid role or a
/// department kind.
pub async fn add(db: &Db, actor: &Actor, kind: &str, who: &str) -> AppResult<i64> {
    may_choose(actor)?;
    let mut errors = Vec::new();
    let special = crate::registry::domain::kinds::by_name(kind).is_some_and(|k| k.restricted);
    if kind != "*" && !special {
        errors.push(FieldError::new("kind", "error.choice"));
    }
    let grid_role = GridRole::ALL.iter().find(|g| g.as_str() == who).map(|g| g.as_str());
    let department = DEPARTMENT_KINDS.iter().find(|d| **d == who).copied();
    if grid_role.is_none() && department.is_none() {
        errors.push(FieldError::new("who", "error.choice"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = db.begin().await?;
    let id =
        crate::registry::store::readers::add_reader(&mut tx, kind, grid_role, department).await?;
    let detail = serde_json::json!({"kind": kind, "who": who, "added": id});
    crate::platform::audit::append(
        &mut tx,
        actor.audit("registry.readers", "registry:readers".into(), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a reader.
pub async fn remove(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    may_choose(actor)?;
    let mut tx = db.begin().await?;
    if !crate::registry::store::readers::remove_reader(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let detail = serde_json::json!({"removed": id});
    crate::platform::audit::append(
        &mut tx,
        actor.audit("registry.readers", "registry:readers".into(), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

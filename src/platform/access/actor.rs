//! Who is acting, and the one place that decides what they may see and change.
//!
//! A role held at a unit covers that unit's subtree. Every use-case reaches a unit through
//! [`Actor::unit`], which answers `NotFound` for a unit outside the actor's subtrees exactly as
//! for one that does not exist; subtree queries then take the [`ScopedUnit`] it hands back, so a
//! handler that skipped the check has nothing to query with.

use crate::platform::service::AppError;

use crate::platform::access::role::Grant;
use crate::platform::access::role::GridRole;
use crate::platform::access::role::Role;
use crate::platform::db::Db;
use crate::platform::hierarchy::store::UnitRow;
use crate::platform::hierarchy::unit::Level;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::AppResult;

/// A role the actor holds, with where it is held.
#[derive(Debug, Clone)]
pub struct Held {
    /// The role and its unit.
    pub grant: Grant,
    /// The unit's path.
    pub path: UnitPath,
    /// The unit's name.
    pub unit_name: String,
    /// The unit's level.
    pub unit_level: Level,
    /// The department's name, for department staff.
    pub department_name: Option<String>,
    /// The department's kind, for department staff.
    pub department_kind: Option<String>,
}

/// Who is acting: the three kinds of caller, kept apart so that no request can pass for the
/// system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// zhili itself: the command line, the demo loader and the overdue sweep.
    System,
    /// The public, through a named channel (`web`, `open311:NAME`): it reports and follows its
    /// own reports, nothing else.
    Public {
        /// The channel it came through.
        channel: String,
    },
    /// A signed-in user.
    User(i64),
}

/// Who is acting, and the roles a user holds.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Private, so that only this module's constructors decide who an actor is.
    who: Who,
    /// Login name (`system` for the system, `public:CHANNEL` for the public).
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles held (none for the system or the public).
    pub held: Vec<Held>,
}

impl Actor {
    /// The system: sees and administers everything. Only the command line, the demo loader and
    /// the sweep act as it; web code may not name it (`web_code_never_acts_as_the_system`).
    pub fn system() -> Actor {
        Actor {
            who: Who::System,
            username: "system".into(),
            display_name: "system".into(),
            held: Vec::new(),
        }
    }

    /// The public through a channel (`web`, or `open311:` and a key's name), with the name the
    /// reporter gave: it holds no role, so it sees and administers nothing.
    pub fn public(channel: &str, name: &str) -> Actor {
        Actor {
            who: Who::Public { channel: channel.to_string() },
            username: format!("public:{channel}"),
            display_name: name.to_string(),
            held: Vec::new(),
        }
    }

    /// Who is acting.
    pub fn who(&self) -> &Who {
        &self.who
    }

    /// The user acting, if a user is.
    pub fn user_id(&self) -> Option<i64> {
        match self.who {
            Who::User(id) => Some(id),
            Who::System | Who::Public { .. } => None,
        }
    }

    /// Whether this is the system itself.
    pub fn is_system(&self) -> bool {
        self.who == Who::System
    }

    /// Whether this is the public, through any channel.
    pub fn is_public(&self) -> bool {
        matches!(self.who, Who::Public { .. })
    }

    /// Loads a user and their roles; `None` if there is no such enabled user.
    pub async fn load(db: &Db, user_id: i64) -> AppResult<Option<Actor>> {
        // One query: every request loads its actor.
        Ok(Actor::from_rows(crate::platform::users::store::actor_rows(&db.pool, user_id).await?))
    }

    /// The actor of a live API token's digest, in one query.
    pub async fn by_token(db: &Db, token_hash: &str) -> AppResult<Option<Actor>> {
        Ok(Actor::from_rows(
            crate::platform::users::store::actor_rows_by_token(
                &db.pool,
                token_hash,
                &db.clock.stamp(),
            )
            .await?,
        ))
    }

    fn from_rows(rows: Vec<crate::platform::users::store::ActorRow>) -> Option<Actor> {
        let first = rows.first().filter(|r| r.disabled == 0)?;
        let (user_id, username, display_name) =
            (first.id, first.username.clone(), first.display_name.clone());
        let held = rows
            .into_iter()
            .filter_map(|r| {
                Some(crate::platform::users::store::GrantRow {
                    user_id: r.id,
                    role: r.role?,
                    unit_id: r.unit_id?,
                    department_id: r.department_id,
                    grid_role: r.grid_role,
                    unit_path: r.unit_path?,
                    unit_name: r.unit_name?,
                    unit_level: r.unit_level?,
                    department_name: r.department_name,
                    department_kind: r.department_kind,
                })
            })
            .filter_map(held_from_row)
            .collect();
        Some(Actor { who: Who::User(user_id), username, display_name, held })
    }

    /// Whether the actor may see the unit at `path`.
    pub fn sees(&self, path: &UnitPath) -> bool {
        self.is_system() || self.held.iter().any(|h| h.path.contains(path))
    }

    /// Whether the actor administers the unit at `path` (holds admin at it or above).
    pub fn administers(&self, path: &UnitPath) -> bool {
        self.is_system()
            || self.held.iter().any(|h| h.grant.role == Role::Admin && h.path.contains(path))
    }

    /// Whether the actor holds admin anywhere (shows the administration pages).
    pub fn is_admin(&self) -> bool {
        self.is_system() || self.held.iter().any(|h| h.grant.role == Role::Admin)
    }

    /// The tops of the actor's subtrees: units held, less those inside another one held.
    pub fn anchors(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = Vec::new();
        for h in &self.held {
            let inside_other =
                self.held.iter().any(|o| o.path != h.path && o.path.contains(&h.path));
            if !inside_other && !ids.contains(&h.grant.unit_id) {
                ids.push(h.grant.unit_id);
            }
        }
        ids
    }

    /// A unit the actor may see, or `NotFound`.
    pub async fn unit(&self, db: &Db, id: i64) -> AppResult<ScopedUnit> {
        let row = crate::platform::hierarchy::store::get(&db.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.scope(row).ok_or(AppError::NotFound)
    }

    /// The path of a unit the actor may see, or `NotFound`: the same check as [`Actor::unit`]
    /// without the unit's counts, for writes that need only where the unit is.
    pub async fn unit_path(&self, db: &Db, id: i64) -> AppResult<UnitPath> {
        // A unit the actor holds a role at is known already (grid staff reporting in their grid).
        if let Some(h) = self.held.iter().find(|h| h.grant.unit_id == id) {
            return Ok(h.path.clone());
        }
        let path = crate::platform::hierarchy::store::path_of(&db.pool, id)
            .await?
            .map(UnitPath::from_stored)
            .ok_or(AppError::NotFound)?;
        if self.sees(&path) { Ok(path) } else { Err(AppError::NotFound) }
    }

    /// Where a report names a unit: any unit the actor sees; for the system and the public, any
    /// unit at all (the public channels check it lies in the zone they serve). `NotFound` else.
    pub async fn report_path(&self, db: &Db, id: i64) -> AppResult<UnitPath> {
        match self.who {
            Who::User(_) => self.unit_path(db, id).await,
            Who::System | Who::Public { .. } => {
                crate::platform::hierarchy::store::path_of(&db.pool, id)
                    .await?
                    .map(UnitPath::from_stored)
                    .ok_or(AppError::NotFound)
            }
        }
    }

    /// Whether a report may be placed in the grid at `path`: the grids the actor sees, or for
    /// the system and the public, any grid a point falls in.
    pub fn reports_at(&self, path: &UnitPath) -> bool {
        match self.who {
            Who::User(_) => self.sees(path),
            Who::System | Who::Public { .. } => true,
        }
    }

    /// Wraps a unit row read elsewhere (inside a transaction, or a child of a scoped unit)
    /// once the actor is checked to see it.
    pub fn scope(&self, row: UnitRow) -> Option<ScopedUnit> {
        let path = UnitPath::from_stored(row.path.clone());
        let level = row.level.parse().ok()?;
        self.sees(&path).then_some(ScopedUnit { row, path, level })
    }

    /// The actor's id and name for the audit chain.
    pub fn audit_name(&self) -> &str {
        &self.username
    }

    /// An entry of the audit chain for something this actor did.
    pub fn audit<'a>(
        &'a self,
        action: &'a str,
        object: String,
        detail: serde_json::Value,
    ) -> crate::platform::audit::Entry<'a> {
        crate::platform::audit::Entry {
            actor_id: self.user_id(),
            actor_name: self.audit_name(),
            action,
            object,
            detail,
        }
    }
}

/// A unit the actor has been checked to see.
#[derive(Debug, Clone)]
pub struct ScopedUnit {
    row: UnitRow,
    path: UnitPath,
    level: Level,
}

impl ScopedUnit {
    /// The stored row with its counts.
    pub fn row(&self) -> &UnitRow {
        &self.row
    }

    /// The id.
    pub fn id(&self) -> i64 {
        self.row.id
    }

    /// The path.
    pub fn path(&self) -> &UnitPath {
        &self.path
    }

    /// The level.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The text range of the subtree, for subtree queries.
    pub fn subtree(&self) -> (String, String) {
        self.path.subtree_range()
    }

    /// Gives the row back.
    pub fn into_row(self) -> UnitRow {
        self.row
    }
}

fn held_from_row(row: crate::platform::users::store::GrantRow) -> Option<Held> {
    Some(Held {
        grant: Grant {
            role: row.role.parse().ok()?,
            unit_id: row.unit_id,
            department_id: row.department_id,
            grid_role: row.grid_role.as_deref().and_then(|g| g.parse::<GridRole>().ok()),
        },
        path: UnitPath::from_stored(row.unit_path),
        unit_name: row.unit_name,
        unit_level: row.unit_level.parse().ok()?,
        department_name: row.department_name,
        department_kind: row.department_kind,
    })
}

/// Turns stored role rows into grants, for listings.
pub fn grants_of(rows: Vec<crate::platform::users::store::GrantRow>) -> Vec<Held> {
    rows.into_iter().filter_map(held_from_row).collect()
}

#[cfg(test)]
#[path = "actor_tests.rs"]
mod tests;

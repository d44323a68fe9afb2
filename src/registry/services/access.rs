//! Who keeps the registry: the staff of a grid, its village and its township, and the
//! administrators, each for their own subtree. Leaders and departments read it, masked; they
//! neither write it nor reveal what it masks (welfare's own work will reveal through its cases).

use crate::platform::access::actor::Actor;
use crate::platform::access::role::Role;
use crate::platform::hierarchy::unit::UnitPath;

/// Whether the actor keeps the registry at `path`: writes its people and reveals their numbers.
pub fn keeps(actor: &Actor, path: &UnitPath) -> bool {
    actor.is_system() || actor.held.iter().any(|h| keeper(h.grant.role) && h.path.contains(path))
}

fn keeper(role: Role) -> bool {
    matches!(role, Role::Admin | Role::TownshipStaff | Role::VillageStaff | Role::GridStaff)
}

/// Whether the actor keeps the registry anywhere: the door of the forms and imports, checked
/// before anything of a place is looked up.
pub fn keeps_any(actor: &Actor) -> bool {
    actor.is_system() || actor.held.iter().any(|h| keeper(h.grant.role))
}

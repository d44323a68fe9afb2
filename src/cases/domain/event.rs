//! One step in a case's history: an action (or the report, a reminder, a photo) that moved it
//! from one state to another, by whom and when. Typed like the case; the store reads its row
//! into this at its edge.

use crate::cases::domain::CaseState;
use crate::platform::time::Stamp;

/// An event of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Position in the case's history, from 1.
    pub seq: i64,
    /// `report`, `overdue`, `photo`, or an action's name.
    pub action: String,
    /// The state before; none for the report.
    pub from_state: Option<CaseState>,
    /// The state after.
    pub to_state: CaseState,
    /// Who, when a user.
    pub actor_id: Option<i64>,
    /// Their name as the audit chain names them.
    pub actor_name: String,
    /// When.
    pub at: Stamp,
    /// Why, or what was done.
    pub note: String,
    /// The action's details.
    pub data: serde_json::Value,
}

impl Event {
    /// The `seq`-th event of a case: `action` moving it `(from, to)`, by `(actor id, name)`.
    pub fn new(
        seq: i64,
        action: &str,
        (from_state, to_state): (Option<CaseState>, CaseState),
        (actor_id, actor_name): (Option<i64>, &str),
        at: Stamp,
        note: &str,
        data: serde_json::Value,
    ) -> Event {
        Event {
            seq,
            action: action.into(),
            from_state,
            to_state,
            actor_id,
            actor_name: actor_name.into(),
            at,
            note: note.into(),
            data,
        }
    }
}

//! A case as the domain holds it: every value typed. The store reads its row of text and
//! integers into this once, at its edge, and writes it back from this; nothing past the store
//! compares a state with `"closed"`.

use crate::cases::domain::rates::CaseFacts;
use crate::cases::domain::source::Source;
use crate::cases::domain::{CaseKind, CaseState, Outcome};
use crate::platform::geo::Point;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::time::{Stamp, day_of};
use chrono::NaiveDate;

/// A case's current state.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Id.
    pub id: i64,
    /// Incident or dispute.
    pub kind: CaseKind,
    /// Category, and its code.
    pub category_id: i64,
    /// The category's code.
    pub category_code: String,
    /// Where it happened, and that unit's path.
    pub unit_id: i64,
    /// The path of the unit it happened in.
    pub unit_path: UnitPath,
    /// Who handles it now.
    pub handler_unit_id: i64,
    /// The department it was dispatched to.
    pub department_id: Option<i64>,
    /// Where it stands.
    pub state: CaseState,
    /// How it ended, once closed (or as proposed by feedback).
    pub outcome: Option<Outcome>,
    /// Short title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address in words.
    pub address: String,
    /// Where on the map, where given.
    pub point: Option<Point>,
    /// The channel it came in through.
    pub source: Source,
    /// Reporter's name.
    pub reporter_name: String,
    /// Reporter's phone.
    pub reporter_phone: String,
    /// When reported.
    pub reported_at: Stamp,
    /// The report's date in the zone's time: the cohort it counts in.
    pub report_day: NaiveDate,
    /// When closed.
    pub closed_at: Option<Stamp>,
    /// When the current step runs out.
    pub step_deadline: Option<Stamp>,
    /// When handling is due.
    pub due_at: Option<Stamp>,
    /// Once registered (立案).
    pub registered: bool,
    /// Flagged overdue (催办).
    pub overdue: bool,
    /// With an approved deferral or suspension.
    pub deferred: bool,
    /// Times sent back for rework.
    pub reworks: i64,
    /// Once verified (核查).
    pub verified: bool,
    /// Closed by the due time.
    pub on_time: bool,
    /// Follow-up satisfaction, 1–5.
    pub satisfaction: Option<i64>,
    /// The case it was merged into.
    pub merged_into: Option<i64>,
    /// The user who reported it.
    pub created_by: Option<i64>,
    /// Events so far: the version the next write must find.
    pub events: i64,
    /// While suspended: the office minutes the step had left.
    pub paused_step_minutes: Option<i64>,
    /// While suspended: the office minutes handling had left.
    pub paused_due_minutes: Option<i64>,
}

impl Case {
    /// A case just reported in a unit, as a report leaves it: no flags, no deadline, one event,
    /// its report day the zone's date at `reported_at`. The caller fills in the words.
    pub fn reported(
        kind: CaseKind,
        category: (i64, &str),
        unit: (i64, UnitPath),
        reported_at: Stamp,
    ) -> Case {
        Case {
            id: 0,
            kind,
            category_id: category.0,
            category_code: category.1.into(),
            unit_id: unit.0,
            unit_path: unit.1,
            handler_unit_id: unit.0,
            department_id: None,
            state: CaseState::Reported,
            outcome: None,
            title: String::new(),
            description: String::new(),
            address: String::new(),
            point: None,
            source: Source::Api,
            reporter_name: String::new(),
            reporter_phone: String::new(),
            reported_at,
            report_day: day_of(reported_at.0),
            closed_at: None,
            step_deadline: None,
            due_at: None,
            registered: false,
            overdue: false,
            deferred: false,
            reworks: 0,
            verified: false,
            on_time: false,
            satisfaction: None,
            merged_into: None,
            created_by: None,
            events: 1,
            paused_step_minutes: None,
            paused_due_minutes: None,
        }
    }

    /// Whether work on it is still open (a clock runs).
    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    /// Whether it is late at `now`: flagged overdue, or its step's deadline passed.
    pub fn is_late(&self, now: Stamp) -> bool {
        self.overdue || self.step_deadline.is_some_and(|d| d < now)
    }

    /// The facts its rollup contribution depends on.
    pub fn facts(&self) -> CaseFacts {
        let closed = self.state == CaseState::Closed;
        CaseFacts {
            registered: self.registered,
            closed,
            resolved: closed && self.outcome == Some(Outcome::Resolved),
            left_out: closed && self.outcome.is_some_and(Outcome::is_excluded),
            overdue: self.overdue,
            deferred: self.deferred,
            verified: self.verified,
            reworked: self.reworks > 0,
            on_time: self.on_time,
            satisfaction: self.satisfaction,
        }
    }
}

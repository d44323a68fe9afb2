//! What the API answers, as the tests read it: the wire format's own structs, so a field renamed
//! or retyped on the server fails here as it would fail a client.

use reqwest::{Response, StatusCode};
use serde::Deserialize;

/// A case (`CaseJson`).
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// Id.
    pub id: i64,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Category code.
    pub category: String,
    /// Where it happened.
    pub unit_id: i64,
    /// Who handles it now.
    pub handler_unit_id: i64,
    /// The department it was dispatched to.
    pub department_id: Option<i64>,
    /// `reported`, `registered`, …, `closed`.
    pub state: String,
    /// `resolved`, `referred`, `duplicate`, …
    pub outcome: Option<String>,
    /// Description.
    pub description: String,
    /// Title.
    pub title: String,
    /// `grid`, `public`, `hotline`, `api`.
    pub source: String,
    /// When reported (RFC 3339, UTC).
    pub reported_at: String,
    /// The cohort's day.
    pub report_day: String,
    /// When the current step's time runs out.
    pub step_deadline: Option<String>,
    /// When handling is due.
    pub due_at: Option<String>,
    /// Flagged overdue.
    pub overdue: bool,
    /// Has an approved deferral.
    pub deferred: bool,
    /// Times sent back.
    pub reworks: i64,
    /// Follow-up satisfaction.
    pub satisfaction: Option<i64>,
    /// The case it duplicates.
    pub merged_into: Option<i64>,
}

/// A step of a case's history.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    /// `report`, `overdue`, or an action.
    pub action: String,
    /// Who: a name, or `system`.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why, or what was done.
    pub note: String,
}

/// A party as shown.
#[derive(Debug, Clone, Deserialize)]
pub struct Party {
    /// Name.
    pub name: String,
    /// Masked unless revealed.
    pub id_number: Option<String>,
    /// Masked unless revealed.
    pub phone: String,
}

/// A department.
#[derive(Debug, Clone, Deserialize)]
pub struct Department {
    /// Id.
    pub id: i64,
    /// `civil_affairs`, …
    pub kind: String,
}

/// A case with its history (`CaseDetail`).
#[derive(Debug, Clone, Deserialize)]
pub struct CaseDetail {
    /// The case.
    pub case: Case,
    /// Its history, oldest first.
    pub events: Vec<Event>,
    /// Its parties.
    pub parties: Vec<Party>,
    /// What may be done next.
    pub allowed_actions: Vec<String>,
    /// Where a dispatch naming no target goes.
    pub responsible_department: Option<Department>,
}

impl CaseDetail {
    /// The actions of its history, in order.
    pub fn actions(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.action.as_str()).collect()
    }

    /// When its history first took an action.
    pub fn when(&self, action: &str) -> chrono::DateTime<chrono::FixedOffset> {
        let event = self
            .events
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("no {action} in {:?}", self.actions()));
        chrono::DateTime::parse_from_rfc3339(&event.at).unwrap()
    }

    /// The last step of its history.
    pub fn last_event(&self) -> &Event {
        self.events.last().expect("a case's history starts with its report")
    }
}

/// A page of a list.
#[derive(Debug, Clone, Deserialize)]
pub struct Paged<T> {
    /// This page's rows.
    pub items: Vec<T>,
    /// Rows in the whole list.
    pub total: i64,
}

/// A rate with what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Rate {
    /// numerator ÷ denominator, none when that is zero.
    pub value: Option<f64>,
    /// What was counted.
    pub numerator: i64,
    /// Out of what.
    pub denominator: i64,
    /// Left out of the denominator.
    pub excluded: i64,
}

impl Rate {
    /// A rate as the API should state it.
    pub fn of(value: f64, numerator: i64, denominator: i64, excluded: i64) -> Rate {
        Rate { value: Some(value), numerator, denominator, excluded }
    }
}

/// Counts and rates (`RatesJson`).
#[derive(Debug, Clone, Deserialize)]
pub struct Rates {
    /// Found.
    pub found: i64,
    /// Resolved.
    pub resolved: i64,
    /// Closed.
    pub closed: i64,
    /// Resolution rate.
    pub resolution_rate: Rate,
    /// Rework rate.
    pub rework_rate: Rate,
    /// Average satisfaction.
    pub satisfaction: Rate,
}

/// A possible duplicate.
#[derive(Debug, Clone, Deserialize)]
pub struct Duplicate {
    /// `nearby` or `same_party`.
    pub reason: String,
    /// The other case.
    pub case: Case,
}

/// A case's photo.
#[derive(Debug, Clone, Deserialize)]
pub struct Photo {
    /// Id.
    pub id: i64,
    /// By its bytes.
    pub content_type: String,
    /// From its EXIF.
    pub taken_at: Option<String>,
    /// From its EXIF.
    pub lat: Option<f64>,
}

/// A mediation session held.
#[derive(Debug, Clone, Deserialize)]
pub struct MediationSession {
    /// The day, `YYYY-MM-DD`.
    pub held_on: String,
    /// Where.
    pub place: String,
    /// Who mediated.
    pub mediator: String,
}

/// A mediation's record.
#[derive(Debug, Clone, Deserialize)]
pub struct Mediation {
    /// Its sessions.
    pub sessions: Vec<MediationSession>,
    /// Its agreement, once signed.
    pub agreement: Option<Agreement>,
    /// When mediation's time runs out.
    pub clock_ends: String,
}

/// A mediation agreement.
#[derive(Debug, Clone, Deserialize)]
pub struct Agreement {
    /// `(year)示调字第N号`.
    pub number: String,
    /// The day all parties signed.
    pub signed_on: String,
    /// Whether it was carried out, once checked.
    pub performed: Option<bool>,
}

/// A refusal's `error` object.
#[derive(Debug, Clone, Deserialize)]
pub struct Refusal {
    /// `not_found`, `forbidden`, `conflict`, `not_allowed`, `invalid`, …
    pub code: String,
    /// A sentence for the person.
    pub message: String,
    /// For `not_allowed`: what is allowed instead.
    pub allowed: Option<Vec<String>>,
}

/// The refusal in an answer, after checking its status.
pub async fn refusal(res: Response, status: StatusCode) -> Refusal {
    let error = crate::helpers::error_of(res, status).await;
    serde_json::from_value(error).expect("a refusal's shape")
}

//! A case as the API answers it: one shape for every answer that holds a case.

use crate::cases::domain::case::Case;
use crate::platform::time::Stamp;
use serde::Serialize;
use utoipa::ToSchema;

/// A case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    /// Id.
    pub id: i64,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Category code.
    pub category: String,
    /// Where it happened.
    pub unit_id: i64,
    /// The unit that handles it now.
    pub handler_unit_id: i64,
    /// The department it was dispatched to.
    pub department_id: Option<i64>,
    /// `reported`, `registered`, `refused`, `dispatched`, `handling`, `handled`, `closed`.
    pub state: String,
    /// `resolved`, `referred`, `not_ours`, `duplicate`, `withdrawn`: proposed at feedback, final once closed.
    pub outcome: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Address.
    pub address: String,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// `grid`, `public`, `hotline`, `api`.
    pub source: String,
    /// When reported (RFC 3339).
    pub reported_at: String,
    /// The report's date in Beijing time (`YYYY-MM-DD`): the cohort it counts in.
    pub report_day: String,
    /// When closed.
    pub closed_at: Option<String>,
    /// When the current step's time runs out.
    pub step_deadline: Option<String>,
    /// When handling is due.
    pub due_at: Option<String>,
    /// Flagged overdue.
    pub overdue: bool,
    /// Has an approved deferral.
    pub deferred: bool,
    /// Times sent back for rework.
    pub reworks: i64,
    /// Follow-up satisfaction, 1–5.
    pub satisfaction: Option<i64>,
    /// The case it duplicates.
    pub merged_into: Option<i64>,
}

/// The JSON of a case.
pub fn case_json(c: Case) -> CaseJson {
    CaseJson {
        id: c.id,
        kind: c.kind.as_str().into(),
        category: c.category_code,
        unit_id: c.unit_id,
        handler_unit_id: c.handler_unit_id,
        department_id: c.department_id,
        state: c.state.as_str().into(),
        outcome: c.outcome.map(|o| o.as_str().into()),
        title: c.title,
        description: c.description,
        address: c.address,
        lon: c.point.map(|p| p.lon),
        lat: c.point.map(|p| p.lat),
        source: c.source.as_str().into(),
        reported_at: c.reported_at.stored(),
        report_day: c.report_day.to_string(),
        closed_at: c.closed_at.map(Stamp::stored),
        step_deadline: c.step_deadline.map(Stamp::stored),
        due_at: c.due_at.map(Stamp::stored),
        overdue: c.overdue,
        deferred: c.deferred,
        reworks: c.reworks,
        satisfaction: c.satisfaction,
        merged_into: c.merged_into,
    }
}

//! What an action does to a case: a pure function, so every rule of the workflow is tested
//! without a database. The service first asks [`admit`] whether the action may happen now (so a
//! caller learns the state's rule before any lookup), then resolves what needs the database
//! (the dispatch target, the unit above, whether the caller gave the feedback, the merge target)
//! into a [`Move`], and [`apply`] works out what the case becomes and what the event records.

use crate::cases::domain::case::Case;
use crate::cases::domain::category::Category;
use crate::cases::domain::{Action, CaseState, Outcome, Step};
use crate::platform::calendar::{TimeLimit, WorkCalendar};
use crate::platform::input::{FieldError, optional_text};
use crate::platform::service::AppError;
use crate::platform::time::Stamp;
use serde_json::{Map, Value, json};

/// Where a dispatch sends a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A unit down the tree from the one handling it now.
    Unit(i64),
    /// A department of the zone.
    Department(i64),
}

/// An action with everything it needs, checked against the database where that was needed.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    /// The action.
    pub action: Action,
    /// Why, or what was done, as entered.
    pub note: &'a str,
    /// When.
    pub now: Stamp,
    /// The working calendar its deadlines are counted on.
    pub calendar: &'a WorkCalendar,
    /// The case's category, whose limits set each step's deadline.
    pub category: &'a Category,
    /// Dispatch: where to, resolved and checked by the service.
    pub target: Option<Target>,
    /// Escalate: the unit above the one handling it; none at the top.
    pub parent: Option<i64>,
    /// Verify: whether the one verifying gave the feedback.
    pub own_feedback: bool,
    /// Feedback: the proposed outcome, as entered.
    pub outcome: Option<&'a str>,
    /// Defer: working days more.
    pub days: Option<i64>,
    /// Follow-up: satisfaction 1–5.
    pub satisfaction: Option<i64>,
    /// Merge: the case it duplicates, checked visible by the service.
    pub into: Option<i64>,
}

/// What an action made of a case.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The case after it, its event count moved on.
    pub case: Case,
    /// The state before.
    pub from: CaseState,
    /// The state after.
    pub to: CaseState,
    /// The note, trimmed.
    pub note: String,
    /// What the event records besides the states.
    pub data: Map<String, Value>,
}

/// Actions that must say why.
fn note_required(action: Action) -> bool {
    matches!(
        action,
        Action::Refuse
            | Action::Object
            | Action::Escalate
            | Action::Feedback
            | Action::Rework
            | Action::Defer
            | Action::Withdraw
    )
}

/// Whether the action may happen to the case now: the state it leads to and the checked note,
/// or `NotAllowed` naming the allowed actions, or the note's error.
pub fn admit(case: &Case, action: Action, note: &str) -> Result<(CaseState, String), AppError> {
    let from = case.state;
    let Some(to) = action.next(from) else {
        return Err(AppError::NotAllowed {
            state: from.as_str(),
            allowed: Action::allowed_from(from).iter().map(|a| a.as_str()).collect(),
        });
    };
    let note = optional_text("note", note, 2000)?;
    if note_required(action) && note.is_empty() {
        return Err(FieldError::new("note", "error.required").into());
    }
    Ok((to, note))
}

/// The case after the move, or why the move is refused.
pub fn apply(case: &Case, m: &Move) -> Result<Applied, AppError> {
    let (to, note) = admit(case, m.action, m.note)?;
    let now = m.now;
    let deadline = |step: Step| {
        Some(Stamp::from_local(m.calendar.deadline(now.local(), m.category.limit(step))))
    };
    let mut next = case.clone();
    next.state = to;
    let mut data = Map::new();
    match m.action {
        Action::Register => {
            next.registered = true;
            next.step_deadline = deadline(Step::Dispatch);
        }
        Action::Refuse => next.step_deadline = None,
        Action::Dispatch => {
            match m.target {
                Some(Target::Unit(unit)) => {
                    next.handler_unit_id = unit;
                    next.department_id = None;
                    data.insert("unit_id".into(), json!(unit));
                }
                Some(Target::Department(dep)) => {
                    next.department_id = Some(dep);
                    data.insert("department_id".into(), json!(dep));
                }
                None => return Err(FieldError::new("unit_id", "error.dispatch_none").into()),
            }
            next.step_deadline = deadline(Step::Handle);
            next.due_at = next.due_at.or(next.step_deadline);
        }
        Action::Object => {
            next.department_id = None;
            next.step_deadline = deadline(Step::Dispatch);
        }
        Action::Accept => {}
        Action::Escalate => {
            let parent = m.parent.ok_or(AppError::Conflict("error.escalate_top"))?;
            next.handler_unit_id = parent;
            next.department_id = None;
            next.step_deadline = deadline(Step::Register);
            data.insert("unit_id".into(), json!(parent));
        }
        Action::Feedback => {
            match m.outcome.and_then(|o| o.parse::<Outcome>().ok()) {
                Some(o @ (Outcome::Resolved | Outcome::Referred | Outcome::NotOurs)) => {
                    next.outcome = Some(o);
                    data.insert("outcome".into(), json!(o));
                }
                _ => return Err(FieldError::new("outcome", "error.outcome").into()),
            }
            next.step_deadline = deadline(Step::Verify);
        }
        Action::Verify => {
            // Whoever gave the feedback does not verify it (核查 is someone else's look).
            if m.own_feedback {
                return Err(AppError::Conflict("error.verify_own"));
            }
            next.verified = true;
            next.closed_at = Some(now);
            next.step_deadline = None;
            next.on_time = case.due_at.is_none_or(|due| now <= due);
        }
        Action::Rework => {
            next.verified = true;
            next.reworks += 1;
            next.outcome = None;
            next.step_deadline = deadline(Step::Handle);
        }
        Action::Defer => {
            let days = m
                .days
                .filter(|d| (1..=60).contains(d))
                .ok_or_else(|| FieldError::new("days", "error.defer_days"))?;
            let extend = |t: Option<Stamp>| {
                t.map(|t| {
                    Stamp::from_local(
                        m.calendar.deadline(t.local(), TimeLimit::WorkingDays(days as u32)),
                    )
                })
            };
            next.deferred = true;
            next.overdue = false;
            next.due_at = extend(case.due_at);
            next.step_deadline = extend(case.step_deadline);
            data.insert("days".into(), json!(days));
        }
        Action::Suspend => {
            // What the step and handling had left, in office minutes, is kept for resuming.
            let left = |t: Option<Stamp>| {
                t.map(|t| m.calendar.working_minutes_between(now.local(), t.local()).max(0))
            };
            next.paused_step_minutes = left(case.step_deadline);
            next.paused_due_minutes = left(case.due_at);
            next.step_deadline = None;
            next.deferred = true;
            data.insert("step_minutes_left".into(), json!(next.paused_step_minutes));
        }
        Action::Resume => {
            let back = |minutes: Option<i64>| {
                minutes.map(|mins| {
                    Stamp::from_local(m.calendar.add_working_minutes(now.local(), mins))
                })
            };
            next.step_deadline = back(case.paused_step_minutes);
            next.due_at = back(case.paused_due_minutes).or(case.due_at);
            next.paused_step_minutes = None;
            next.paused_due_minutes = None;
            next.overdue = false;
        }
        Action::Withdraw => {
            next.outcome = Some(Outcome::Withdrawn);
            next.closed_at = Some(now);
            next.step_deadline = None;
        }
        Action::Merge => {
            let into = m.into.ok_or_else(|| FieldError::new("into", "error.required"))?;
            if into == case.id {
                return Err(FieldError::new("into", "error.merge_target").into());
            }
            next.outcome = Some(Outcome::Duplicate);
            next.merged_into = Some(into);
            next.closed_at = Some(now);
            next.step_deadline = None;
            data.insert("into".into(), json!(into));
        }
        Action::FollowUp => {
            let score = m
                .satisfaction
                .filter(|s| (1..=5).contains(s))
                .ok_or_else(|| FieldError::new("satisfaction", "error.satisfaction"))?;
            next.satisfaction = Some(score);
            data.insert("satisfaction".into(), json!(score));
        }
        Action::Reopen => {
            next.outcome = None;
            next.closed_at = None;
            next.satisfaction = None;
            next.on_time = false;
            next.registered = true;
            next.step_deadline = deadline(Step::Dispatch);
        }
    }
    next.events = case.events + 1;
    Ok(Applied { case: next, from: case.state, to, note, data })
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;

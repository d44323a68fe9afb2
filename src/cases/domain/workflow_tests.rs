//! The workflow's rules, one action at a time, on a case held in memory.

use super::*;
use crate::cases::domain::CaseKind;
use crate::cases::domain::category::builtin;
use crate::cases::domain::source::Source;
use crate::platform::hierarchy::unit::UnitPath;
use chrono::NaiveDate;

/// Tuesday 2026-03-10, 10:00 Beijing time: a working day with office hours left.
fn tuesday_ten() -> Stamp {
    Stamp::from_local(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap().and_hms_opt(10, 0, 0).unwrap())
}

fn case(state: CaseState) -> Case {
    let unit = (17, UnitPath::from_stored("/1/3/9/17/".into()));
    Case {
        id: 7,
        state,
        title: "井盖缺失".into(),
        description: "路口井盖缺失".into(),
        source: Source::Grid,
        created_by: Some(2),
        ..Case::reported(CaseKind::Incident, (1, "I0101"), unit, tuesday_ten())
    }
}

/// Runs one action on a case with the manhole category (1h to register and dispatch, 8h to
/// handle, 4h to verify) at Tuesday 10:00.
fn run(c: &Case, action: Action, edit: impl FnOnce(&mut Move)) -> Result<Applied, AppError> {
    let calendar = WorkCalendar::builtin();
    let category = builtin().into_iter().find(|c| c.code == "I0101").unwrap();
    let mut m = Move {
        action,
        note: "",
        now: tuesday_ten(),
        calendar: &calendar,
        category: &category,
        target: None,
        parent: None,
        own_feedback: false,
        outcome: None,
        days: None,
        satisfaction: None,
        into: None,
    };
    edit(&mut m);
    apply(c, &m)
}

fn at(hour: u32, minute: u32) -> Option<Stamp> {
    Some(Stamp::from_local(
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap().and_hms_opt(hour, minute, 0).unwrap(),
    ))
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(errors) => errors[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn registering_counts_the_case_and_starts_the_dispatch_clock() {
    let done = run(&case(CaseState::Reported), Action::Register, |_| {}).unwrap();
    assert_eq!((done.from, done.to), (CaseState::Reported, CaseState::Registered));
    assert!(done.case.registered);
    assert_eq!(done.case.step_deadline, at(11, 0));
    assert_eq!(done.case.events, 2);
}

#[test]
fn an_action_the_state_does_not_allow_names_the_allowed_ones_and_changes_nothing() {
    match run(&case(CaseState::Reported), Action::Verify, |_| {}) {
        Err(AppError::NotAllowed { state, allowed }) => {
            assert_eq!(state, "reported");
            assert_eq!(allowed, ["register", "refuse", "escalate", "withdraw", "merge"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn refusing_needs_a_reason_and_stops_the_clock() {
    assert_eq!(
        field_of(run(&case(CaseState::Reported), Action::Refuse, |_| {}).unwrap_err()),
        "note"
    );
    let mut reported = case(CaseState::Reported);
    reported.step_deadline = at(11, 0);
    let done = run(&reported, Action::Refuse, |m| m.note = "  不属于网格事件 ").unwrap();
    assert_eq!(done.to, CaseState::Refused);
    assert_eq!(done.case.step_deadline, None);
    assert_eq!(done.note, "不属于网格事件");
}

#[test]
fn dispatching_to_a_department_sets_the_handling_deadline_and_the_due_time_once() {
    let done = run(&case(CaseState::Registered), Action::Dispatch, |m| {
        m.target = Some(Target::Department(4))
    })
    .unwrap();
    assert_eq!(done.case.department_id, Some(4));
    // Eight office hours from 10:00: 12:00 and 13:30–17:30 today, then two hours tomorrow.
    let tomorrow = Some(Stamp::from_local(
        NaiveDate::from_ymd_opt(2026, 3, 11).unwrap().and_hms_opt(11, 0, 0).unwrap(),
    ));
    assert_eq!(done.case.step_deadline, tomorrow);
    assert_eq!(done.case.due_at, tomorrow);
    assert_eq!(done.data["department_id"], 4);
    // A second dispatch moves the step, not the promise made to the reporter.
    let mut dispatched = done.case;
    dispatched.due_at = at(17, 0);
    let again = run(&dispatched, Action::Dispatch, |m| m.target = Some(Target::Unit(20))).unwrap();
    assert_eq!((again.case.handler_unit_id, again.case.department_id), (20, None));
    assert_eq!(again.case.due_at, at(17, 0));
    assert_eq!(
        field_of(run(&case(CaseState::Registered), Action::Dispatch, |_| {}).unwrap_err()),
        "unit_id"
    );
}

#[test]
fn escalating_goes_to_the_unit_above_and_stops_at_the_top() {
    let done = run(&case(CaseState::Handling), Action::Escalate, |m| {
        m.note = "村级无法化解";
        m.parent = Some(9);
    })
    .unwrap();
    assert_eq!((done.to, done.case.handler_unit_id), (CaseState::Reported, 9));
    assert_eq!(done.case.step_deadline, at(11, 0));
    let top = run(&case(CaseState::Handling), Action::Escalate, |m| m.note = "上报");
    assert!(matches!(top, Err(AppError::Conflict("error.escalate_top"))));
}

#[test]
fn feedback_proposes_only_the_outcomes_handling_can_give() {
    let handling = case(CaseState::Handling);
    let done = run(&handling, Action::Feedback, |m| {
        m.note = "已更换井盖";
        m.outcome = Some("resolved");
    })
    .unwrap();
    assert_eq!((done.to, done.case.outcome), (CaseState::Handled, Some(Outcome::Resolved)));
    assert_eq!(done.case.step_deadline, at(15, 30));
    for outcome in [None, Some("duplicate"), Some("withdrawn"), Some("closed")] {
        let refused = run(&handling, Action::Feedback, |m| {
            m.note = "x";
            m.outcome = outcome;
        });
        assert_eq!(field_of(refused.unwrap_err()), "outcome");
    }
}

#[test]
fn verifying_closes_on_time_or_late_and_never_by_the_one_who_gave_the_feedback() {
    let mut handled = case(CaseState::Handled);
    handled.outcome = Some(Outcome::Resolved);
    handled.due_at = at(10, 30);
    let done = run(&handled, Action::Verify, |_| {}).unwrap();
    assert_eq!(done.case.state, CaseState::Closed);
    assert!(done.case.verified && done.case.on_time);
    assert_eq!(done.case.closed_at, Some(tuesday_ten()));
    assert!(done.case.facts().resolved);
    handled.due_at = at(9, 30);
    assert!(!run(&handled, Action::Verify, |_| {}).unwrap().case.on_time);
    let own = run(&handled, Action::Verify, |m| m.own_feedback = true);
    assert!(matches!(own, Err(AppError::Conflict("error.verify_own"))));
}

#[test]
fn rework_sends_it_back_and_forgets_the_proposed_outcome() {
    let mut handled = case(CaseState::Handled);
    handled.outcome = Some(Outcome::Resolved);
    let done = run(&handled, Action::Rework, |m| m.note = "井盖未固定").unwrap();
    assert_eq!((done.to, done.case.outcome, done.case.reworks), (CaseState::Handling, None, 1));
    assert!(done.case.facts().reworked);
}

#[test]
fn deferring_extends_both_deadlines_by_working_days_within_sixty() {
    let mut handling = case(CaseState::Handling);
    handling.step_deadline = at(17, 0);
    handling.due_at = at(17, 0);
    handling.overdue = true;
    let done = run(&handling, Action::Defer, |m| {
        m.note = "待采购";
        m.days = Some(2);
    })
    .unwrap();
    assert!(done.case.deferred && !done.case.overdue);
    assert!(done.case.due_at > handling.due_at && done.case.step_deadline == done.case.due_at);
    for days in [None, Some(0), Some(61)] {
        let refused = run(&handling, Action::Defer, |m| {
            m.note = "x";
            m.days = days;
        });
        assert_eq!(field_of(refused.unwrap_err()), "days");
    }
}

#[test]
fn suspending_keeps_the_office_minutes_left_and_resuming_gives_them_back() {
    let mut handling = case(CaseState::Handling);
    handling.step_deadline = at(15, 0);
    let suspended = run(&handling, Action::Suspend, |_| {}).unwrap().case;
    // 10:00–12:00 and 13:30–15:00: 210 office minutes.
    assert_eq!(suspended.paused_step_minutes, Some(210));
    assert_eq!((suspended.state, suspended.step_deadline), (CaseState::Suspended, None));
    let resumed = run(&suspended, Action::Resume, |_| {}).unwrap().case;
    assert_eq!(resumed.step_deadline, at(15, 0));
    assert_eq!((resumed.state, resumed.paused_step_minutes), (CaseState::Handling, None));
}

#[test]
fn merging_closes_as_a_duplicate_of_another_case_only() {
    let reported = case(CaseState::Reported);
    let done = run(&reported, Action::Merge, |m| m.into = Some(3)).unwrap();
    assert_eq!((done.case.outcome, done.case.merged_into), (Some(Outcome::Duplicate), Some(3)));
    assert!(done.case.facts().left_out);
    assert_eq!(field_of(run(&reported, Action::Merge, |m| m.into = Some(7)).unwrap_err()), "into");
    assert_eq!(field_of(run(&reported, Action::Merge, |_| {}).unwrap_err()), "into");
}

#[test]
fn a_follow_up_scores_one_to_five_and_reopening_clears_the_close() {
    let mut closed = case(CaseState::Closed);
    closed.outcome = Some(Outcome::Resolved);
    closed.closed_at = Some(tuesday_ten());
    closed.on_time = true;
    assert_eq!(
        run(&closed, Action::FollowUp, |m| m.satisfaction = Some(5)).unwrap().case.satisfaction,
        Some(5)
    );
    assert_eq!(
        field_of(run(&closed, Action::FollowUp, |m| m.satisfaction = Some(6)).unwrap_err()),
        "satisfaction"
    );
    let reopened = run(&closed, Action::Reopen, |_| {}).unwrap().case;
    assert_eq!(
        (reopened.state, reopened.outcome, reopened.closed_at),
        (CaseState::Registered, None, None)
    );
    assert!(reopened.registered && !reopened.on_time && reopened.is_open());
}

#[test]
fn withdrawing_closes_with_its_own_outcome_left_out_of_the_rates() {
    let done =
        run(&case(CaseState::Dispatched), Action::Withdraw, |m| m.note = "已自行解决").unwrap();
    assert_eq!((done.to, done.case.outcome), (CaseState::Closed, Some(Outcome::Withdrawn)));
    assert!(!done.case.is_open() && done.case.facts().left_out && !done.case.facts().resolved);
}

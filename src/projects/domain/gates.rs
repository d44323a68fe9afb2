//! The gates of a project from signing to capacity, and the order they are passed in. The five
//! factor approvals (要素审批) are one stage: each is its own gate, passed in whatever order the
//! offices answer, all after signing and all before the funds are in place.

use crate::platform::input::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A gate of a project.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Gate {
    /// The contract signed (签约).
    Signed,
    /// Approved or filed as an investment project (立项/备案).
    Filing,
    /// Land-use pre-examination (用地预审).
    Land,
    /// Planning permit (规划许可).
    Planning,
    /// Environmental impact assessment approved (环评).
    Environment,
    /// Construction permit (施工许可).
    Permit,
    /// Funds in place (资金到位).
    Funds,
    /// Construction started (开工).
    Started,
    /// Construction completed (竣工).
    Completed,
    /// In production or in use (投产).
    Production,
    /// Up to designed capacity (达效).
    Capacity,
}

impl Gate {
    /// Every gate, in the order a project passes them.
    pub const ALL: [Gate; 11] = [
        Gate::Signed,
        Gate::Filing,
        Gate::Land,
        Gate::Planning,
        Gate::Environment,
        Gate::Permit,
        Gate::Funds,
        Gate::Started,
        Gate::Completed,
        Gate::Production,
        Gate::Capacity,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Its stage: the factor approvals share one, every other gate is a stage of its own.
    pub fn stage(self) -> u8 {
        match self {
            Gate::Signed => 0,
            Gate::Filing | Gate::Land | Gate::Planning | Gate::Environment | Gate::Permit => 1,
            Gate::Funds => 2,
            Gate::Started => 3,
            Gate::Completed => 4,
            Gate::Production => 5,
            Gate::Capacity => 6,
        }
    }
}

/// The furthest stage a project has reached by a day, from the gates it passed by then: a gate
/// counts as reached once it, or any gate of a later stage, is passed.
pub fn reached(passed: &[(Gate, NaiveDate)], by: NaiveDate, gate: Gate) -> bool {
    passed.iter().any(|(g, on)| *on <= by && (*g == gate || g.stage() > gate.stage()))
}

/// Checks that `gate` may be passed on `on`, given the gates passed so far (`passed`, the gate
/// itself left out) and today: not in the future; every gate of the stages before passed, none
/// later than `on`; no gate of a later stage passed before `on`.
pub fn check_pass(
    passed: &[(Gate, NaiveDate)],
    gate: Gate,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if on > today {
        return Err(FieldError::new("actual_on", "error.projects.future").arg("today", today));
    }
    for before in Gate::ALL.iter().filter(|g| g.stage() < gate.stage()) {
        match passed.iter().find(|(g, _)| g == before) {
            None => {
                return Err(FieldError::new("gate", "error.projects.gate_order")
                    .arg("gate", format!("@projects.gate.{}", before.as_str())));
            }
            Some((_, day)) if *day > on => {
                return Err(FieldError::new("actual_on", "error.projects.gate_before")
                    .arg("gate", format!("@projects.gate.{}", before.as_str()))
                    .arg("day", day));
            }
            Some(_) => {}
        }
    }
    if let Some((g, day)) = passed.iter().find(|(g, day)| g.stage() > gate.stage() && *day < on) {
        return Err(FieldError::new("actual_on", "error.projects.gate_after")
            .arg("gate", format!("@projects.gate.{}", g.as_str()))
            .arg("day", day));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn approvals_come_in_any_order_after_signing_and_before_the_funds() {
        let today = d("2015-10-25");
        let signed = vec![(Gate::Signed, d("2015-03-01"))];
        assert!(check_pass(&signed, Gate::Permit, d("2015-04-01"), today).is_ok());
        assert!(check_pass(&signed, Gate::Land, d("2015-04-01"), today).is_ok());
        let e = check_pass(&signed, Gate::Funds, d("2015-05-01"), today).unwrap_err();
        assert_eq!((e.field.as_str(), e.key), ("gate", "error.projects.gate_order"));
        let e = check_pass(&[], Gate::Filing, d("2015-04-01"), today).unwrap_err();
        assert_eq!(e.args, vec![("gate", "@projects.gate.signed".to_string())]);
    }

    #[test]
    fn a_gate_is_not_passed_before_the_one_it_follows_nor_in_the_future() {
        let today = d("2015-10-25");
        let signed = vec![(Gate::Signed, d("2015-03-01"))];
        let e = check_pass(&signed, Gate::Filing, d("2015-02-01"), today).unwrap_err();
        assert_eq!(e.key, "error.projects.gate_before");
        let e = check_pass(&signed, Gate::Filing, d("2015-10-26"), today).unwrap_err();
        assert_eq!((e.field.as_str(), e.key), ("actual_on", "error.projects.future"));
        let mut all: Vec<(Gate, NaiveDate)> =
            Gate::ALL[..8].iter().map(|g| (*g, d("2015-06-01"))).collect();
        all.retain(|(g, _)| *g != Gate::Land);
        // Redating an approval after the start it came before is refused.
        let e = check_pass(&all, Gate::Land, d("2015-07-01"), today).unwrap_err();
        assert_eq!(e.key, "error.projects.gate_after");
        assert!(check_pass(&all, Gate::Land, d("2015-06-01"), today).is_ok());
    }

    #[test]
    fn a_later_stage_reaches_the_earlier_gates() {
        let passed = vec![(Gate::Signed, d("2015-03-01")), (Gate::Started, d("2015-08-01"))];
        assert!(reached(&passed, d("2015-10-25"), Gate::Permit));
        assert!(reached(&passed, d("2015-10-25"), Gate::Started));
        assert!(!reached(&passed, d("2015-07-31"), Gate::Started));
        assert!(!reached(&passed, d("2015-10-25"), Gate::Completed));
    }
}

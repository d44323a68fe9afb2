//! A schedule worked back from a deadline (倒排工期): given the day the last gate must be passed
//! and how many days each gate takes after the stage before it, the latest day each gate may be
//! passed on and the whole still be on time. The five approvals run side by side.

use crate::platform::input::FieldError;
use crate::projects::domain::gates::Gate;
use chrono::{Duration, NaiveDate};

/// Days each gate typically takes after the one before it, a start for the form.
pub const TYPICAL_DAYS: [(Gate, i64); 10] = [
    (Gate::Filing, 30),
    (Gate::Land, 20),
    (Gate::Planning, 30),
    (Gate::Environment, 30),
    (Gate::Permit, 30),
    (Gate::Funds, 15),
    (Gate::Started, 10),
    (Gate::Completed, 365),
    (Gate::Production, 60),
    (Gate::Capacity, 180),
];

/// The longest a gate may take, in days (ten years).
pub const MAX_DAYS: i64 = 3_650;

/// The latest day of each gate, from signing to `last`, when `last` must be passed by `end`
/// and each gate after signing takes the days given (a gate missing from `days` takes none).
pub fn work_back(
    end: NaiveDate,
    last: Gate,
    days: &[(Gate, i64)],
) -> Result<Vec<(Gate, i64, NaiveDate)>, FieldError> {
    if let Some((g, _)) = days.iter().find(|(_, d)| !(0..=MAX_DAYS).contains(d)) {
        return Err(FieldError::new(
            format!("days.{}", g.as_str()),
            "error.projects.schedule_days",
        )
        .arg("max", MAX_DAYS));
    }
    let took = |g: Gate| days.iter().find(|(x, _)| *x == g).map_or(0, |(_, d)| *d);
    let mut out = Vec::new();
    let mut latest = end;
    // Stage by stage from the last: the approvals share a stage, each due when the funds' stage
    // begins, and the stage before them begins the longest approval earlier.
    for stage in (0..=last.stage()).rev() {
        let gates: Vec<Gate> =
            Gate::ALL.iter().copied().filter(|g| g.stage() == stage && *g <= last).collect();
        for g in gates.iter().rev() {
            out.push((*g, took(*g), latest));
        }
        latest -= Duration::days(gates.iter().map(|g| took(*g)).max().unwrap_or(0));
    }
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_gate_is_due_its_successors_days_before_the_deadline() {
        let end: NaiveDate = "2016-06-30".parse().unwrap();
        let plan = work_back(end, Gate::Completed, &TYPICAL_DAYS).unwrap();
        assert_eq!(plan.len(), 9, "signing to completion");
        assert_eq!(plan.last().unwrap(), &(Gate::Completed, 365, end));
        let started = plan.iter().find(|p| p.0 == Gate::Started).unwrap().2;
        assert_eq!(started, end - Duration::days(365));
        assert_eq!(plan[0].0, Gate::Signed);
        // The approvals run side by side: the longest of them, not their sum, comes before.
        assert_eq!(plan[0].2, end - Duration::days(365 + 10 + 15 + 30));
        let land = plan.iter().find(|p| p.0 == Gate::Land).unwrap().2;
        assert_eq!(land, plan.iter().find(|p| p.0 == Gate::Permit).unwrap().2);
        let e = work_back(end, Gate::Completed, &[(Gate::Land, -1)]).unwrap_err();
        assert_eq!(e.field, "days.land");
    }
}

//! Rates you can explain. Each case contributes a vector of counts to the cohort of the day it
//! was reported; rollups keep the sums per unit, day and category, and every rate is a ratio of
//! those sums with its numerator, denominator and exclusions in view.

use serde::Serialize;

/// What one case adds to its cohort's counts. The fields are the rollup table's columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// Found (排查): every case reported.
    pub found: i64,
    /// Registered (立案) at least once.
    pub registered: i64,
    /// Closed with the outcome resolved (化解). Never counted from "closed".
    pub resolved: i64,
    /// Closed, whatever the outcome.
    pub closed: i64,
    /// Closed as a duplicate or withdrawn: left out of denominators.
    pub left_out: i64,
    /// Registered cases whose handling came due: closed, or overdue while open.
    pub due: i64,
    /// Of those, with an approved deferral: left out of the on-time rate.
    pub due_deferred: i64,
    /// Due, not deferred, and closed by the deadline.
    pub on_time: i64,
    /// With an approved deferral (延期).
    pub deferred: i64,
    /// Verified (核查) at least once.
    pub verified: i64,
    /// Sent back for rework (返工) at least once.
    pub reworked: i64,
    /// With a follow-up visit's satisfaction.
    pub followed_up: i64,
    /// The satisfaction scores (1–5) summed.
    pub satisfaction_sum: i64,
}

/// The facts about a case that its contribution depends on.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseFacts {
    /// Ever registered.
    pub registered: bool,
    /// Closed now.
    pub closed: bool,
    /// Closed as resolved.
    pub resolved: bool,
    /// Closed as a duplicate or withdrawn.
    pub left_out: bool,
    /// Flagged overdue while open.
    pub overdue: bool,
    /// Has an approved deferral.
    pub deferred: bool,
    /// Verified at least once.
    pub verified: bool,
    /// Reworked at least once.
    pub reworked: bool,
    /// Closed by its due time.
    pub on_time: bool,
    /// The follow-up's satisfaction, 1–5.
    pub satisfaction: Option<i64>,
}

impl Counts {
    /// The contribution of one case.
    pub fn of(f: &CaseFacts) -> Counts {
        let b = i64::from;
        let due = f.registered && !f.left_out && (f.closed || f.overdue);
        Counts {
            found: 1,
            registered: b(f.registered),
            resolved: b(f.resolved),
            closed: b(f.closed),
            left_out: b(f.left_out),
            due: b(due),
            due_deferred: b(due && f.deferred),
            on_time: b(due && !f.deferred && f.closed && f.on_time),
            deferred: b(f.deferred),
            verified: b(f.verified),
            reworked: b(f.reworked),
            followed_up: b(f.satisfaction.is_some()),
            satisfaction_sum: f.satisfaction.unwrap_or(0),
        }
    }

    /// `self − other`, field by field: what a change of a case adds to its rollups.
    pub fn minus(&self, other: &Counts) -> Counts {
        self.zip(other, |a, b| a - b)
    }

    /// `self + other`.
    pub fn plus(&self, other: &Counts) -> Counts {
        self.zip(other, |a, b| a + b)
    }

    /// Whether every field is zero (nothing to write).
    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }

    /// The fields in the rollup table's column order.
    pub fn fields(&self) -> [i64; 13] {
        [
            self.found,
            self.registered,
            self.resolved,
            self.closed,
            self.left_out,
            self.due,
            self.due_deferred,
            self.on_time,
            self.deferred,
            self.verified,
            self.reworked,
            self.followed_up,
            self.satisfaction_sum,
        ]
    }

    /// The inverse of [`Counts::fields`].
    pub fn from_fields(f: [i64; 13]) -> Counts {
        Counts {
            found: f[0],
            registered: f[1],
            resolved: f[2],
            closed: f[3],
            left_out: f[4],
            due: f[5],
            due_deferred: f[6],
            on_time: f[7],
            deferred: f[8],
            verified: f[9],
            reworked: f[10],
            followed_up: f[11],
            satisfaction_sum: f[12],
        }
    }

    fn zip(&self, other: &Counts, f: impl Fn(i64, i64) -> i64) -> Counts {
        let (a, b) = (self.fields(), other.fields());
        Counts::from_fields(std::array::from_fn(|i| f(a[i], b[i])))
    }
}

/// The rollup columns, in [`Counts::fields`] order.
pub const COLUMNS: [&str; 13] = [
    "found",
    "registered",
    "resolved",
    "closed",
    "left_out",
    "due",
    "due_deferred",
    "on_time",
    "deferred",
    "verified",
    "reworked",
    "followed_up",
    "satisfaction_sum",
];

/// A rate with what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rate {
    /// numerator ÷ denominator, or none when the denominator is zero.
    pub value: Option<f64>,
    /// What was counted.
    pub numerator: i64,
    /// What it was counted out of, exclusions already taken off.
    pub denominator: i64,
    /// Cases left out of the denominator.
    pub excluded: i64,
}

impl Rate {
    fn new(numerator: i64, whole: i64, excluded: i64) -> Rate {
        let denominator = whole - excluded;
        let value = (denominator > 0).then(|| numerator as f64 / denominator as f64);
        Rate { value, numerator, denominator, excluded }
    }
}

/// The rates of a set of cases.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rates {
    /// Resolved ÷ (found − duplicates and withdrawn).
    pub resolution_rate: Rate,
    /// Closed ÷ registered.
    pub closure_rate: Rate,
    /// Closed on time ÷ (due − deferred).
    pub on_time_closure_rate: Rate,
    /// Reworked ÷ verified.
    pub rework_rate: Rate,
    /// Deferred ÷ registered.
    pub extension_rate: Rate,
    /// Average satisfaction (1–5): sum ÷ follow-ups.
    pub satisfaction: Rate,
}

impl Rates {
    /// The rates of summed counts.
    pub fn of(c: &Counts) -> Rates {
        Rates {
            resolution_rate: Rate::new(c.resolved, c.found, c.left_out),
            closure_rate: Rate::new(c.closed, c.registered, 0),
            on_time_closure_rate: Rate::new(c.on_time, c.due, c.due_deferred),
            rework_rate: Rate::new(c.reworked, c.verified, 0),
            extension_rate: Rate::new(c.deferred, c.registered, 0),
            satisfaction: Rate::new(c.satisfaction_sum, c.followed_up, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_figures() {
        let resolved = Counts::of(&CaseFacts {
            registered: true,
            closed: true,
            resolved: true,
            verified: true,
            ..Default::default()
        });
        let open = Counts::of(&CaseFacts { registered: true, ..Default::default() });
        let mut sum = Counts::default();
        for _ in 0..1372 {
            sum = sum.plus(&resolved);
        }
        for _ in 0..21 {
            sum = sum.plus(&open);
        }
        let rates = Rates::of(&sum);
        assert_eq!((sum.found, sum.resolved), (1393, 1372));
        assert_eq!(format!("{:.1}", rates.resolution_rate.value.unwrap() * 100.0), "98.5");
    }

    #[test]
    fn duplicates_leave_the_denominator_and_closed_is_not_resolved() {
        let dup = Counts::of(&CaseFacts {
            registered: true,
            closed: true,
            left_out: true,
            ..Default::default()
        });
        let referred = Counts::of(&CaseFacts {
            registered: true,
            closed: true,
            verified: true,
            ..Default::default()
        });
        let rates = Rates::of(&dup.plus(&referred));
        assert_eq!(
            rates.resolution_rate,
            Rate { value: Some(0.0), numerator: 0, denominator: 1, excluded: 1 }
        );
        assert_eq!(rates.closure_rate.numerator, 2);
        assert_eq!(dup.due, 0, "a duplicate never comes due");
    }

    #[test]
    fn on_time_leaves_out_deferred_cases() {
        let late = Counts::of(&CaseFacts { registered: true, overdue: true, ..Default::default() });
        let deferred = Counts::of(&CaseFacts {
            registered: true,
            closed: true,
            resolved: true,
            deferred: true,
            on_time: true,
            ..Default::default()
        });
        let prompt = Counts::of(&CaseFacts {
            registered: true,
            closed: true,
            resolved: true,
            on_time: true,
            ..Default::default()
        });
        let r = Rates::of(&late.plus(&deferred).plus(&prompt)).on_time_closure_rate;
        assert_eq!((r.numerator, r.denominator, r.excluded), (1, 2, 1));
        assert_eq!(prompt.minus(&prompt), Counts::default());
    }
}

//! The promotion rates as stored definitions (places define them differently, so a definition is
//! data with a version, never a formula in code): a numerator and a denominator, each a sum of
//! terms over the deals signed in the year up to the day asked, and a rounding rule. A figure
//! names the definition and version that made it and lists the deals behind each side.

use crate::platform::input::FieldError;
use crate::projects::domain::gates::{self, Gate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The rates a zone keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Code {
    /// Contract fulfilment rate (履约率).
    FulfilmentRate,
    /// Funds-in-place rate (资金到位率).
    FundsInPlaceRate,
    /// Start rate (开工率).
    StartRate,
}

impl Code {
    /// Every rate, in the order the dashboard shows them.
    pub const ALL: [Code; 3] = [Code::FulfilmentRate, Code::FundsInPlaceRate, Code::StartRate];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// An amount a deal carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// The contract's value (签约额).
    ContractValue,
    /// The contract funds to be brought in (合同引进资金).
    ContractFunds,
    /// The funds arrived by the day (到位资金).
    FundsArrived,
}

/// One term of a side: the deals signed in the year to the day that pass its filters, counted
/// or with one amount summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// What a deal adds: omitted, one (a count); else the amount named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<Amount>,
    /// Only deals that reached this gate by the day (a later stage reaches it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<Gate>,
    /// Only deals that had not reached this gate by the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_reached: Option<Gate>,
    /// Only terminated deals (`true`), only those in force (`false`), or both (omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<bool>,
}

/// How a rate's percentage is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (四舍五入).
    HalfUp,
    /// Toward zero (截尾).
    Down,
}

/// A rate's definition as a version stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Definition {
    /// Which rate.
    pub code: Code,
    /// From 1, one more with each change.
    pub version: i64,
    /// Its terms, added.
    pub numerator: Vec<Term>,
    /// Its terms, added.
    pub denominator: Vec<Term>,
    /// Decimals of the percentage kept, 0 to 4.
    pub scale: u32,
    /// How the percentage is rounded to them.
    pub rounding: Rounding,
    /// The first day whose figures it makes.
    #[schema(value_type = String)]
    pub valid_from: NaiveDate,
}

/// A deal as a rate sees it on a day.
#[derive(Debug, Clone)]
pub struct Deal {
    /// Its project (none for a group).
    pub project_id: i64,
    /// How many deals it stands for: 1, or a group of deals alike to every rate (the same
    /// gates passed, terminated or not) whose amounts are their sums.
    pub deals: i64,
    /// The gates passed, with their days.
    pub passed: Vec<(Gate, NaiveDate)>,
    /// When it was terminated, if it was.
    pub terminated_on: Option<NaiveDate>,
    /// 签约额.
    pub contract_value_fen: i64,
    /// 合同引进资金.
    pub contract_funds_fen: i64,
    /// The funds arrived by the day.
    pub funds_arrived_fen: i64,
}

impl Term {
    /// What the deal adds to this term on `by`: nothing if a filter leaves it out.
    pub fn of(&self, deal: &Deal, by: NaiveDate) -> i64 {
        let terminated = deal.terminated_on.is_some_and(|t| t <= by);
        let keeps = self.terminated.is_none_or(|t| t == terminated)
            && self.reached.is_none_or(|g| gates::reached(&deal.passed, by, g))
            && self.not_reached.is_none_or(|g| !gates::reached(&deal.passed, by, g));
        match (keeps, self.sum) {
            (false, _) => 0,
            (true, None) => deal.deals,
            (true, Some(Amount::ContractValue)) => deal.contract_value_fen,
            (true, Some(Amount::ContractFunds)) => deal.contract_funds_fen,
            (true, Some(Amount::FundsArrived)) => deal.funds_arrived_fen,
        }
    }

    /// Whether every deal this term keeps, the other keeps too.
    fn within(&self, other: &Term) -> bool {
        other.terminated.is_none_or(|t| self.terminated == Some(t))
            && other.reached.is_none_or(|r| self.reached.is_some_and(|own| implies(own, r)))
            && other.not_reached.is_none_or(|n| self.not_reached.is_some_and(|own| implies(n, own)))
    }

    /// Whether no deal can pass its filters.
    fn empty(&self) -> bool {
        self.reached.zip(self.not_reached).is_some_and(|(r, n)| implies(r, n))
    }

    /// Whether some deal could be kept by both.
    fn overlaps(&self, other: &Term) -> bool {
        let apart =
            |a: &Term, b: &Term| a.reached.zip(b.not_reached).is_some_and(|(r, n)| implies(r, n));
        let terminated_apart =
            matches!((self.terminated, other.terminated), (Some(x), Some(y)) if x != y);
        !(terminated_apart || apart(self, other) || apart(other, self))
    }
}

/// Whether reaching gate `a` by a day means gate `b` was reached by then: the same gate, or a
/// later stage (the approvals share a stage, and one of them does not imply another).
fn implies(a: Gate, b: Gate) -> bool {
    a == b || a.stage() > b.stage()
}

impl Definition {
    /// Checks the definition can be evaluated honestly: each side has terms; counts are not
    /// divided by sums; a count's numerator keeps only deals its denominator keeps, each once,
    /// so the denominator is never zero while the numerator is not and the rate never passes
    /// 100%; the rounding keeps at most four decimals.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, side) in [("numerator", &self.numerator), ("denominator", &self.denominator)] {
            if side.is_empty() || side.len() > 8 {
                errors.push(FieldError::new(field, "error.projects.rate_terms").arg("max", 8));
            }
            if side.iter().any(Term::empty) {
                errors.push(FieldError::new(field, "error.projects.rate_empty_term"));
            }
        }
        let counts = |side: &[Term]| side.iter().all(|t| t.sum.is_none());
        let sums = |side: &[Term]| side.iter().all(|t| t.sum.is_some());
        let (n, d) = (&self.numerator, &self.denominator);
        if !(counts(n) && counts(d) || sums(n) && sums(d)) {
            errors.push(FieldError::new("numerator", "error.projects.rate_mixed"));
        } else if counts(n) && !d.is_empty() {
            if n.iter().any(|t| !d.iter().any(|o| t.within(o))) {
                errors.push(FieldError::new("numerator", "error.projects.rate_outside"));
            }
            let pairs =
                n.iter().enumerate().flat_map(|(i, a)| n[i + 1..].iter().map(move |b| (a, b)));
            if pairs.clone().any(|(a, b)| a.overlaps(b)) {
                errors.push(FieldError::new("numerator", "error.projects.rate_overlap"));
            }
        }
        if self.scale > 4 {
            errors.push(FieldError::new("scale", "error.projects.rate_scale").arg("max", 4));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The figure on `by` over these deals (those signed in the year to the day).
    pub fn evaluate(&self, deals: &[Deal], by: NaiveDate) -> Figure {
        let side = |terms: &[Term]| -> i64 {
            deals.iter().map(|deal| terms.iter().map(|t| t.of(deal, by)).sum::<i64>()).sum()
        };
        let (numerator, denominator) = (side(&self.numerator), side(&self.denominator));
        Figure { value: self.percent(numerator, denominator), numerator, denominator }
    }

    /// The deals one side counts on `by` (for a sum, those adding more than zero).
    pub fn behind(&self, deals: &[Deal], by: NaiveDate, numerator: bool) -> Vec<i64> {
        let terms = if numerator { &self.numerator } else { &self.denominator };
        deals
            .iter()
            .filter(|deal| terms.iter().any(|t| t.of(deal, by) != 0))
            .map(|deal| deal.project_id)
            .collect()
    }

    /// The percentage, rounded by the rule, as a decimal text (`97`, `83.33`); none when the
    /// denominator is zero.
    pub fn percent(&self, numerator: i64, denominator: i64) -> Option<String> {
        if denominator == 0 {
            return None;
        }
        let scale = 10i128.pow(self.scale);
        let (n, d) = (numerator as i128 * 100 * scale, denominator as i128);
        let scaled = match self.rounding {
            Rounding::HalfUp => (2 * n + d.signum() * n.signum() * d.abs()) / (2 * d),
            Rounding::Down => n / d,
        };
        let (whole, frac) = (scaled / scale, (scaled % scale).abs());
        Some(if self.scale == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{frac:0width$}", width = self.scale as usize)
        })
    }
}

/// A rate's figure: its value and the two counts or sums it was made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The percentage as the rule rounds it; none when the denominator is zero.
    pub value: Option<String>,
    /// The numerator.
    pub numerator: i64,
    /// The denominator.
    pub denominator: i64,
}

/// The definitions a new zone starts from, as DOMAIN.md gives them, valid from 2000-01-01.
pub fn first_versions() -> Vec<Definition> {
    let count =
        |reached, not_reached, terminated| Term { sum: None, reached, not_reached, terminated };
    let sum = |amount| Term {
        sum: Some(amount),
        reached: None,
        not_reached: None,
        terminated: Some(false),
    };
    let from = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a day");
    let define = |code, numerator, denominator| Definition {
        code,
        version: 1,
        numerator,
        denominator,
        scale: 0,
        rounding: Rounding::HalfUp,
        valid_from: from,
    };
    vec![
        // Projects still in approvals count as fulfilled; terminated ones do not.
        define(
            Code::FulfilmentRate,
            vec![count(None, None, Some(false))],
            vec![count(None, None, None)],
        ),
        // Funds arrived over the contract funds to be brought in, not over total investment.
        define(
            Code::FundsInPlaceRate,
            vec![sum(Amount::FundsArrived)],
            vec![sum(Amount::ContractFunds)],
        ),
        // (Started + completed) over signed.
        define(
            Code::StartRate,
            vec![
                count(Some(Gate::Started), Some(Gate::Completed), None),
                count(Some(Gate::Completed), None, None),
            ],
            vec![count(None, None, None)],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn deal(id: i64, gates: &[(Gate, &str)], terminated: Option<&str>) -> Deal {
        Deal {
            project_id: id,
            deals: 1,
            passed: gates.iter().map(|(g, s)| (*g, d(s))).collect(),
            terminated_on: terminated.map(d),
            contract_value_fen: 100,
            contract_funds_fen: 100,
            funds_arrived_fen: 30 * id,
        }
    }

    #[test]
    fn the_first_versions_make_the_sources_figures() {
        let by = d("2015-10-25");
        let mut deals: Vec<Deal> = (1..=71)
            .map(|i| deal(i, &[(Gate::Signed, "2015-02-01"), (Gate::Started, "2015-06-01")], None))
            .collect();
        deals.push(deal(72, &[(Gate::Signed, "2015-09-01")], None));
        deals.push(deal(73, &[(Gate::Signed, "2015-09-01"), (Gate::Filing, "2015-10-01")], None));
        let [fulfilment, _, start] = <[Definition; 3]>::try_from(first_versions()).unwrap();
        for def in first_versions() {
            def.check().unwrap();
        }
        let f = start.evaluate(&deals, by);
        assert_eq!((f.value.as_deref(), f.numerator, f.denominator), (Some("97"), 71, 73));
        assert_eq!(fulfilment.evaluate(&deals, by).value.as_deref(), Some("100"));
        assert_eq!(start.behind(&deals, by, true).len(), 71);
        // A deal terminated by the day is not fulfilled; before its termination, it was.
        deals[0].terminated_on = Some(d("2015-10-01"));
        assert_eq!(fulfilment.evaluate(&deals, by).numerator, 72);
        assert_eq!(fulfilment.evaluate(&deals, d("2015-09-30")).numerator, 73);
    }

    #[test]
    fn rounding_follows_the_rule() {
        let mut def = first_versions().remove(2);
        assert_eq!(def.percent(71, 73).as_deref(), Some("97"));
        def.scale = 2;
        assert_eq!(def.percent(10, 12).as_deref(), Some("83.33"));
        assert_eq!(def.percent(2, 3).as_deref(), Some("66.67"));
        def.rounding = Rounding::Down;
        assert_eq!(def.percent(2, 3).as_deref(), Some("66.66"));
        assert_eq!(def.percent(1, 0), None);
    }

    #[test]
    fn a_definition_that_could_divide_by_zero_or_count_twice_is_refused() {
        let mut def = first_versions().remove(2);
        // Started over those in force: a terminated started deal would be on top only.
        def.denominator[0].terminated = Some(false);
        let e = def.check().unwrap_err();
        assert_eq!((e[0].field.as_str(), e[0].key), ("numerator", "error.projects.rate_outside"));
        let mut def = first_versions().remove(2);
        def.numerator[0].not_reached = None;
        assert_eq!(def.check().unwrap_err()[0].key, "error.projects.rate_overlap");
        let mut def = first_versions().remove(2);
        def.denominator.clear();
        assert_eq!(def.check().unwrap_err()[0].field, "denominator");
        let mut def = first_versions().remove(1);
        def.denominator[0].sum = None;
        assert_eq!(def.check().unwrap_err()[0].key, "error.projects.rate_mixed");
        let mut def = first_versions().remove(2);
        def.numerator[0].reached = Some(Gate::Completed);
        assert_eq!(def.check().unwrap_err()[0].key, "error.projects.rate_empty_term");
    }
}

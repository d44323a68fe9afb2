//! What the monthly bulletin (月通报) and the quarterly analysis (季分析) say of key projects and
//! promotion, for a unit and a month or a quarter: the projects of each level, the milestones
//! passed, investment against the plan and the time elapsed, the promotion figures, the problem
//! ledger's movement and the inspection list's length. Supervision assembles the bulletin from
//! these; each figure is the capability's own report, made again from the records.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult, Paging};
use crate::projects::services::progress::Progress;
use crate::projects::services::promotion::Summary;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// The most milestones listed.
pub const MAX_MILESTONES: i64 = 500;

/// A month (`2015-10`) or a quarter (`2015-Q3`): its first and last day.
pub fn span(text: &str) -> Result<(NaiveDate, NaiveDate), FieldError> {
    let bad = || FieldError::new("period", "error.projects.bulletin_period");
    let t = text.trim();
    let (first, months) = match t.split_once("-Q") {
        Some((y, q)) => {
            let q: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            (NaiveDate::from_ymd_opt(y.parse().map_err(|_| bad())?, 3 * q - 2, 1), 3)
        }
        None if t.len() == 7 => (NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").ok(), 1),
        None => (None, 1),
    };
    let first = first.filter(|d| (2000..=2100).contains(&d.year())).ok_or_else(bad)?;
    let last =
        first.checked_add_months(Months::new(months)).ok_or_else(bad)? - chrono::Days::new(1);
    Ok((first, last))
}

/// How many projects of a level.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LevelCount {
    /// `provincial`, `municipal`, `zone` or `promotion`.
    pub level: String,
    /// How many, not cancelled by the span's end.
    pub count: i64,
}

/// A milestone passed in the span.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Milestone {
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub name: String,
    /// Its level.
    pub level: String,
    /// `started` (新开工), `completed` (竣工) or `production` (投产).
    pub gate: String,
    /// The day.
    pub actual_on: String,
}

/// How many passed a milestone in the span.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MilestoneCount {
    /// The gate.
    pub gate: String,
    /// Of key projects.
    pub key: i64,
    /// Of promotion deals.
    pub promotion: i64,
}

/// The problem ledger over the span.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemCounts {
    /// Raised in it.
    pub raised: i64,
    /// Solved in it.
    pub solved: i64,
    /// Open at its end.
    pub open: i64,
    /// Of those, past their deadline.
    pub overdue: i64,
}

/// The projects' part of a bulletin.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ProjectsBulletin)]
pub struct Bulletin {
    /// As asked: `2015-10` or `2015-Q3`.
    pub period: String,
    /// Its first day.
    #[schema(value_type = String)]
    pub from: NaiveDate,
    /// The last day counted: the span's last, or today if that is earlier.
    #[schema(value_type = String)]
    pub to: NaiveDate,
    /// The projects of each level.
    pub levels: Vec<LevelCount>,
    /// Milestones passed, by gate.
    pub milestone_counts: Vec<MilestoneCount>,
    /// The milestones, by day (at most [`MAX_MILESTONES`]).
    pub milestones: Vec<Milestone>,
    /// Investment through the span's last month against the plan and the time elapsed.
    pub investment: Progress,
    /// The promotion figures on the last day counted.
    pub promotion: Summary,
    /// The problem ledger.
    pub problems: ProblemCounts,
    /// Items on the inspection list on the last day counted.
    pub inspection_items: i64,
}

/// The projects' part of the bulletin of a visible unit (default: the actor's first) for a
/// month or a quarter.
pub async fn of(db: &Db, actor: &Actor, unit_id: Option<i64>, period: &str) -> AppResult<Bulletin> {
    let (from, last) = span(period).map_err(|e| AppError::Invalid(vec![e]))?;
    let unit_id = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let range = actor.unit_path(db, unit_id).await?.subtree_range();
    let to = last.min(db.clock.today());
    if to < from {
        return Err(AppError::Invalid(vec![FieldError::new(
            "period",
            "error.projects.bulletin_future",
        )]));
    }
    let days = (from.to_string(), to.to_string());
    let store = &db.pool;
    let levels = crate::projects::store::bulletin::levels(store, &range, &days.1).await?;
    let (rows, counts) = crate::projects::store::bulletin::milestones(
        store,
        &range,
        (&days.0, &days.1),
        MAX_MILESTONES,
    )
    .await?;
    let mut milestone_counts: Vec<MilestoneCount> = Vec::new();
    for (gate, promotion, n) in counts {
        if milestone_counts.last().is_none_or(|c| c.gate != gate) {
            milestone_counts.push(MilestoneCount { gate: gate.clone(), key: 0, promotion: 0 });
        }
        if let Some(c) = milestone_counts.last_mut() {
            *(if promotion == 1 { &mut c.promotion } else { &mut c.key }) += n;
        }
    }
    let (raised, solved, open, overdue) =
        crate::projects::store::bulletin::problems(store, &range, (&days.0, &days.1)).await?;
    let month = to.with_day(1).unwrap_or(to);
    let investment =
        crate::projects::services::progress::of_unit(db, actor, unit_id, month).await?;
    let promotion =
        crate::projects::services::promotion::summary(db, actor, Some(unit_id), to).await?;
    let one = Paging { page: 1, page_size: 1 };
    let (inspection, _) =
        crate::projects::services::inspection::list(db, actor, Some(unit_id), to, one).await?;
    Ok(Bulletin {
        period: period.trim().to_string(),
        from,
        to,
        levels: levels.into_iter().map(|(level, count)| LevelCount { level, count }).collect(),
        milestone_counts,
        milestones: rows
            .into_iter()
            .map(|m| Milestone {
                project_id: m.project_id,
                name: m.name,
                level: m.level,
                gate: m.gate,
                actual_on: m.actual_on,
            })
            .collect(),
        investment,
        promotion,
        problems: ProblemCounts { raised, solved, open, overdue },
        inspection_items: inspection.total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_quarters_and_what_is_neither() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(span("2015-10").unwrap(), (d("2015-10-01"), d("2015-10-31")));
        assert_eq!(span("2015-Q3").unwrap(), (d("2015-07-01"), d("2015-09-30")));
        assert_eq!(span("2015-Q4").unwrap(), (d("2015-10-01"), d("2015-12-31")));
        for bad in ["2015-Q5", "2015-Q0", "2015-13", "2015", "15-10", "2015-10-01", "9999-01", ""] {
            assert!(span(bad).is_err(), "{bad}");
        }
    }
}

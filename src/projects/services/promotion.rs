//! The promotion summary (招商引资): the deals signed in the year up to a day in a unit's
//! subtree, their value and size bands, the funding won from higher levels, and each rate by
//! the definition in force that day (or a version asked for), with the deals behind it.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppResult;
use crate::projects::domain::Band;
use crate::projects::domain::gates::Gate;
use crate::projects::domain::rates::{Code, Deal, Definition};
use crate::projects::services::definitions::{self, Version};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A rate's figure, naming what made it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RateFigure {
    /// The percentage as the definition rounds it (`97`); none when the denominator is zero.
    pub value: Option<String>,
    /// Its numerator (a count, or fen).
    pub numerator: i64,
    /// Its denominator.
    pub denominator: i64,
    /// The rate (`start_rate`).
    pub definition: Code,
    /// The definition's version.
    pub version: i64,
}

/// The promotion summary of a unit on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = PromotionSummary)]
pub struct Summary {
    /// The unit.
    pub unit_id: i64,
    /// The day.
    #[schema(value_type = String)]
    pub as_of: NaiveDate,
    /// Deals signed from 1 January to the day (terminated ones included: they were signed).
    pub signed_count: i64,
    /// Their contract value, fen.
    pub signed_value_fen: i64,
    /// Of them, of 1 billion yuan or more.
    pub count_1bn_plus: i64,
    /// Of them, of 500 million to under 1 billion.
    pub count_500m_to_1bn: i64,
    /// 履约率.
    pub fulfilment_rate: RateFigure,
    /// 资金到位率.
    pub funds_in_place_rate: RateFigure,
    /// 开工率.
    pub start_rate: RateFigure,
    /// Projects that won funding from higher levels in the year to the day.
    pub higher_funding_count: i64,
    /// How much, fen.
    pub higher_funding_fen: i64,
}

/// The deals signed in the year to `by` in the unit's subtree, as the rates see them, with
/// their projects' names and contract values.
pub struct Signed {
    /// The deals.
    pub deals: Vec<Deal>,
    /// (project, name) in the same order.
    pub names: Vec<(i64, String)>,
}

/// The year's bounds of a visible unit's cohort on a day: its subtree and the days.
async fn window(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<((String, String), String, String)> {
    let unit = actor.unit_path(db, unit_id).await?;
    let from = NaiveDate::from_ymd_opt(by.year(), 1, 1).unwrap_or(by);
    Ok((unit.subtree_range(), from.to_string(), by.to_string()))
}

/// The gates of a bit mask (bit `i`: the `i`-th of `Gate::ALL`), each dated the day: the rates
/// ask only whether a gate was passed by then.
fn passed(mask: i64, by: NaiveDate) -> Vec<(Gate, NaiveDate)> {
    Gate::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| mask >> i & 1 == 1)
        .map(|(_, g)| (*g, by))
        .collect()
}

fn gate_names() -> Vec<&'static str> {
    Gate::ALL.iter().map(|g| g.as_str()).collect()
}

/// Reads the cohort of a visible unit, a deal at a time (to list the deals behind a figure).
pub async fn signed(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<(i64, Signed, (String, String))> {
    let (range, from, to) = window(db, actor, unit_id, by).await?;
    let mut rows =
        crate::projects::store::deals::cohort(&db.pool, &range, &from, &to, &gate_names()).await?;
    rows.sort_unstable_by_key(|r| r.project_id);
    let day = |s: &str| s.parse::<NaiveDate>().ok();
    let deals = rows
        .iter()
        .map(|r| Deal {
            project_id: r.project_id,
            deals: 1,
            passed: passed(r.passed, by),
            terminated_on: r.terminated_on.as_deref().and_then(day),
            contract_value_fen: r.contract_value_fen,
            contract_funds_fen: r.contract_funds_fen,
            funds_arrived_fen: r.arrived,
        })
        .collect();
    let names = rows.into_iter().map(|r| (r.project_id, r.name)).collect();
    Ok((unit_id, Signed { deals, names }, range))
}

/// The cohort of a visible unit in groups alike to every rate (see `Deal::deals`), and how
/// many deals each size band of `Band::ALL` holds: all the summary needs, in a few dozen rows.
pub async fn alike(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<(Vec<Deal>, [i64; 4], (String, String))> {
    let (range, from, to) = window(db, actor, unit_id, by).await?;
    let floors = Band::ALL.map(Band::floor);
    let mut mapped = crate::platform::db::mapped::Mapped::open(db).await?;
    let rows = crate::projects::store::deals::cohort_alike(
        mapped.conn(),
        &range,
        (&from, &to),
        &gate_names(),
        &floors[..floors.len() - 1],
    )
    .await?;
    // On a failure above, dropping `mapped` closes its connection instead.
    mapped.close().await?;
    let mut bands = [0; 4];
    let groups = rows
        .into_iter()
        .map(|r| {
            bands[(r.band as usize).min(3)] += r.deals;
            Deal {
                project_id: 0,
                deals: r.deals,
                passed: passed(r.passed, by),
                terminated_on: (r.terminated == 1).then_some(by),
                contract_value_fen: r.contract_value_fen,
                contract_funds_fen: r.contract_funds_fen,
                funds_arrived_fen: r.arrived,
            }
        })
        .collect();
    Ok((groups, bands, range))
}

fn figure(d: &Definition, deals: &[Deal], by: NaiveDate) -> RateFigure {
    let f = d.evaluate(deals, by);
    RateFigure {
        value: f.value,
        numerator: f.numerator,
        denominator: f.denominator,
        definition: d.code,
        version: d.version,
    }
}

/// The summary of a unit (default: the actor's first) on a day.
pub async fn summary(
    db: &Db,
    actor: &Actor,
    unit_id: Option<i64>,
    by: NaiveDate,
) -> AppResult<Summary> {
    let unit_id = unit_id
        .or_else(|| actor.anchors().first().copied())
        .ok_or(crate::platform::service::AppError::NotFound)?;
    Ok(summary_of(db, actor, unit_id, by).await?.0)
}

async fn summary_of(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<(Summary, Vec<Deal>, (String, String))> {
    let (groups, bands, range) = alike(db, actor, unit_id, by).await?;
    let versions: Vec<Version> = definitions::all(db).await?;
    let rate = |code| definitions::in_force(&versions, code, by).map(|d| figure(d, &groups, by));
    let from = NaiveDate::from_ymd_opt(by.year(), 1, 1).unwrap_or(by).to_string();
    let (higher_funding_count, higher_funding_fen) =
        crate::projects::store::deals::won_total(&db.pool, &range, &from, &by.to_string()).await?;
    let summary = Summary {
        unit_id,
        as_of: by,
        signed_count: groups.iter().map(|d| d.deals).sum(),
        signed_value_fen: groups.iter().map(|d| d.contract_value_fen).sum(),
        count_1bn_plus: bands[0],
        count_500m_to_1bn: bands[1],
        fulfilment_rate: rate(Code::FulfilmentRate)?,
        funds_in_place_rate: rate(Code::FundsInPlaceRate)?,
        start_rate: rate(Code::StartRate)?,
        higher_funding_count,
        higher_funding_fen,
    };
    Ok((summary, groups, range))
}

/// The summary and the pipeline of a unit on a day, from one reading of its deals (the
/// dashboard shows both).
pub async fn with_pipeline(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<(Summary, Pipeline)> {
    let (summary, groups, range) = summary_of(db, actor, unit_id, by).await?;
    let pipeline = pipeline_of(db, &groups, &range, by).await?;
    Ok((summary, pipeline))
}

/// Which deals to list behind a figure.
#[derive(Debug, Clone, Copy)]
pub enum Behind {
    /// Every deal signed in the year to the day.
    Signed,
    /// Those of a size band.
    Band(Band),
    /// Those one side of a rate counts, by a version (the one in force when none is named).
    Rate { code: Code, version: Option<i64>, numerator: bool },
}

/// The ids of the projects behind a figure, and the definition that chose them, if a rate did.
pub async fn behind(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
    which: Behind,
) -> AppResult<(Vec<i64>, Option<Definition>)> {
    let (_, s, _) = signed(db, actor, unit_id, by).await?;
    Ok(match which {
        Behind::Signed => (s.names.iter().map(|(id, _)| *id).collect(), None),
        Behind::Band(b) => (
            s.deals
                .iter()
                .filter(|d| Band::of(d.contract_value_fen) == b)
                .map(|d| d.project_id)
                .collect(),
            None,
        ),
        Behind::Rate { code, version, numerator } => {
            let versions = definitions::all(db).await?;
            let d = match version {
                Some(v) => definitions::version(&versions, code, v)?,
                None => definitions::in_force(&versions, code, by)?,
            }
            .clone();
            (d.behind(&s.deals, by, numerator), Some(d))
        }
    })
}

/// A rate's figure by a given version (or the one in force), so an old figure is made again.
pub async fn rate(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
    code: Code,
    version: Option<i64>,
) -> AppResult<RateFigure> {
    let (groups, _, _) = alike(db, actor, unit_id, by).await?;
    let versions = definitions::all(db).await?;
    let d = match version {
        Some(v) => definitions::version(&versions, code, v)?,
        None => definitions::in_force(&versions, code, by)?,
    };
    Ok(figure(d, &groups, by))
}

/// The promotion pipeline on a day: leads in talks, with a framework agreement, and the year's
/// signed deals by the furthest stage they reached (contract, funds in place, started,
/// completed), and those terminated.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Pipeline {
    /// In talks (洽谈).
    pub negotiation: i64,
    /// With a framework agreement (框架协议).
    pub framework: i64,
    /// Signed, still in approvals (签约、履约中).
    pub contract: i64,
    /// Funds in place, not started.
    pub funds: i64,
    /// Started, not completed.
    pub started: i64,
    /// Completed or further.
    pub completed: i64,
    /// Terminated (kept).
    pub terminated: i64,
}

/// The pipeline of a visible unit on a day.
async fn pipeline_of(
    db: &Db,
    deals: &[Deal],
    range: &(String, String),
    by: NaiveDate,
) -> AppResult<Pipeline> {
    let mut p = Pipeline::default();
    for (talks, framework) in
        crate::projects::store::deals::leads(&db.pool, range, &by.to_string()).await?
    {
        let on = |d: &Option<String>| d.as_deref().is_some_and(|d| d <= by.to_string().as_str());
        if on(&framework) {
            p.framework += 1;
        } else if on(&talks) {
            p.negotiation += 1;
        }
    }
    use crate::projects::domain::gates::reached;
    for d in deals {
        let stage = if d.terminated_on.is_some_and(|t| t <= by) {
            &mut p.terminated
        } else if reached(&d.passed, by, Gate::Completed) {
            &mut p.completed
        } else if reached(&d.passed, by, Gate::Started) {
            &mut p.started
        } else if reached(&d.passed, by, Gate::Funds) {
            &mut p.funds
        } else {
            &mut p.contract
        };
        *stage += d.deals;
    }
    Ok(p)
}

/// The latest day with a promotion record in a visible unit's subtree, not after `by`.
pub async fn latest_day(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    by: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    let unit = actor.unit_path(db, unit_id).await?;
    let day =
        crate::projects::store::deals::latest_day(&db.pool, &unit.subtree_range(), &by.to_string())
            .await?;
    Ok(day.and_then(|d| d.parse().ok()))
}

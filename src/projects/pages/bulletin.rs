//! `GET /projects/bulletin`: the projects' part of the monthly bulletin (月通报) or quarterly
//! analysis (季分析) of a unit, as the leaders read it, each figure opening its list.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::projects::domain::money;
use crate::projects::pages::progress::{Shown, shown};
use crate::projects::services::bulletin::{Bulletin, LevelCount, Milestone, MilestoneCount};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "projects/templates/bulletin.html")]
struct BulletinPage {
    ctx: Ctx,
    unit_id: i64,
    period: String,
    b: Bulletin,
    levels: Vec<(LevelCount, String)>,
    counts: Vec<(MilestoneCount, String)>,
    milestones: Vec<(Milestone, String)>,
    investment: Vec<Shown>,
    total: Shown,
    signed_yi: String,
    rates: Vec<(String, String)>,
    funding_yi: String,
}

/// What the page is asked.
#[derive(Debug, Default, Deserialize)]
pub struct BulletinQuery {
    unit: Option<String>,
    period: Option<String>,
}

/// `GET /projects/bulletin`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<BulletinQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let unit_id = super::parsed("unit", q.unit.as_deref())?
        .or_else(|| who.actor.anchors().first().copied())
        .ok_or(AppError::NotFound)?;
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => state.db.clock.today().format("%Y-%m").to_string(),
    };
    let b = crate::projects::services::bulletin::of(&state.db, &who.actor, Some(unit_id), &period)
        .await?;
    let t = |key: String| ctx.t(&key).into_owned();
    let p = &b.promotion;
    let rates = [
        ("fulfilment_rate", &p.fulfilment_rate),
        ("funds_in_place_rate", &p.funds_in_place_rate),
        ("start_rate", &p.start_rate),
    ]
    .into_iter()
    .map(|(code, r)| {
        (
            t(format!("projects.rate.{code}")),
            r.value.as_ref().map_or("—".into(), |v| format!("{v}%")),
        )
    })
    .collect();
    let page_of = BulletinPage {
        unit_id,
        levels: b
            .levels
            .iter()
            .map(|l| (l.clone(), t(format!("projects.level.{}", l.level))))
            .collect(),
        counts: b
            .milestone_counts
            .iter()
            .map(|c| (c.clone(), t(format!("projects.gate.{}", c.gate))))
            .collect(),
        milestones: b
            .milestones
            .iter()
            .map(|m| (m.clone(), t(format!("projects.gate.{}", m.gate))))
            .collect(),
        investment: b.investment.units.iter().map(|l| shown(&ctx, l)).collect(),
        total: shown(&ctx, &b.investment.total),
        signed_yi: money::yi(p.signed_value_fen),
        funding_yi: money::yi(p.higher_funding_fen),
        rates,
        period,
        b,
        ctx,
    };
    Ok(page(page_of))
}

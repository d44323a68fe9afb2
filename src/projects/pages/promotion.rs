//! `GET /promotion`: the promotion dashboard of a unit on a day (the signed deals, their value
//! and size bands, the three rates with what they are made of and the definition that made
//! them, the funding won from higher levels, the pipeline, and each township's share); every
//! figure opens the projects behind it.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::projects::domain::money;
use crate::projects::services::promotion::{RateFigure, Summary};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

/// A rate as the page shows it.
pub struct RateTile {
    code: &'static str,
    label: String,
    value: String,
    numerator: String,
    denominator: String,
    version: i64,
}

/// A township's line.
pub struct Share {
    unit_id: i64,
    name: String,
    signed: i64,
    value_yi: String,
    start: String,
    funds: String,
}

#[derive(Template)]
#[template(path = "projects/templates/promotion.html")]
struct PromotionPage {
    ctx: Ctx,
    unit_id: i64,
    unit_name: String,
    as_of: String,
    s: Summary,
    signed_yi: String,
    funding_yi: String,
    rates: Vec<RateTile>,
    pipeline: String,
    shares: Vec<Share>,
    /// When the year of the day holds no deal: the latest day that has one.
    latest: Option<String>,
}

/// What the dashboard is asked.
#[derive(Debug, Default, Deserialize)]
pub struct PromotionQuery {
    unit: Option<String>,
    as_of: Option<String>,
}

fn tile(ctx: &Ctx, r: &RateFigure, amounts: bool) -> RateTile {
    let n = |v: i64| {
        if amounts { format!("{} {}", money::wan(v), ctx.t("projects.wan")) } else { v.to_string() }
    };
    RateTile {
        code: r.definition.as_str(),
        label: ctx.t(&format!("projects.rate.{}", r.definition.as_str())).into_owned(),
        value: r.value.as_ref().map_or_else(|| "—".into(), |v| format!("{v}%")),
        numerator: n(r.numerator),
        denominator: n(r.denominator),
        version: r.version,
    }
}

/// `GET /promotion`.
pub async fn dashboard(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<PromotionQuery>,
) -> Result<Response, PageError> {
    let db = &state.db;
    let ctx = Ctx::of(&who);
    let unit_id = super::parsed("unit", q.unit.as_deref())?
        .or_else(|| who.actor.anchors().first().copied())
        .ok_or(AppError::NotFound)?;
    let today = db.clock.today();
    let by = match q.as_of.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => crate::platform::day::parse("as_of", d)?,
        None => today,
    };
    let (s, p) =
        crate::projects::services::promotion::with_pipeline(db, &who.actor, unit_id, by).await?;
    let latest = if s.signed_count == 0 {
        crate::projects::services::promotion::latest_day(db, &who.actor, unit_id, by)
            .await?
            .map(|d| d.to_string())
    } else {
        None
    };
    let stages = [
        ("projects.pipeline.negotiation", p.negotiation),
        ("projects.pipeline.framework", p.framework),
        ("projects.pipeline.contract", p.contract),
        ("projects.pipeline.funds", p.funds),
        ("projects.pipeline.started", p.started),
        ("projects.pipeline.completed", p.completed),
        ("projects.pipeline.terminated", p.terminated),
    ];
    let rows: Vec<(String, f64, String)> =
        stages.iter().map(|(k, n)| (ctx.t(k).into_owned(), *n as f64, n.to_string())).collect();
    let unit = who.actor.unit(db, unit_id).await?;
    let children = crate::platform::hierarchy::services::children(
        db,
        &who.actor,
        unit_id,
        crate::platform::service::Paging { page: 1, page_size: 50 },
    )
    .await?;
    let mut shares = Vec::new();
    if unit.level() == crate::platform::hierarchy::unit::Level::Zone {
        for c in children.items {
            let cs = crate::projects::services::promotion::summary(db, &who.actor, Some(c.id), by)
                .await?;
            shares.push(Share {
                unit_id: c.id,
                name: c.name.clone(),
                signed: cs.signed_count,
                value_yi: money::yi(cs.signed_value_fen),
                start: cs.start_rate.value.map_or_else(|| "—".into(), |v| format!("{v}%")),
                funds: cs.funds_in_place_rate.value.map_or_else(|| "—".into(), |v| format!("{v}%")),
            });
        }
    }
    let rates = vec![
        tile(&ctx, &s.fulfilment_rate, false),
        tile(&ctx, &s.funds_in_place_rate, true),
        tile(&ctx, &s.start_rate, false),
    ];
    Ok(page(PromotionPage {
        unit_name: unit.row().name.clone(),
        unit_id,
        as_of: by.to_string(),
        signed_yi: money::yi(s.signed_value_fen),
        funding_yi: money::yi(s.higher_funding_fen),
        pipeline: crate::platform::svg::bars(&rows),
        rates,
        shares,
        latest,
        s,
        ctx,
    }))
}

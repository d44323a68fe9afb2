//! `GET /projects/map` (the battle map, 挂图作战: projects on the zone's map coloured by their
//! status, filtered by level and industry), `GET /projects/gantt` (the largest projects' gates
//! planned against actual, a baseline's plan as shadows, a form to take one), `POST
//! /projects/baselines` and `GET /projects/baselines/{id}` (a baseline against another or today).

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::services::board::{BaselineRow, Change, Status};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// What the map and the Gantt are asked.
#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    unit: Option<String>,
    level: Option<String>,
    industry: Option<String>,
    baseline: Option<String>,
    to: Option<String>,
}

fn number(field: &str, v: &Option<String>) -> Result<Option<i64>, AppError> {
    super::parsed(field, v.as_deref())
}

#[derive(Template)]
#[template(path = "projects/templates/board.html")]
struct BoardPage {
    ctx: Ctx,
    gantt: bool,
    unit_id: i64,
    unit_name: String,
    level: String,
    industry: String,
    picture: String,
    counts: Vec<(&'static str, String, usize)>,
    baselines: Vec<BaselineRow>,
    baseline: Option<i64>,
    may_take: bool,
}

async fn board(
    state: &AppState,
    who: &PageActor,
    q: &BoardQuery,
    gantt: bool,
) -> Result<Response, PageError> {
    let db = &state.db;
    let ctx = Ctx::of(who);
    let unit_id = number("unit", &q.unit)?
        .or_else(|| who.actor.anchors().first().copied())
        .ok_or(AppError::NotFound)?;
    let unit = who.actor.unit(db, unit_id).await?;
    let level = crate::projects::api::projects::level(q.level.as_deref())?;
    let industry = crate::projects::services::projects::industry(q.industry.as_deref())?;
    let today = db.clock.today().to_string();
    let baseline = number("baseline", &q.baseline)?;
    let baselines = crate::projects::services::board::baselines(db, &who.actor, unit_id).await?;
    let (picture, counts) = if gantt {
        let rows = crate::projects::services::board::gantt(
            db,
            &who.actor,
            unit_id,
            level.map(|l| l.as_str()),
            baseline,
            100,
        )
        .await?;
        (crate::projects::pages::gantt::many(&ctx, &rows, &today), Vec::new())
    } else {
        let pins = crate::projects::services::board::map(
            db,
            &who.actor,
            unit_id,
            level.map(|l| l.as_str()),
            industry.as_deref(),
        )
        .await?;
        let layers = crate::platform::hierarchy::services::map_of(db, &unit).await?;
        let markers: Vec<crate::platform::svg::Marker> = pins
            .iter()
            .filter_map(|p| {
                Some(crate::platform::svg::Marker {
                    at: (p.lon?, p.lat?),
                    class: p.status.as_str(),
                    title: format!(
                        "{} · {}",
                        p.name,
                        ctx.t(&format!("projects.status.{}", p.status.as_str()))
                    ),
                    href: format!("/projects/{}", p.id),
                })
            })
            .collect();
        let counts = Status::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    ctx.t(&format!("projects.status.{}", s.as_str())).into_owned(),
                    pins.iter().filter(|p| p.status == *s).count(),
                )
            })
            .collect();
        (crate::platform::svg::svg_with(&layers, &unit.row().name, &markers), counts)
    };
    let may_take = crate::projects::services::access::works_at(&who.actor, unit.path(), None);
    Ok(page(BoardPage {
        gantt,
        unit_id,
        unit_name: unit.row().name.clone(),
        level: level.map(|l| l.as_str().to_string()).unwrap_or_default(),
        industry: industry.unwrap_or_default(),
        picture,
        counts,
        baselines,
        baseline,
        may_take,
        ctx,
    }))
}

/// `GET /projects/map`.
pub async fn map(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    board(&state, &who, &q, false).await
}

/// `GET /projects/gantt`.
pub async fn gantt(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    board(&state, &who, &q, true).await
}

/// The form that takes a baseline.
#[derive(Debug, Default, Deserialize)]
pub struct TakeForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    name: String,
}

/// `POST /projects/baselines`.
pub async fn take(
    State(state): State<AppState>,
    posted: SessionForm<TakeForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let unit = number("unit", &Some(form.unit))?.ok_or(AppError::NotFound)?;
    let b = crate::projects::services::board::take(&state.db, &who.actor, unit, &form.name).await?;
    Ok(Redirect::to(&format!("/projects/gantt?unit={unit}&baseline={}", b.id)).into_response())
}

#[derive(Template)]
#[template(path = "projects/templates/compare.html")]
struct ComparePage {
    ctx: Ctx,
    from: BaselineRow,
    to: Option<BaselineRow>,
    others: Vec<BaselineRow>,
    changes: Vec<(Change, String)>,
}

/// `GET /projects/baselines/{id}`: the baseline against `to` (another) or today's plans.
pub async fn compare(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    let db = &state.db;
    let ctx = Ctx::of(&who);
    let to = number("to", &q.to)?;
    let (from, to, changes) =
        crate::projects::services::board::compare(db, &who.actor, id, to).await?;
    let all = crate::projects::services::board::baselines(db, &who.actor, from.unit_id).await?;
    let changes = changes
        .into_iter()
        .map(|c| {
            let gate = ctx.t(&format!("projects.gate.{}", c.gate.as_str())).into_owned();
            (c, gate)
        })
        .collect();
    Ok(page(ComparePage {
        others: all.into_iter().filter(|b| b.id != id).collect(),
        from,
        to,
        changes,
        ctx,
    }))
}

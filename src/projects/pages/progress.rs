//! `GET /projects/progress`: investment completed against the year's plan and the time elapsed
//! (序时进度) through a month, for the unit, each township and each project, ahead or behind by
//! so many points.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::projects::domain::money;
use crate::projects::domain::progress::{Pace, hundredths};
use crate::projects::services::progress::Line;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

/// A line as shown.
pub struct Shown {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) planned: String,
    pub(crate) completed: String,
    pub(crate) completion: String,
    pub(crate) elapsed: String,
    pub(crate) gap: String,
    pub(crate) pace: &'static str,
    pub(crate) pace_label: String,
}

pub(crate) fn shown(ctx: &Ctx, l: &Line) -> Shown {
    let pace = match l.against.pace {
        Pace::Ahead => "ahead",
        Pace::Level => "level",
        Pace::Behind => "behind",
        Pace::NoPlan => "no_plan",
    };
    Shown {
        id: l.id,
        name: l.name.clone(),
        planned: money::wan(l.planned_fen),
        completed: money::wan(l.completed_fen),
        completion: l
            .against
            .completion_bp
            .map_or_else(|| "—".into(), |b| format!("{}%", hundredths(b))),
        elapsed: format!("{}%", hundredths(l.against.elapsed_bp)),
        gap: l.against.gap_bp.map_or_else(String::new, hundredths),
        pace,
        pace_label: ctx.t(&format!("projects.pace.{pace}")).into_owned(),
    }
}

#[derive(Template)]
#[template(path = "projects/templates/progress.html")]
struct ProgressPage {
    ctx: Ctx,
    unit_id: i64,
    month: String,
    total: Shown,
    units: Vec<Shown>,
    projects: Vec<Shown>,
}

/// What the page is asked.
#[derive(Debug, Default, Deserialize)]
pub struct ProgressQuery {
    unit: Option<String>,
    month: Option<String>,
}

/// `GET /projects/progress`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let unit_id = super::parsed("unit", q.unit.as_deref())?
        .or_else(|| who.actor.anchors().first().copied())
        .ok_or(AppError::NotFound)?;
    let month = match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => crate::projects::domain::reports::Period::parse("month", m)?.month,
        None => state.db.clock.today().with_day(1).unwrap_or_else(|| state.db.clock.today()),
    };
    let p =
        crate::projects::services::progress::of_unit(&state.db, &who.actor, unit_id, month).await?;
    Ok(page(ProgressPage {
        unit_id,
        month: p.month.clone(),
        total: shown(&ctx, &p.total),
        units: p.units.iter().map(|l| shown(&ctx, l)).collect(),
        projects: p.projects.iter().map(|l| shown(&ctx, l)).collect(),
        ctx,
    }))
}

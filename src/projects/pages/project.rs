//! `GET /projects/{id}`: a project whole (its record, gates planned against actual, plan by
//! year, team and deal, and a timeline of its gates), with the form that passes a gate for
//! those who work it; `POST /projects/{id}/gates` passes one, a refusal showing the page again
//! with why and what was typed.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::domain::gates::Gate;
use crate::projects::domain::money;
use crate::projects::services::gates::Passing;
use crate::projects::services::projects::ProjectDetail;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A gate's line on the page.
pub struct GateLine {
    gate: &'static str,
    label: String,
    planned: String,
    actual: String,
    passed_by: String,
    evidence: String,
    /// `done`, `late` (passed after its planned day), `overdue` (not passed, planned day gone)
    /// or `` (ahead).
    class: &'static str,
}

#[derive(Template)]
#[template(path = "projects/templates/project.html")]
struct ProjectPage {
    ctx: Ctx,
    p: ProjectDetail,
    facts: Vec<(String, String)>,
    gates: Vec<GateLine>,
    plans: Vec<(i64, String)>,
    may_work: bool,
    may_review: bool,
    open_gates: Vec<(&'static str, String)>,
    r: Refusal,
    typed: PassForm,
    timeline: String,
    reports: Vec<crate::projects::pages::reports::ReportView>,
    period_now: String,
    problems: Vec<crate::projects::services::problems::ProblemLine>,
}

/// What a refused form leaves on the page: which form, why, and what was typed.
#[derive(Default)]
pub struct Refusal {
    /// The form (`gate`, `report`, `photo:2015-10`, `review:2015-10`), its <details> open.
    pub form: String,
    /// Each field's error.
    pub errors: Errors,
    /// What was wrong as a whole (a locked period).
    pub message: Option<String>,
    /// The gate form as typed.
    pub pass: PassForm,
    /// The report form as typed.
    pub report: crate::projects::pages::reports::ReportForm,
}

/// The gate form as posted.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PassForm {
    #[serde(default)]
    gate: String,
    #[serde(default)]
    actual_on: String,
    #[serde(default)]
    passed_by: String,
    #[serde(default)]
    evidence: String,
}

fn facts(ctx: &Ctx, p: &ProjectDetail) -> Vec<(String, String)> {
    let j = &p.project;
    let industry = crate::platform::industry::find(&j.industry)
        .map_or_else(String::new, |i| format!("{} {}", i.code, i.name_zh));
    let mut out = vec![
        (
            ctx.t("projects.level").into_owned(),
            ctx.t(&format!("projects.level.{}", j.level.as_str())).into_owned(),
        ),
        (ctx.t("projects.township").into_owned(), j.township.clone()),
        (ctx.t("projects.owner").into_owned(), j.owner.clone()),
        (ctx.t("projects.industry").into_owned(), industry),
        (
            ctx.t("projects.total").into_owned(),
            format!("{} {}", money::wan(j.total_fen), ctx.t("projects.wan")),
        ),
        (ctx.t("projects.leader").into_owned(), j.leader.clone()),
        (ctx.t("projects.content").into_owned(), j.content.clone()),
    ];
    if let Some(d) = &p.deal {
        out.push((
            ctx.t("projects.contract_value").into_owned(),
            format!("{} {}", money::wan(d.contract_value_fen), ctx.t("projects.wan")),
        ));
        out.push((
            ctx.t("projects.contract_funds").into_owned(),
            format!("{} {}", money::wan(d.contract_funds_fen), ctx.t("projects.wan")),
        ));
        let source = ctx.t(&format!("projects.source.{}", d.source)).into_owned();
        out.push((
            ctx.t("projects.source").into_owned(),
            if d.region.is_empty() { source } else { format!("{source} · {}", d.region) },
        ));
        if let Some(t) = &d.terminated_on {
            out.push((ctx.t("projects.terminated_on").into_owned(), t.clone()));
        }
    }
    out
}

fn lines(ctx: &Ctx, p: &ProjectDetail, today: &str) -> Vec<GateLine> {
    p.gates
        .iter()
        .map(|g| {
            let planned = g.planned_on.clone().unwrap_or_default();
            let actual = g.actual_on.clone().unwrap_or_default();
            let class = match (actual.is_empty(), planned.is_empty()) {
                (false, false) if actual > planned => "late",
                (false, _) => "done",
                (true, false) if planned.as_str() < today => "overdue",
                _ => "",
            };
            GateLine {
                gate: g.gate.as_str(),
                label: ctx.t(&format!("projects.gate.{}", g.gate.as_str())).into_owned(),
                planned,
                actual,
                passed_by: g.passed_by.clone(),
                evidence: g.evidence.clone(),
                class,
            }
        })
        .collect()
}

/// The page, with what a refused form left.
pub async fn show(
    state: &AppState,
    who: &PageActor,
    id: i64,
    mut r: Refusal,
    done: Option<&str>,
) -> Result<Response, PageError> {
    let p = crate::projects::services::projects::view(&state.db, &who.actor, id).await?;
    let ctx = Ctx::of(who).with_notice(done);
    let today = state.db.clock.today().to_string();
    let gates = lines(&ctx, &p, &today);
    let open_gates = p
        .gates
        .iter()
        .filter(|g| g.actual_on.is_none())
        .map(|g| {
            (g.gate.as_str(), ctx.t(&format!("projects.gate.{}", g.gate.as_str())).into_owned())
        })
        .collect();
    let may_work = crate::projects::services::projects::works_on(&state.db, &who.actor, id).await?;
    let plans = p.plans.iter().map(|y| (y.year, money::wan(y.planned_fen))).collect();
    let timeline = crate::projects::pages::gantt::one(&ctx, &p, &today);
    let reports = crate::projects::pages::reports::views(state, who, &ctx, id).await?;
    let may_review =
        crate::projects::services::reports::may_review(&state.db, &who.actor, id).await?;
    let typed = std::mem::take(&mut r.pass);
    let problems =
        crate::projects::services::problems::of_project(&state.db, &who.actor, id).await?;
    Ok(page(ProjectPage {
        facts: facts(&ctx, &p),
        gates,
        plans,
        may_work,
        may_review,
        open_gates,
        r,
        typed,
        timeline,
        reports,
        period_now: today[..7].to_string(),
        problems,
        ctx,
        p,
    }))
}

/// `GET /projects/{id}`.
pub async fn view(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let done =
        crate::platform::web::session::form_value(raw.unwrap_or_default().as_bytes(), "done");
    show(&state, &who, id, Refusal::default(), done.as_deref()).await
}

/// `POST /projects/{id}/gates`.
pub async fn pass(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<PassForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let Ok(gate) = form.gate.parse::<Gate>() else {
        let errors = Errors::from_fields(
            who.lang,
            &[crate::platform::input::FieldError::new("gate", "error.choice")],
        );
        return refused(
            &state,
            &who,
            id,
            Refusal { form: "gate".into(), errors, pass: form, ..Refusal::default() },
        )
        .await;
    };
    let input = Passing {
        actual_on: form.actual_on.clone(),
        passed_by: form.passed_by.clone(),
        evidence: form.evidence.clone(),
    };
    let done =
        crate::projects::services::gates::pass(&state.db, &who.actor, id, gate, &input).await;
    let r = Refusal { form: "gate".into(), pass: form, ..Refusal::default() };
    settled(&state, &who, id, (r, ""), done).await
}

/// What a form of the project page comes to: the page at `anchor` when done; the page again
/// with the form `r` names open, as typed, and its errors (or the refusal's message, as a
/// locked period's or a cancelled project's) when refused; any other failure as it is.
pub async fn settled(
    state: &AppState,
    who: &PageActor,
    id: i64,
    (mut r, anchor): (Refusal, &str),
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/projects/{id}?done=saved{anchor}")).into_response());
        }
        Err(AppError::Invalid(fields)) => r.errors = Errors::from_fields(who.lang, &fields),
        Err(AppError::Conflict(key)) => r.message = Some(who.lang.t(key).into_owned()),
        Err(e) => return Err(e.into()),
    }
    refused(state, who, id, r).await
}

/// The page again, 422, with what a refused form left.
pub async fn refused(
    state: &AppState,
    who: &PageActor,
    id: i64,
    r: Refusal,
) -> Result<Response, PageError> {
    let mut res = show(state, who, id, r, None).await?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

//! `GET /projects/schedule`: a schedule worked back from a deadline (倒排工期), as a page and,
//! at `/projects/schedule.xlsx`, as the sheet units print; `POST /projects/{id}/schedule`
//! makes it a project's plan for the gates it has not passed.

use crate::platform::input::FieldError;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::domain::gates::Gate;
use crate::projects::domain::schedule::{TYPICAL_DAYS, work_back};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The form: the deadline, the last gate, each gate's days, and optionally a project.
struct Asked {
    end: Option<NaiveDate>,
    last: Gate,
    days: Vec<(Gate, i64)>,
    project: Option<i64>,
}

fn asked(form: &HashMap<String, String>) -> Result<Asked, AppError> {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("").trim().to_string();
    let end = crate::platform::day::parse_optional("end", Some(&get("end")))?;
    let last = match get("last").as_str() {
        "" => Gate::Completed,
        g => g.parse().map_err(|_| FieldError::new("last", "error.choice"))?,
    };
    let mut days = Vec::new();
    for (g, typical) in TYPICAL_DAYS {
        let text = get(&format!("days.{}", g.as_str()));
        let d = if text.is_empty() {
            typical
        } else {
            text.parse().map_err(|_| {
                FieldError::new(format!("days.{}", g.as_str()), "error.projects.schedule_days")
                    .arg("max", 3650)
            })?
        };
        days.push((g, d));
    }
    let project = match get("project").as_str() {
        "" => None,
        p => Some(p.parse().map_err(|_| FieldError::new("project", "error.choice"))?),
    };
    Ok(Asked { end, last, days, project })
}

/// The query's fields, read strictly (a byte that is not UTF-8 names its field).
fn query_map(raw: &str) -> Result<HashMap<String, String>, AppError> {
    let pairs =
        crate::platform::web::urlencoded::pairs(raw.as_bytes()).map_err(AppError::Malformed)?;
    Ok(pairs.into_iter().collect())
}

#[derive(Template)]
#[template(path = "projects/templates/schedule.html")]
struct SchedulePage {
    ctx: Ctx,
    end: String,
    last: &'static str,
    days: Vec<(&'static str, String, i64)>,
    gates: Vec<(&'static str, String)>,
    plan: Vec<(String, i64, String)>,
    project: Option<(i64, String, bool)>,
    query: String,
}

/// `GET /projects/schedule`.
pub async fn form(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let a = asked(&query_map(&raw)?)?;
    let ctx = Ctx::of(&who);
    let label = |g: Gate| ctx.t(&format!("projects.gate.{}", g.as_str())).into_owned();
    let plan = match a.end {
        Some(end) => work_back(end, a.last, &a.days)?
            .into_iter()
            .map(|(g, d, on)| (label(g), d, on.to_string()))
            .collect(),
        None => Vec::new(),
    };
    let project = match a.project {
        Some(id) => {
            let p = crate::projects::services::projects::view(&state.db, &who.actor, id).await?;
            let works =
                crate::projects::services::projects::works_on(&state.db, &who.actor, id).await?;
            Some((id, p.project.name, works))
        }
        None => None,
    };
    Ok(page(SchedulePage {
        end: a.end.map(|d| d.to_string()).unwrap_or_default(),
        last: a.last.as_str(),
        days: a.days.iter().map(|(g, d)| (g.as_str(), label(*g), *d)).collect(),
        gates: [Gate::Completed, Gate::Production, Gate::Capacity]
            .iter()
            .map(|g| (g.as_str(), label(*g)))
            .collect(),
        plan,
        project,
        // Rebuilt from what was read (days, a gate's name, numbers), never the request's text.
        query: std::iter::once(format!(
            "end={}&last={}",
            a.end.map(|d| d.to_string()).unwrap_or_default(),
            a.last.as_str()
        ))
        .chain(a.days.iter().map(|(g, d)| format!("days.{}={d}", g.as_str())))
        .collect::<Vec<_>>()
        .join("&"),
        ctx,
    }))
}

/// `GET /projects/schedule.xlsx`: the schedule as units print it.
pub async fn xlsx(who: PageActor, RawQuery(raw): RawQuery) -> Result<Response, PageError> {
    let a = asked(&query_map(&raw.unwrap_or_default())?)?;
    let end = a.end.ok_or_else(|| FieldError::new("end", "error.required"))?;
    let ctx = Ctx::of(&who);
    let header: Vec<String> = [
        "projects.seq",
        "projects.gate",
        "projects.schedule_days",
        "projects.latest_on",
        "projects.owner_unit",
        "projects.note",
    ]
    .iter()
    .map(|k| ctx.t(k).into_owned())
    .collect();
    let rows: Vec<Vec<String>> = work_back(end, a.last, &a.days)?
        .into_iter()
        .enumerate()
        .map(|(i, (g, d, on))| {
            vec![
                (i + 1).to_string(),
                ctx.t(&format!("projects.gate.{}", g.as_str())).into_owned(),
                d.to_string(),
                on.to_string(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let bytes = crate::platform::sheet::write::xlsx(&ctx.t("projects.schedule"), &header, &rows)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(crate::platform::web::download::xlsx_response("schedule.xlsx", bytes))
}

/// `POST /projects/{id}/schedule`: the worked-back days become the plan of the gates the
/// project has not passed.
pub async fn apply(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let a = asked(&form)?;
    let end = a.end.ok_or_else(|| FieldError::new("end", "error.required"))?;
    let plan: Vec<(Gate, NaiveDate)> =
        work_back(end, a.last, &a.days)?.into_iter().map(|(g, _, on)| (g, on)).collect();
    crate::projects::services::gates::plan(&state.db, &who.actor, id, &plan).await?;
    Ok(Redirect::to(&format!("/projects/{id}?done=saved")).into_response())
}

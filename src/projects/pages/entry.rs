//! `GET /projects/new` and `POST /projects`: entering a project on the page, with its plan for
//! a year, two members of its team, its key planned gates and, for a promotion project, its
//! deal; amounts in 万元 as units write them. The rest (more years, members, gates) comes by the
//! API or the schedule worked back from a deadline on the project's page.

use crate::platform::input::{FieldError, collect};
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::domain::gates::Gate;
use crate::projects::domain::{Level, Source, money};
use crate::projects::services::create::{DealIn, MemberIn, NewProject, PlanIn, PlannedIn};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;

/// The form as posted (and shown again with its errors).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    name: String,
    level: String,
    industry: String,
    unit_id: String,
    department_id: String,
    owner: String,
    lon: String,
    lat: String,
    content: String,
    total_wan: String,
    leader: String,
    plan_year: String,
    plan_wan: String,
    member1_name: String,
    member1_duty: String,
    member1_phone: String,
    member2_name: String,
    member2_duty: String,
    member2_phone: String,
    signed_on: String,
    started_on: String,
    completed_on: String,
    value_wan: String,
    funds_wan: String,
    source: String,
    region: String,
}

#[derive(Template)]
#[template(path = "projects/templates/entry.html")]
struct EntryPage {
    ctx: Ctx,
    f: EntryForm,
    errors: Errors,
    levels: Vec<(String, String)>,
    industries: Vec<(String, String)>,
    units: Vec<(i64, String)>,
    departments: Vec<(i64, String)>,
    sources: Vec<(String, String)>,
}

async fn shown(
    state: &AppState,
    who: &PageActor,
    f: EntryForm,
    errors: Errors,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who);
    let t = |k: String| ctx.t(&k).into_owned();
    let zh = ctx.lang == crate::platform::i18n::Lang::Zh;
    let page_of = EntryPage {
        levels: Level::ALL
            .iter()
            .map(|l| (l.as_str().into(), t(format!("projects.level.{}", l.as_str()))))
            .collect(),
        industries: crate::platform::industry::all()
            .iter()
            .map(|i| {
                (i.code.clone(), format!("{} {}", i.code, if zh { &i.name_zh } else { &i.name_en }))
            })
            .collect(),
        units: crate::platform::hierarchy::services::pickable(&state.db, &who.actor, 1).await?,
        departments: crate::platform::hierarchy::services::departments(&state.db, &who.actor)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
        sources: Source::ALL
            .iter()
            .map(|s| (s.as_str().into(), t(format!("projects.source.{}", s.as_str()))))
            .collect(),
        f,
        errors,
        ctx,
    };
    Ok(page(page_of))
}

/// `GET /projects/new`.
pub async fn form(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    let year = state.db.clock.today().year().to_string();
    let f = EntryForm { level: "municipal".into(), plan_year: year, ..EntryForm::default() };
    shown(&state, &who, f, Errors(Vec::new())).await
}

/// The field of the deal's source, as the API names it.
const DEAL_SOURCE: &str = "deal.source";

/// An amount in 万元, which the form requires where it asks.
fn wan(field: &str, text: &str) -> Result<i64, FieldError> {
    if text.trim().is_empty() {
        Err(FieldError::new(field, "error.required"))
    } else {
        money::parse_wan(field, text)
    }
}

/// A number, none when left empty, or the field's error `key`.
fn number<T: std::str::FromStr>(
    field: &str,
    text: &str,
    key: &'static str,
) -> Result<Option<T>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| FieldError::new(field, key))
}

/// Reads the form into a project, or every field's error (each named as the API names it).
async fn project_of(state: &AppState, f: &EntryForm) -> Result<NewProject, Vec<FieldError>> {
    let mut e = Vec::new();
    // The name is checked here too, so that a form refused for its amounts names it as well.
    collect(&mut e, crate::platform::input::required_text("name", &f.name, 100));
    let total = collect(&mut e, wan("total_fen", &f.total_wan));
    let plan = if f.plan_wan.trim().is_empty() {
        None
    } else {
        collect(&mut e, wan("plans", &f.plan_wan))
    };
    let promotion = f.level == "promotion";
    let deal = promotion.then(|| {
        (wan("deal.contract_value_fen", &f.value_wan), wan("deal.contract_funds_fen", &f.funds_wan))
    });
    let deal = deal.map(|(v, c)| (collect(&mut e, v), collect(&mut e, c)));
    let unit_id = collect(&mut e, number("unit_id", &f.unit_id, "error.choice")).flatten();
    let department_id =
        collect(&mut e, number("department_id", &f.department_id, "error.choice")).flatten();
    let lon = collect(&mut e, number("lon", &f.lon, "error.projects.point")).flatten();
    let lat = collect(&mut e, number("lat", &f.lat, "error.projects.point")).flatten();
    let level = collect(
        &mut e,
        f.level.parse::<Level>().map_err(|_| FieldError::new("level", "error.choice")),
    );
    let source = if promotion {
        collect(
            &mut e,
            f.source.parse::<Source>().map_err(|_| FieldError::new(DEAL_SOURCE, "error.choice")),
        )
    } else {
        None
    };
    let plan_year = if plan.is_some() {
        // An amount planned needs its year: left out, it is the field's error, not no plan.
        let year = number::<i32>("plans", &f.plan_year, "error.projects.plan_year").ok().flatten();
        if year.is_none() {
            e.push(FieldError::new("plans", "error.projects.plan_year"));
        }
        year
    } else {
        None
    };
    let owner_id = match f.owner.trim() {
        "" => None,
        name => {
            let found = crate::registry::services::records::organisations_named(&state.db, &[name])
                .await
                .map_err(|_| vec![FieldError::new("owner_id", "error.projects.no_owner")])?;
            match found.get(name) {
                Some(id) => Some(*id),
                None => {
                    e.push(FieldError::new("owner_id", "error.projects.no_owner"));
                    None
                }
            }
        }
    };
    if unit_id.is_none() && !e.iter().any(|x| x.field == "unit_id") {
        e.push(FieldError::new("unit_id", "error.required"));
    }
    let (Some(level), Some(unit_id), Some(total_fen), true) = (level, unit_id, total, e.is_empty())
    else {
        return Err(e);
    };
    let members = [
        (&f.member1_name, &f.member1_duty, &f.member1_phone),
        (&f.member2_name, &f.member2_duty, &f.member2_phone),
    ];
    let gates = [
        (Gate::Signed, &f.signed_on),
        (Gate::Started, &f.started_on),
        (Gate::Completed, &f.completed_on),
    ];
    Ok(NewProject {
        name: f.name.clone(),
        level,
        industry: f.industry.clone(),
        owner_id,
        unit_id,
        department_id,
        lon,
        lat,
        content: f.content.clone(),
        total_fen,
        leader: f.leader.clone(),
        plans: plan
            .zip(plan_year)
            .map(|(planned_fen, year)| PlanIn { year, planned_fen })
            .into_iter()
            .collect(),
        team: members
            .iter()
            .filter(|m| !m.0.trim().is_empty())
            .map(|m| MemberIn { name: m.0.clone(), duty: m.1.clone(), phone: m.2.clone() })
            .collect(),
        gates: gates
            .iter()
            .filter(|g| !g.1.trim().is_empty())
            .map(|g| PlannedIn { gate: g.0, planned_on: g.1.clone() })
            .collect(),
        deal: deal.zip(source).map(|((value, funds), source)| DealIn {
            contract_value_fen: value.unwrap_or(0),
            contract_funds_fen: funds.unwrap_or(0),
            source,
            region: f.region.clone(),
            negotiation_on: None,
            framework_on: None,
        }),
    })
}

/// The form again with its errors, 422 as every refused form.
fn again(shown: Result<Response, PageError>) -> Result<Response, PageError> {
    let mut res = shown?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// `POST /projects`.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<EntryForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let refused = |fields: &[FieldError]| Errors::from_fields(who.lang, fields);
    let project = match project_of(&state, &form).await {
        Ok(p) => p,
        Err(fields) => return again(shown(&state, &who, form, refused(&fields)).await),
    };
    match crate::projects::services::create::create(&state.db, &who.actor, &project).await {
        Ok(id) => Ok(Redirect::to(&format!("/projects/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => again(shown(&state, &who, form, refused(&fields)).await),
        Err(e) => Err(e.into()),
    }
}

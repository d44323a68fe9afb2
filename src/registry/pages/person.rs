//! A person's page: who they are (ID number and phone masked until revealed with a purpose),
//! their household, where they lived grid by grid, and who looked at their data and when, which
//! also prints as a report the person can be handed.

use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::registry::domain::codes;
use crate::registry::services::people::{Person, Revealed};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde::Deserialize;

/// One look at the person's data, as the page lists it.
pub struct Look {
    /// When, as people here read it.
    pub at: String,
    /// Who.
    pub who: String,
    /// What they did (`查看`, `查看完整号码`, …).
    pub what: String,
    /// Why, when they said.
    pub purpose: String,
}

#[derive(Template)]
#[template(path = "registry/templates/person.html")]
struct PersonPage {
    ctx: Ctx,
    p: Person,
    facts: Vec<(String, String)>,
    unit: String,
    household: Option<(i64, String)>,
    stays: Vec<(String, String, String, String)>,
    looks: Vec<Look>,
    about: Vec<crate::platform::capability::PersonLink>,
    revealed: Option<Revealed>,
    may_reveal: bool,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "registry/templates/person_looks.html")]
struct LooksPage {
    ctx: Ctx,
    p: Person,
    looks: Vec<Look>,
    printed: String,
}

fn code_name(ctx: &Ctx, list: &codes::CodeList, code: &str) -> String {
    match list.get(code) {
        Some(e) if ctx.lang == crate::platform::i18n::Lang::En => e.name_en.clone(),
        Some(e) => e.name.clone(),
        None => code.to_string(),
    }
}

fn facts(ctx: &Ctx, p: &Person) -> Vec<(String, String)> {
    let t = |k: &str| ctx.t(k).into_owned();
    vec![
        (t("person.former_name"), p.former_name.clone()),
        (t("person.sex"), t(&format!("person.sex_{}", p.sex))),
        (t("person.birth_date"), p.birth_date.clone()),
        (t("person.ethnicity"), code_name(ctx, &codes::ETHNICITY, &p.ethnicity)),
        (t("person.marital"), code_name(ctx, &codes::MARITAL, &p.marital)),
        (t("person.education"), code_name(ctx, &codes::EDUCATION, &p.education)),
        (t("person.political"), code_name(ctx, &codes::POLITICAL, &p.political)),
        (t("person.occupation"), p.occupation.clone()),
        (t("person.workplace"), p.workplace.clone()),
        (t("person.registered_address"), p.registered_address.clone()),
        (t("person.address"), p.address.clone()),
        (
            t("person.residence_agrees"),
            t(if p.residence_agrees { "registry.agrees" } else { "registry.apart" }),
        ),
        (t("person.kind"), t(&format!("person.kind_{}", p.kind))),
    ]
}

async fn looks(
    state: &AppState,
    who: &PageActor,
    ctx: &Ctx,
    id: i64,
) -> Result<Vec<Look>, PageError> {
    let rows = crate::registry::services::people::looks(&state.db, &who.actor, id).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let purpose = serde_json::from_str::<serde_json::Value>(&r.detail)
                .ok()
                .and_then(|d| d.get("purpose").and_then(|p| p.as_str()).map(str::to_string))
                .unwrap_or_default();
            Look {
                at: ctx.time(&r.at),
                who: r.actor_name,
                what: ctx.t(&format!("action.{}", r.action)).into_owned(),
                purpose,
            }
        })
        .collect())
}

async fn show(
    state: &AppState,
    who: &PageActor,
    id: i64,
    revealed: Option<Revealed>,
    errors: Errors,
    done: Option<&str>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who).with_notice(done);
    let p = crate::registry::services::people::view(&state.db, &who.actor, id).await?;
    let names = crate::platform::hierarchy::services::names(&state.db, vec![p.unit_id]).await?;
    let unit = names.first().map(|(_, n)| n.clone()).unwrap_or_default();
    let household = match p.household_id {
        Some(h) => {
            let (household, _) =
                crate::registry::services::households::view(&state.db, &who.actor, h).await?;
            Some((
                h,
                format!(
                    "{} · {}",
                    household.number,
                    code_name(&ctx, &codes::RELATION, &p.relation)
                ),
            ))
        }
        None => None,
    };
    let stays_rows =
        crate::registry::services::people::residences(&state.db, &who.actor, id).await?;
    let mut ids: Vec<i64> = stays_rows.iter().map(|s| s.unit_id).collect();
    ids.dedup();
    let grid_names = crate::platform::hierarchy::services::names(&state.db, ids).await?;
    let stays = stays_rows
        .iter()
        .map(|s| {
            let grid = grid_names
                .iter()
                .find(|(g, _)| *g == s.unit_id)
                .map_or_else(String::new, |(_, n)| n.clone());
            (
                grid,
                s.address.clone(),
                ctx.time(&s.moved_in),
                s.moved_out.as_deref().map(|t| ctx.time(t)).unwrap_or_default(),
            )
        })
        .collect();
    let looks = looks(state, who, &ctx, id).await?;
    let about =
        crate::registry::services::people::about(&state.db, &who.actor, id, who.capabilities)
            .await?;
    let may_reveal =
        crate::registry::services::people::may_reveal(&state.db, &who.actor, id).await?;
    Ok(page(PersonPage {
        facts: facts(&ctx, &p),
        ctx,
        p,
        unit,
        household,
        stays,
        looks,
        about,
        revealed,
        may_reveal,
        errors,
    }))
}

/// `GET /registry/people/{id}`.
pub async fn view(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let done =
        crate::platform::web::session::form_value(raw.unwrap_or_default().as_bytes(), "done");
    show(&state, &who, id, None, Errors::default(), done.as_deref()).await
}

/// The reveal form.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    purpose: String,
}

/// `POST /registry/people/{id}/reveal`: the page again, the ID number and phone shown whole.
pub async fn reveal(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<RevealForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    match crate::registry::services::people::reveal(&state.db, &who.actor, id, &form.purpose).await
    {
        Ok(revealed) => {
            let mut res = show(&state, &who, id, Some(revealed), Errors::default(), None).await?;
            // The full numbers are for this look only: no cache keeps them.
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(crate::platform::service::AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            let mut res = show(&state, &who, id, None, errors, None).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /registry/people/{id}/looks`: who looked at the person's data, as a report to print.
pub async fn looks_report(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let p = crate::registry::services::people::view(&state.db, &who.actor, id).await?;
    let looks = looks(&state, &who, &ctx, id).await?;
    let printed = ctx.at(crate::platform::time::Stamp(state.db.clock.now()));
    Ok(page(LooksPage { ctx, p, looks, printed }))
}

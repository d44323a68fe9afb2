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
    /// (kind, its title, the record, whether the viewer may add it) of the person kinds.
    details: Vec<(&'static str, String, Option<i64>, bool)>,
    /// The place they live in.
    place: Option<(i64, String)>,
    /// Where the reveal form posts.
    reveal_to: String,
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

fn looks(ctx: &Ctx, rows: Vec<crate::platform::audit::Row>) -> Vec<Look> {
    rows.into_iter()
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
        .collect()
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
    let record =
        crate::registry::services::record::of(&state.db, &who.actor, id, who.capabilities).await?;
    let p = record.person;
    // A household in a grid the viewer does not see is left off (the person is shown).
    let household = match p.household_id {
        Some(h) => {
            match crate::registry::services::households::view(&state.db, &who.actor, h).await {
                Ok((household, _)) => Some((
                    h,
                    format!(
                        "{} · {}",
                        household.number,
                        code_name(&ctx, &codes::RELATION, &p.relation)
                    ),
                )),
                Err(crate::platform::service::AppError::NotFound) => None,
                Err(e) => return Err(e.into()),
            }
        }
        None => None,
    };
    // The stays' grids, the one going on first: one read of their names.
    let ids: Vec<i64> = record.stays.iter().map(|s| s.unit_id).collect();
    let grid_names = crate::platform::hierarchy::services::names(&state.db, ids).await?;
    let name_of = |unit: i64| {
        grid_names.iter().find(|(g, _)| *g == unit).map_or_else(String::new, |(_, n)| n.clone())
    };
    let unit = name_of(p.unit_id);
    let stays = record
        .stays
        .iter()
        .map(|s| {
            (
                name_of(s.unit_id),
                s.address.clone(),
                ctx.time(&s.moved_in),
                s.moved_out.as_deref().map(|t| ctx.time(t)).unwrap_or_default(),
            )
        })
        .collect();
    let looks = looks(&ctx, record.looks);
    let (about, may_reveal) = (record.about, record.keeps);
    let details = record
        .details
        .iter()
        .map(|d| {
            (
                d.kind.name,
                ctx.t(&format!("kind.{}", d.kind.name)).into_owned(),
                d.record,
                d.may_write,
            )
        })
        .collect();
    let place = record.place;
    Ok(page(PersonPage {
        details,
        place,
        reveal_to: format!("/registry/people/{}/reveal", p.id),
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

/// The reveal form, of a person's page and a record's.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    /// Why.
    #[serde(default)]
    pub purpose: String,
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
    let record =
        crate::registry::services::record::of(&state.db, &who.actor, id, who.capabilities).await?;
    let (p, looks) = (record.person, looks(&ctx, record.looks));
    let printed = ctx.at(crate::platform::time::Stamp(state.db.clock.now()));
    Ok(page(LooksPage { ctx, p, looks, printed }))
}

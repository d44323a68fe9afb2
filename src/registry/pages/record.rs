//! A record's page (`/registry/{kind}/{id}`): its fields, sealed values masked until revealed
//! with a purpose, its point on its grid's map, the person it is about, and for a house the
//! people who live in it (a rental house's tenants).

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::registry::domain::records::{Kind, Ty};
use crate::registry::pages::person::RevealForm;
use crate::registry::pages::records::{display, kind_of, label_of};
use crate::registry::services::records::Record;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "registry/templates/record.html")]
struct RecordPage {
    ctx: Ctx,
    kind: &'static Kind,
    kind_title: String,
    id: i64,
    title: String,
    unit: String,
    person: Option<(i64, String)>,
    facts: Vec<(String, String)>,
    map: String,
    occupants: Vec<(i64, String)>,
    may_write: bool,
    sealed: bool,
    revealed: bool,
    errors: Errors,
    /// Where the reveal form posts.
    reveal_to: String,
}

async fn show(
    state: &AppState,
    who: &PageActor,
    kind: &'static Kind,
    r: Record,
    revealed: bool,
    errors: Errors,
    done: Option<&str>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who).with_notice(done);
    let db = &state.db;
    let unit = who.actor.unit(db, r.unit_id).await?;
    let may_write =
        crate::registry::services::records::may_write(db, &who.actor, kind, unit.path()).await?;
    let facts = kind
        .fields
        .iter()
        .zip(&r.values)
        .filter(|(f, _)| !matches!(f.ty, Ty::Grid | Ty::Person | Ty::Lon | Ty::Lat))
        .map(|(f, v)| (ctx.t(label_of(f)).into_owned(), display(&ctx, f, v)))
        .collect();
    let at = |key: &str| kind.position(key).and_then(|i| r.values[i].as_f64());
    let title_at = kind.position(kind.title().key).unwrap_or(0);
    let title = match r.person.as_ref() {
        Some((_, name)) => name.clone(),
        None => display(&ctx, &kind.fields[title_at], &r.values[title_at]),
    };
    let map = match (at("lon"), at("lat")) {
        (Some(lon), Some(lat)) => {
            let layers = crate::platform::hierarchy::services::map_of(db, &unit).await?;
            let marker = crate::platform::svg::Marker {
                at: (lon, lat),
                class: "open",
                title: title.clone(),
                href: format!("/registry/{}/{}", kind.name, r.id),
            };
            crate::platform::svg::svg_with(&layers, &unit.row().name, &[marker])
        }
        _ => String::new(),
    };
    let occupants = if kind.name == "places" {
        crate::registry::services::people::of_place(db, &who.actor, r.id).await?
    } else {
        Vec::new()
    };
    let sealed = kind.fields.iter().any(|f| f.ty.sealed());
    Ok(page(RecordPage {
        reveal_to: format!("/registry/{}/{}/reveal", kind.name, r.id),
        kind_title: ctx.t(&format!("kind.{}", kind.name)).into_owned(),
        ctx,
        kind,
        id: r.id,
        title,
        unit: unit.row().name.clone(),
        person: r.person,
        facts,
        map,
        occupants,
        may_write,
        sealed,
        revealed,
        errors,
    }))
}

/// `GET /registry/{kind}/{id}`.
pub async fn view(
    State(state): State<AppState>,
    who: PageActor,
    Path((name, id)): Path<(String, i64)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let kind = kind_of(&name)?;
    let r = crate::registry::services::records::view(&state.db, &who.actor, kind, id).await?;
    // The form's "saved" after it redirects here.
    let done =
        crate::platform::web::session::form_value(raw.unwrap_or_default().as_bytes(), "done");
    show(&state, &who, kind, r, false, Errors::default(), done.as_deref()).await
}

/// `POST /registry/{kind}/{id}/reveal`: the page again, its sealed values whole.
pub async fn reveal(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, i64)>,
    posted: SessionForm<RevealForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let kind = kind_of(&name)?;
    let db = &state.db;
    match crate::registry::services::records::reveal(db, &who.actor, kind, id, &form.purpose).await
    {
        Ok(r) => show(&state, &who, kind, r, true, Errors::default(), None).await,
        Err(AppError::Invalid(fields)) => {
            let r = crate::registry::services::records::view(db, &who.actor, kind, id).await?;
            let mut res =
                show(&state, &who, kind, r, false, Errors::from_fields(who.lang, &fields), None)
                    .await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

//! `GET /registry/readers`: who reads the special populations, for a zone's administrator to
//! choose, each change audited.

use crate::platform::access::role::{DEPARTMENT_KINDS, GridRole};
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "registry/templates/readers.html")]
struct ReadersPage {
    ctx: Ctx,
    /// (id, kind's title, who's title).
    readers: Vec<(i64, String, String)>,
    kinds: Vec<(String, String)>,
    whos: Vec<(String, String)>,
    errors: Errors,
}

async fn show(state: &AppState, who: &PageActor, errors: Errors) -> Result<Response, PageError> {
    let ctx = Ctx::of(who);
    let kind_title = |k: &str| {
        if k == "*" {
            ctx.t("registry.all_special").into_owned()
        } else {
            ctx.t(&format!("kind.{k}")).into_owned()
        }
    };
    let readers = crate::registry::services::readers::list(&state.db, &who.actor)
        .await?
        .into_iter()
        .map(|r| {
            let whom = match (&r.grid_role, &r.department) {
                (Some(g), _) => ctx.t(&format!("grid_role.{g}")).into_owned(),
                (_, Some(d)) => ctx.t(&format!("department.{d}")).into_owned(),
                _ => String::new(),
            };
            (r.id, kind_title(&r.kind), whom)
        })
        .collect();
    let mut kinds = vec![("*".to_string(), kind_title("*"))];
    kinds.extend(
        crate::registry::domain::kinds::ALL
            .iter()
            .filter(|k| k.restricted)
            .map(|k| (k.name.to_string(), kind_title(k.name))),
    );
    let mut whos: Vec<(String, String)> = GridRole::ALL
        .iter()
        .map(|g| (g.as_str().to_string(), ctx.t(&format!("grid_role.{}", g.as_str())).into_owned()))
        .collect();
    whos.extend(
        DEPARTMENT_KINDS
            .iter()
            .map(|d| (d.to_string(), ctx.t(&format!("department.{d}")).into_owned())),
    );
    Ok(page(ReadersPage { ctx, readers, kinds, whos, errors }))
}

/// `GET /registry/readers`.
pub async fn index(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    show(&state, &who, Errors::default()).await
}

/// The form adding a reader.
#[derive(Debug, Deserialize)]
pub struct ReaderForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    who: String,
}

/// `POST /registry/readers`.
pub async fn add(
    State(state): State<AppState>,
    posted: SessionForm<ReaderForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    match crate::registry::services::readers::add(&state.db, &who.actor, &form.kind, &form.who)
        .await
    {
        Ok(_) => Ok(Redirect::to("/registry/readers").into_response()),
        Err(AppError::Invalid(fields)) => {
            let mut res = show(&state, &who, Errors::from_fields(who.lang, &fields)).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /registry/readers/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    crate::registry::services::readers::remove(&state.db, &posted.who.actor, id).await?;
    Ok(Redirect::to("/registry/readers").into_response())
}

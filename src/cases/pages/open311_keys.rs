//! Open311 API keys, for admins: issue one (shown once), revoke one.

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::cases::services::rows::KeyRow;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "cases/templates/open311_keys.html")]
struct KeysPage {
    ctx: Ctx,
    keys: Vec<KeyRow>,
    secret: Option<String>,
    errors: Errors,
}

async fn render(
    state: &AppState,
    who: &PageActor,
    secret: Option<String>,
    errors: Errors,
) -> Result<Response, PageError> {
    let keys = crate::cases::services::open311::keys(&state.db, &who.actor).await?;
    Ok(page(KeysPage { ctx: Ctx::of(who), keys, secret, errors }))
}

/// `GET /admin/open311`.
pub async fn index(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    render(&state, &who, None, Errors::default()).await
}

/// The new-key form.
#[derive(Debug, Deserialize)]
pub struct NewKey {
    name: String,
}

/// `POST /admin/open311`.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<NewKey>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    match crate::cases::services::open311::add_key(&state.db, &who.actor, &form.name).await {
        Ok((_, secret)) => render(&state, &who, Some(secret), Errors::default()).await,
        Err(AppError::Invalid(fields)) => {
            render(&state, &who, None, Errors::from_fields(who.lang, &fields)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/open311/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    crate::cases::services::open311::revoke_key(&state.db, &posted.who.actor, id).await?;
    Ok(Redirect::to("/admin/open311").into_response())
}

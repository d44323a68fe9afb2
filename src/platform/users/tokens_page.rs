//! A person's API tokens: make one (its secret shown once), revoke one.

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::platform::service::AppError;
use crate::platform::users::auth_store::TokenRow;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/templates/tokens.html")]
struct TokensPage {
    ctx: Ctx,
    tokens: Vec<TokenRow>,
    /// Now as stored, to tell expired tokens.
    now: String,
    secret: Option<String>,
    errors: Errors,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    who: &PageActor,
    ctx: Ctx,
    secret: Option<String>,
    errors: Errors,
) -> Result<Response, PageError> {
    let tokens = crate::platform::users::auth::tokens(&state.db, &who.actor).await?;
    Ok(page(TokensPage { ctx, tokens, now: state.db.clock.stamp(), secret, errors }))
}

/// `GET /tokens`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who).with_notice(q.done.as_deref());
    render(&state, &who, ctx, None, Errors::default()).await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct NewToken {
    name: String,
    /// Days, as typed.
    #[serde(default)]
    lifetime_days: String,
}

/// `POST /tokens`: shows the new secret on the page it answers with, never again.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<NewToken>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let days = form.lifetime_days.trim();
    let days = match days.parse::<i64>() {
        _ if days.is_empty() => None,
        Ok(days) => Some(days),
        Err(_) => {
            return render(
                &state,
                &who,
                Ctx::of(&who),
                None,
                Errors::from_fields(who.lang, &[crate::platform::users::auth::lifetime_error()]),
            )
            .await;
        }
    };
    match crate::platform::users::auth::create_token(&state.db, &who.actor, &form.name, days).await
    {
        Ok((_, secret)) => {
            render(&state, &who, Ctx::of(&who), Some(secret), Errors::default()).await
        }
        Err(AppError::Invalid(fields)) => {
            render(&state, &who, Ctx::of(&who), None, Errors::from_fields(who.lang, &fields)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    crate::platform::users::auth::revoke_token(&state.db, &posted.who.actor, id).await?;
    Ok(Redirect::to("/tokens?done=saved").into_response())
}

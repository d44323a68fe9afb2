//! Logging in, who am I, and API tokens.

use crate::platform::access::actor::Actor;
use crate::platform::users::api::UserJson;
use crate::platform::users::api::user_json;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::session::ApiActor;
use crate::platform::web::session::ClientAddr;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Username and password.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A token for `Authorization: Bearer …`, and who it is for.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// The bearer token; revoke it with `DELETE /api/v1/tokens/{id}`.
    pub token: String,
    /// The token's id.
    pub token_id: i64,
    /// When the token stops working: as long as a page session lasts.
    pub expires_at: String,
    /// The user.
    pub user: UserJson,
}

async fn me_json(state: &AppState, actor: &Actor) -> Result<UserJson, ApiError> {
    let id = actor.user_id().ok_or(crate::platform::service::AppError::Unauthorized)?;
    Ok(user_json(crate::platform::users::services::get(&state.db, actor, id).await?))
}

/// Logs in with a password and returns a new API token. Refused with 429 and `Retry-After`:
/// after five failures at a username, for a doubling backoff (1 s, 2 s … 5 min); after twenty
/// from an address in fifteen minutes, until they are over.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, description = "Logged in: the new token and whose it is.", body = LoginResponse),
        (status = 401, description = "Wrong username or password, or the account is disabled.", body = crate::platform::web::api::ErrorBody),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again.", body = crate::platform::web::api::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let actor = crate::platform::users::auth::login(
        &state.db,
        &state.logins,
        &req.username,
        &req.password,
        &address,
    )
    .await?;
    let (row, token) = crate::platform::users::auth::login_token(&state.db, &actor).await?;
    let user = me_json(&state, &actor).await?;
    Ok(Json(LoginResponse { token, token_id: row.id, expires_at: row.expires_at, user }))
}

/// The caller and the roles they hold.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "The caller, with their roles.", body = UserJson), (status = 401, description = "No valid token.", body = crate::platform::web::api::ErrorBody)))]
pub async fn me(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<UserJson>, ApiError> {
    Ok(Json(me_json(&state, &actor).await?))
}

/// An API token as listed.
pub type TokenJson = crate::platform::users::auth::TokenRow;

/// The caller's API tokens, newest first (never their secrets), with their expiry and last use.
#[utoipa::path(get, path = "/tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "The caller's tokens, newest first.", body = Vec<TokenJson>), (status = 401, description = "No valid token.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<TokenJson>>, ApiError> {
    Ok(Json(crate::platform::users::auth::tokens(&state.db, &actor).await?))
}

/// A name and a lifetime for a new token.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// What the token is for ("statistics import", …).
    pub name: String,
    /// How many days it lasts: 1 to 365 (a year), 90 if not given.
    #[schema(minimum = 1, maximum = 365)]
    pub lifetime_days: Option<i64>,
}

/// A new token: its secret is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    /// Id, for revoking.
    pub id: i64,
    /// Name.
    pub name: String,
    /// When made.
    pub created_at: String,
    /// When it stops working.
    pub expires_at: String,
    /// The secret for `Authorization: Bearer …`.
    pub token: String,
}

/// Makes an API token for the caller, lasting the days asked (at most a year; beyond, 422).
#[utoipa::path(post, path = "/tokens", tag = "auth", security(("bearer" = [])), request_body = TokenRequest,
    responses((status = 201, description = "The new token, its secret shown this once.", body = TokenCreated),
        (status = 422, description = "No name, or a lifetime outside 1 to 365 days.", body = crate::platform::web::api::ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let (row, token) =
        crate::platform::users::auth::create_token(&state.db, &actor, &req.name, req.lifetime_days)
            .await?;
    let TokenJson { id, name, created_at, expires_at, .. } = row;
    Ok((StatusCode::CREATED, Json(TokenCreated { id, name, created_at, expires_at, token })))
}

/// Revokes one of the caller's tokens (any other id is 404).
#[utoipa::path(delete, path = "/tokens/{id}", tag = "auth", security(("bearer" = [])), params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked: the token no longer works."), (status = 404, description = "The caller has no token of that id.", body = crate::platform::web::api::ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    crate::platform::users::auth::revoke_token(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

//! People and the roles they hold.

use crate::platform::access::role::Grant;
use crate::platform::access::role::GridRole;
use crate::platform::access::role::Role;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use crate::platform::users::services::UserView;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A role held at a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleJson {
    /// `admin`, `leader`, `department_staff`, `township_staff`, `village_staff` or `grid_staff`.
    pub role: Role,
    /// The unit it is held at.
    pub unit_id: i64,
    /// That unit's name.
    pub unit_name: String,
    /// The department, for department staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_id: Option<i64>,
    /// The department's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_name: Option<String>,
    /// For grid staff: `manager`, `assistant`, `police_liaison` or `supervisor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid_role: Option<GridRole>,
}

/// A person with an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserJson {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Roles, as far as the caller may see them.
    pub roles: Vec<RoleJson>,
}

/// The JSON of a user.
pub fn user_json(view: UserView) -> UserJson {
    UserJson {
        id: view.user.id,
        username: view.user.username,
        display_name: view.user.display_name,
        phone: view.user.phone,
        disabled: view.user.disabled != 0,
        roles: view
            .roles
            .into_iter()
            .map(|h| RoleJson {
                role: h.grant.role,
                unit_id: h.grant.unit_id,
                unit_name: h.unit_name,
                department_id: h.grant.department_id,
                department_name: h.department_name,
                grid_role: h.grant.grid_role,
            })
            .collect(),
    }
}

/// Whose users to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// A unit: lists those holding roles in its subtree. Without it, the caller's first subtree.
    pub unit: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// The users holding roles in a unit's subtree, by login name, with those roles.
#[utoipa::path(get, path = "/users", tag = "users", security(("bearer" = [])), params(UsersQuery),
    responses((status = 200, description = "A page of the users.", body = Paged<UserJson>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<UsersQuery>,
) -> Result<Json<Paged<UserJson>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let unit = match q.unit {
        Some(u) => u,
        None => *actor.anchors().first().ok_or(AppError::NotFound)?,
    };
    let page = crate::platform::audit::reads::users_page(&state.db, &actor, unit, paging).await?;
    Ok(Json(Paged::of(page, user_json)))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    /// Login name: 2–32 of a–z, 0–9, `_`, `.`, `-`.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// First password, at least 8 characters.
    pub password: String,
    /// Roles to hold; the caller must administer each unit.
    pub roles: Vec<Grant>,
}

/// Creates an account with its roles (admins).
#[utoipa::path(post, path = "/users", tag = "users", security(("bearer" = [])), request_body = NewUserRequest,
    responses((status = 201, description = "The account, created.", body = UserJson),
        (status = 403, description = "The caller is not an admin of a unit the roles are at.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is missing or wrong (a name taken, a weak password …); each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<NewUserRequest>,
) -> Result<(StatusCode, Json<UserJson>), ApiError> {
    let input = crate::platform::users::services::UserInput {
        username: req.username,
        display_name: req.display_name,
        phone: req.phone,
        password: req.password,
        roles: req.roles,
    };
    Ok((
        StatusCode::CREATED,
        Json(user_json(crate::platform::users::services::create(&state.db, &actor, input).await?)),
    ))
}

/// One user, with the roles the caller may see.
#[utoipa::path(get, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "The user, with the roles the caller may see.", body = UserJson),
        (status = 404, description = "No such user, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<UserJson>, ApiError> {
    Ok(Json(user_json(crate::platform::users::services::get(&state.db, &actor, id).await?)))
}

/// Changes to an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchRequest {
    /// Disable (true) or re-enable (false).
    pub disabled: Option<bool>,
    /// A new password (the user's own, or as their admin).
    pub password: Option<String>,
}

/// Disables, re-enables or sets the password of an account (its admins; a password also by its owner).
#[utoipa::path(patch, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = i64, Path, description = "User id")),
    request_body = UserPatchRequest,
    responses((status = 200, description = "The account, changed.", body = UserJson),
        (status = 403, description = "The caller is neither the account's admin nor, for a password, its owner.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such user, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "An admin cannot disable their own account.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A password too weak or too long; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UserPatchRequest>,
) -> Result<Json<UserJson>, ApiError> {
    // Check the password before anything is written, so a bad one changes nothing.
    if let Some(password) = &req.password {
        crate::platform::users::services::check_password(password)?;
    }
    if let Some(disabled) = req.disabled {
        crate::platform::users::services::set_disabled(&state.db, &actor, id, disabled).await?;
    }
    if let Some(password) = req.password {
        crate::platform::users::services::set_password(&state.db, &actor, id, password).await?;
    }
    Ok(Json(user_json(crate::platform::users::services::get(&state.db, &actor, id).await?)))
}

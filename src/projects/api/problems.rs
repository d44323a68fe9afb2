//! The problem ledger over `/api/v1`: a project's problems, raising and solving one, and the
//! ledger of a unit's projects.

use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::problems::{ProblemIn, ProblemLine};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// A project's problems with the climbs of their ladders.
#[utoipa::path(get, path = "/projects/{id}/problems", operation_id = "project_problems", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")),
    responses((status = 200, description = "The problems.", body = Vec<ProblemLine>),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ProblemLine>>, ApiError> {
    Ok(Json(crate::projects::services::problems::of_project(&state.db, &actor, id).await?))
}

/// The id of what was made.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Made {
    /// Its id.
    pub id: i64,
}

/// Raises a problem of a project, given to a unit and a person, due in working days.
#[utoipa::path(post, path = "/projects/{id}/problems", operation_id = "raise_project_problem", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")), request_body = ProblemIn,
    responses((status = 201, description = "Raised.", body = Made),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A missing field, or working days out of 1 to 60.", body = crate::platform::web::api::ErrorBody)))]
pub async fn raise(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProblemIn>,
) -> Result<(StatusCode, Json<Made>), ApiError> {
    let id = crate::projects::services::problems::raise(&state.db, &actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Made { id })))
}

/// How a problem was solved.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// How it was solved.
    pub solution: String,
}

/// Marks a problem solved (销号).
#[utoipa::path(post, path = "/projects/{id}/problems/{problem}/solve", operation_id = "solve_project_problem", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project."), ("problem" = i64, Path, description = "The problem.")), request_body = Solution,
    responses((status = 204, description = "Solved."),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project or problem.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "Solved already.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No solution said.", body = crate::platform::web::api::ErrorBody)))]
pub async fn solve(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, problem)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<Solution>,
) -> Result<StatusCode, ApiError> {
    crate::projects::services::problems::solve(&state.db, &actor, id, problem, &input.solution)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which part of the ledger.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// Only those not solved.
    pub open: Option<bool>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// The problem ledger of a unit's projects, open ones first, by deadline.
#[utoipa::path(get, path = "/project-problems", operation_id = "problem_ledger", tag = "projects", security(("bearer" = [])), params(LedgerQuery),
    responses((status = 200, description = "A page of the ledger.", body = Paged<ProblemLine>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn ledger(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<LedgerQuery>,
) -> Result<Json<Paged<ProblemLine>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let page = crate::projects::services::problems::ledger(
        &state.db,
        &actor,
        q.unit,
        q.open.unwrap_or(false),
        paging,
    )
    .await?;
    Ok(Json(Paged::of(page, |p| p)))
}

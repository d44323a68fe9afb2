//! `GET /projects`, `GET /projects/{id}` and `POST /projects/{id}/gates/{gate}`.

use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::gates::Passing;
use crate::projects::services::projects::{ListInput, ProjectDetail, ProjectJson};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which projects to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectsQuery {
    /// A unit: the projects of its subtree (default: the caller's first).
    pub unit: Option<i64>,
    /// Only this level: `provincial`, `municipal`, `zone` or `promotion`.
    pub level: Option<String>,
    /// Only industries whose GB/T 4754 code starts with this (`C`, `34`).
    pub industry: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// Reads a level from a request, naming the parameter when it is not one.
pub fn level(text: Option<&str>) -> Result<Option<crate::projects::domain::Level>, AppError> {
    text.filter(|t| !t.is_empty())
        .map(|t| {
            t.parse().map_err(|_| {
                AppError::Invalid(vec![crate::platform::input::FieldError::new(
                    "level",
                    "error.projects.level",
                )])
            })
        })
        .transpose()
}

/// The projects of a unit's subtree, largest total investment first.
#[utoipa::path(get, path = "/projects", operation_id = "list_projects", tag = "projects", security(("bearer" = [])), params(ProjectsQuery),
    responses((status = 200, description = "A page of the projects, with how many match.", body = Paged<ProjectJson>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A level that is not one, or a page out of range.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ProjectsQuery>,
) -> Result<Json<Paged<ProjectJson>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let input = ListInput {
        unit_id: q.unit,
        level: level(q.level.as_deref())?,
        industry: crate::projects::services::projects::industry(q.industry.as_deref())?,
        ..ListInput::default()
    };
    let page = crate::projects::services::projects::list(&state.db, &actor, input, paging).await?;
    Ok(Json(Paged::of(page, |p| p)))
}

/// One project with its gates, plan, team and deal.
#[utoipa::path(get, path = "/projects/{id}", operation_id = "get_project", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")),
    responses((status = 200, description = "The project.", body = ProjectDetail),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(crate::projects::services::projects::view(&state.db, &actor, id).await?))
}

/// Passes a gate of a project: its day, who passed it and the evidence.
#[utoipa::path(post, path = "/projects/{id}/gates/{gate}", operation_id = "pass_project_gate", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project."), ("gate" = String, Path, description = "The gate: `signed`, `filing`, `land`, `planning`, `environment`, `permit`, `funds`, `started`, `completed`, `production`, `capacity`.")),
    request_body = Passing,
    responses((status = 204, description = "Passed."),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project or gate, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day in the future or before a gate it follows, a gate whose stage before is not passed, or a missing name or evidence.", body = crate::platform::web::api::ErrorBody)))]
pub async fn pass_gate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, gate)): Path<(i64, String)>,
    ApiJson(input): ApiJson<Passing>,
) -> Result<StatusCode, ApiError> {
    let gate = gate.parse().map_err(|_| AppError::NotFound)?;
    crate::projects::services::gates::pass(&state.db, &actor, id, gate, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Cancels a project (撤销) on a day for a reason; its record stays, and takes no more writes.
#[utoipa::path(post, path = "/projects/{id}/cancel", operation_id = "cancel_project", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")),
    request_body = crate::projects::services::cancel::Cancelling,
    responses((status = 204, description = "Cancelled."),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "Cancelled already.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is none or after today, or no reason.", body = crate::platform::web::api::ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<crate::projects::services::cancel::Cancelling>,
) -> Result<StatusCode, ApiError> {
    crate::projects::services::cancel::cancel(&state.db, &actor, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enters a project: its record, plan, team, planned gates and, for promotion, its deal.
#[utoipa::path(post, path = "/projects", operation_id = "create_project", tag = "projects", security(("bearer" = [])),
    request_body = crate::projects::services::create::NewProject,
    responses((status = 201, description = "Entered; the project.", body = ProjectDetail),
        (status = 403, description = "The caller sees the unit but does not work its projects.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field missing or out of range, plans above the total, an owner or department that is not there.", body = crate::platform::web::api::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<crate::projects::services::create::NewProject>,
) -> Result<(StatusCode, Json<ProjectDetail>), ApiError> {
    let id = crate::projects::services::create::create(&state.db, &actor, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(crate::projects::services::projects::view(&state.db, &actor, id).await?),
    ))
}

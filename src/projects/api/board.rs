//! The battle map, the Gantt and the baselines over `/api/v1`.

use crate::platform::web::AppState;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::board::{BaselineRow, Change, GanttRow, PinJson};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which projects.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// Only this level.
    pub level: Option<String>,
    /// Only industries starting with this GB/T 4754 code (`C`, `35`).
    pub industry: Option<String>,
    /// For the Gantt: a baseline to draw beside the plans.
    pub baseline: Option<i64>,
    /// For the Gantt: how many projects, the largest first (1 to 500, default 100).
    pub rows: Option<i64>,
}

fn unit(actor: &crate::platform::access::actor::Actor, unit: Option<i64>) -> Result<i64, ApiError> {
    Ok(unit
        .or_else(|| actor.anchors().first().copied())
        .ok_or(crate::platform::service::AppError::NotFound)?)
}

/// The battle map: every project of the unit with its point and its status today.
#[utoipa::path(get, path = "/projects/map", operation_id = "projects_map", tag = "projects", security(("bearer" = [])), params(BoardQuery),
    responses((status = 200, description = "The projects with their statuses (`on_schedule`, `behind`, `overdue`, `done`).", body = Vec<PinJson>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A level or industry that is not one.", body = crate::platform::web::api::ErrorBody)))]
pub async fn map(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> Result<Json<Vec<PinJson>>, ApiError> {
    let level = crate::projects::api::projects::level(q.level.as_deref())?;
    let industry = crate::projects::services::projects::industry(q.industry.as_deref())?;
    let u = unit(&actor, q.unit)?;
    Ok(Json(
        crate::projects::services::board::map(
            &state.db,
            &actor,
            u,
            level.map(|l| l.as_str()),
            industry.as_deref(),
        )
        .await?,
    ))
}

/// The Gantt's rows: each project's gates planned and actual, and a baseline's plans beside.
#[utoipa::path(get, path = "/projects/gantt", operation_id = "projects_gantt", tag = "projects", security(("bearer" = [])), params(BoardQuery),
    responses((status = 200, description = "The rows, the largest projects first.", body = Vec<GanttRow>),
        (status = 404, description = "No such unit or baseline, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn gantt(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> Result<Json<Vec<GanttRow>>, ApiError> {
    let level = crate::projects::api::projects::level(q.level.as_deref())?;
    let u = unit(&actor, q.unit)?;
    let rows = q.rows.unwrap_or(100);
    Ok(Json(
        crate::projects::services::board::gantt(
            &state.db,
            &actor,
            u,
            level.map(|l| l.as_str()),
            q.baseline,
            rows,
        )
        .await?,
    ))
}

/// A baseline to take.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBaseline {
    /// The unit whose projects it holds.
    pub unit_id: i64,
    /// Its name.
    pub name: String,
}

/// Takes a named baseline of a unit's projects; it never changes.
#[utoipa::path(post, path = "/baselines", operation_id = "take_baseline", tag = "projects", security(("bearer" = [])), request_body = NewBaseline,
    responses((status = 201, description = "Taken.", body = BaselineRow),
        (status = 403, description = "The caller sees the unit but does not work its projects.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No name.", body = crate::platform::web::api::ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewBaseline>,
) -> Result<(StatusCode, Json<BaselineRow>), ApiError> {
    let b = crate::projects::services::board::take(&state.db, &actor, input.unit_id, &input.name)
        .await?;
    Ok((StatusCode::CREATED, Json(b)))
}

/// Which baselines.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BaselinesQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
}

/// The baselines of a unit's subtree, newest first.
#[utoipa::path(get, path = "/baselines", operation_id = "list_baselines", tag = "projects", security(("bearer" = [])), params(BaselinesQuery),
    responses((status = 200, description = "The baselines.", body = Vec<BaselineRow>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<BaselinesQuery>,
) -> Result<Json<Vec<BaselineRow>>, ApiError> {
    let u = unit(&actor, q.unit)?;
    Ok(Json(crate::projects::services::board::baselines(&state.db, &actor, u).await?))
}

/// What to compare a baseline with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// Another baseline; omitted, the plans as they stand today.
    pub to: Option<i64>,
}

/// A baseline compared with another, or with today's plans: every planned gate that moved,
/// came or went (cancelled projects included).
#[utoipa::path(get, path = "/baselines/{id}/compare", operation_id = "compare_baselines", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The baseline."), CompareQuery),
    responses((status = 200, description = "The changes, by project and gate.", body = Vec<Change>),
        (status = 404, description = "No such baseline, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn compare(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<CompareQuery>,
) -> Result<Json<Vec<Change>>, ApiError> {
    Ok(Json(crate::projects::services::board::compare(&state.db, &actor, id, q.to).await?.2))
}

/// Which progress.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// The month, `YYYY-MM`: the year's reports through its end, against its share of the year.
    pub month: String,
}

/// Investment completed against the annual plan and the time elapsed (序时进度), for the unit,
/// each unit its projects lie in, and each project.
#[utoipa::path(get, path = "/projects/progress", operation_id = "projects_progress", tag = "projects", security(("bearer" = [])), params(ProgressQuery),
    responses((status = 200, description = "The progress, each line with its completion, the time elapsed and the gap in hundredths of a percent.", body = crate::projects::services::progress::Progress),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A month that is not one.", body = crate::platform::web::api::ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ProgressQuery>,
) -> Result<Json<crate::projects::services::progress::Progress>, ApiError> {
    let month = crate::projects::domain::reports::Period::parse("month", &q.month)?;
    if month.dekad.is_some() {
        return Err(crate::platform::service::AppError::Invalid(vec![
            crate::platform::input::FieldError::new("month", "error.projects.period"),
        ])
        .into());
    }
    let u = unit(&actor, q.unit)?;
    Ok(Json(crate::projects::services::progress::of_unit(&state.db, &actor, u, month.month).await?))
}

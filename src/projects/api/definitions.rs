//! `GET /promotion/rates`, `GET /promotion/rates/{code}` and
//! `POST /promotion/rates/{code}/versions`: the definitions, a figure by any version, and a
//! new version.

use crate::platform::web::AppState;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::definitions::{NewVersion, Version};
use crate::projects::services::promotion::RateFigure;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// Every version of every rate's definition.
#[utoipa::path(get, path = "/promotion/rates", operation_id = "rate_definitions", tag = "projects", security(("bearer" = [])),
    responses((status = 200, description = "Every version, by rate and version.", body = Vec<Version>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
) -> Result<Json<Vec<Version>>, ApiError> {
    Ok(Json(crate::projects::services::definitions::all(&state.db).await?))
}

/// Which figure of a rate.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// The day.
    #[param(value_type = chrono::NaiveDate)]
    pub as_of: String,
    /// The version (default: the one in force on the day).
    pub version: Option<i64>,
}

/// A rate's figure on a day by a version: an old figure made again by the version that made it.
#[utoipa::path(get, path = "/promotion/rates/{code}", operation_id = "rate_figure", tag = "projects", security(("bearer" = [])),
    params(("code" = String, Path, description = "`fulfilment_rate`, `funds_in_place_rate` or `start_rate`."), FigureQuery),
    responses((status = 200, description = "The figure, naming its version.", body = RateFigure),
        (status = 404, description = "No such rate, version or unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is not one.", body = crate::platform::web::api::ErrorBody)))]
pub async fn figure(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<Json<RateFigure>, ApiError> {
    let code = super::code(&code)?;
    let by = crate::platform::day::parse("as_of", &q.as_of)?;
    let unit = q
        .unit
        .or_else(|| actor.anchors().first().copied())
        .ok_or(crate::platform::service::AppError::NotFound)?;
    Ok(Json(
        crate::projects::services::promotion::rate(&state.db, &actor, unit, by, code, q.version)
            .await?,
    ))
}

/// Makes the next version of a rate's definition, in force from its `valid_from` (today or later).
#[utoipa::path(post, path = "/promotion/rates/{code}/versions", operation_id = "add_rate_version", tag = "projects", security(("bearer" = [])),
    params(("code" = String, Path, description = "The rate.")),
    request_body = NewVersion,
    responses((status = 201, description = "The new version.", body = Version),
        (status = 403, description = "Only the investment-promotion and statistics departments and the zone's administrators define rates.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such rate.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A side without terms, counts over sums, a numerator that counts what the denominator does not (so the denominator can be zero when it is not), a back date.", body = crate::platform::web::api::ErrorBody)))]
pub async fn add_version(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<NewVersion>,
) -> Result<(StatusCode, Json<Version>), ApiError> {
    let code = super::code(&code)?;
    let v =
        crate::projects::services::definitions::add_version(&state.db, &actor, code, input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

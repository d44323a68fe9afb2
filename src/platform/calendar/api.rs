//! The working calendar and the catalogue, for programs.

use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A day that differs from the weekly rhythm.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayJson {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `off` (holiday) or `work` (make-up working day).
    pub kind: String,
    /// Its name (春节, 国庆调休 …).
    pub name: String,
}

/// Which year.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (default this year).
    pub year: Option<i32>,
}

/// The holidays and make-up working days of a year.
#[utoipa::path(get, path = "/calendar", operation_id = "list_calendar_days", tag = "calendar", security(("bearer" = [])), params(YearQuery),
    responses((status = 200, description = "The year's holidays and make-up working days, by day.", body = Vec<DayJson>)))]
pub async fn year(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<Vec<DayJson>>, ApiError> {
    let year = q.year.unwrap_or_else(|| state.db.clock.today().year());
    let cal = crate::platform::calendar::services::calendar(&state.db).await?;
    Ok(Json(
        cal.exceptions_in(year)
            .map(|(d, (kind, name))| DayJson {
                day: d.to_string(),
                kind: kind.as_str().into(),
                name: name.clone(),
            })
            .collect(),
    ))
}

/// A day's new kind.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRequest {
    /// `off`, `work`, or `normal` to remove the exception.
    pub kind: String,
    /// Its name (required unless normal).
    #[serde(default)]
    pub name: String,
}

/// Sets one day of the calendar (admins); deadlines count working time on it from then on.
#[utoipa::path(put, path = "/calendar/{day}", operation_id = "set_calendar_day", tag = "calendar", security(("bearer" = [])), params(("day" = String, Path, description = "YYYY-MM-DD")),
    request_body = DayRequest,
    responses((status = 204, description = "The day is set."), (status = 403, description = "Only admins set the calendar.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "Not a day, an unknown kind, or a name missing or too long.", body = crate::platform::web::api::ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(day): Path<String>,
    ApiJson(req): ApiJson<DayRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    let date = crate::platform::day::parse("day", &day)?;
    crate::platform::calendar::services::set_day(&state.db, &actor, date, &req.kind, &req.name)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

//! `GET /promotion/summary` and `GET /promotion/projects`: the promotion figures of a unit on a
//! day, and the projects behind any one of them.

use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::domain::Band;
use crate::projects::services::projects::{ListInput, ProjectJson};
use crate::projects::services::promotion::{Behind, Summary};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which summary.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The unit whose subtree to count (default: the caller's first).
    pub unit: Option<i64>,
    /// The day, `YYYY-MM-DD`: deals signed from 1 January of its year to it, seen that day.
    #[param(value_type = chrono::NaiveDate)]
    pub as_of: String,
}

/// The promotion figures of a unit on a day, each rate by the definition in force that day.
#[utoipa::path(get, path = "/promotion/summary", operation_id = "promotion_summary", tag = "projects", security(("bearer" = [])), params(SummaryQuery),
    responses((status = 200, description = "The figures, each rate naming its definition and version.", body = Summary),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is not one.", body = crate::platform::web::api::ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> Result<Json<Summary>, ApiError> {
    let by = crate::platform::day::parse("as_of", &q.as_of)?;
    Ok(Json(crate::projects::services::promotion::summary(&state.db, &actor, q.unit, by).await?))
}

/// Which projects behind which figure.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BehindQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// The day of the figure.
    #[param(value_type = chrono::NaiveDate)]
    pub as_of: String,
    /// `signed`, a band (`from1bn`, `from500m`, `from100m`, `under100m`), or a rate
    /// (`fulfilment_rate`, `funds_in_place_rate`, `start_rate`).
    pub figure: String,
    /// For a rate: `numerator` (default) or `denominator`.
    pub side: Option<String>,
    /// For a rate: the version (default: the one in force on the day).
    pub version: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// Reads which figure a request names, and its side.
pub fn which(figure: &str, side: Option<&str>, version: Option<i64>) -> Result<Behind, AppError> {
    let bad = |field: &str| {
        AppError::Invalid(vec![crate::platform::input::FieldError::new(
            field,
            "error.projects.figure",
        )])
    };
    let numerator = match side.unwrap_or("numerator") {
        "numerator" => true,
        "denominator" => false,
        _ => return Err(bad("side")),
    };
    if figure == "signed" {
        return Ok(Behind::Signed);
    }
    if let Some(b) = Band::ALL.iter().find(|b| b.as_str() == figure) {
        return Ok(Behind::Band(*b));
    }
    let code = figure.parse().map_err(|_| bad("figure"))?;
    Ok(Behind::Rate { code, version, numerator })
}

/// The projects behind a figure of the summary: every deal it counts.
#[utoipa::path(get, path = "/promotion/projects", operation_id = "promotion_projects", tag = "projects", security(("bearer" = [])), params(BehindQuery),
    responses((status = 200, description = "A page of the projects the figure counts.", body = Paged<ProjectJson>),
        (status = 404, description = "No such unit or version, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day, figure or side that is not one.", body = crate::platform::web::api::ErrorBody)))]
pub async fn behind(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<BehindQuery>,
) -> Result<Json<Paged<ProjectJson>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let by = crate::platform::day::parse("as_of", &q.as_of)?;
    let which = which(&q.figure, q.side.as_deref(), q.version)?;
    let unit = q.unit.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let (ids, _) =
        crate::projects::services::promotion::behind(&state.db, &actor, unit, by, which).await?;
    let input = ListInput { unit_id: Some(unit), ids: Some(ids), ..ListInput::default() };
    let page = crate::projects::services::projects::list(&state.db, &actor, input, paging).await?;
    Ok(Json(Paged::of(page, |p| p)))
}

//! `GET /projects/inspection`: the weekly inspection list (周督查) of a unit's projects on a day.

use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::error::{ApiError, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::inspection::Item;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// Which list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// The day, `YYYY-MM-DD` (default: today).
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub as_of: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// A page of the list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Inspection {
    /// The day of the list.
    #[schema(value_type = String)]
    pub as_of: chrono::NaiveDate,
    /// The month whose reports it checks (the last one already due), `YYYY-MM`.
    pub month: String,
    /// The items, the longest overdue first.
    pub items: Vec<Item>,
    /// Items in the whole list.
    pub total: i64,
    /// This page's number.
    pub page: i64,
    /// Rows a page.
    pub page_size: i64,
}

/// What is overdue in a unit's projects on a day: gates past their planned day, reports
/// missing or late for the last month due, problems past their deadline; each with who answers.
#[utoipa::path(get, path = "/projects/inspection", operation_id = "project_inspection", tag = "projects", security(("bearer" = [])), params(InspectionQuery),
    responses((status = 200, description = "A page of the list.", body = Inspection),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is not one, or a page out of range.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<InspectionQuery>,
) -> Result<Json<Inspection>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let as_of = match q.as_of.as_deref() {
        Some(d) => crate::platform::day::parse("as_of", d)?,
        None => state.db.clock.today(),
    };
    let (page, month) =
        crate::projects::services::inspection::list(&state.db, &actor, q.unit, as_of, paging)
            .await?;
    Ok(Json(Inspection {
        as_of,
        month: month.text(),
        items: page.items,
        total: page.total,
        page: page.paging.page,
        page_size: page.paging.page_size,
    }))
}

//! `GET /projects/bulletin`: the projects' part of the monthly bulletin or the quarterly analysis.

use crate::platform::web::AppState;
use crate::platform::web::error::{ApiError, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::projects::services::bulletin::Bulletin;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which bulletin.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BulletinQuery {
    /// The unit (default: the caller's first).
    pub unit: Option<i64>,
    /// A month (`2015-10`) or a quarter (`2015-Q3`).
    pub period: String,
}

/// For a unit and a month or quarter: the projects of each level, the milestones passed,
/// investment against the plan and 序时进度, the promotion figures, the problem ledger's
/// movement and the inspection list's length, each made from the records.
#[utoipa::path(get, path = "/projects/bulletin", operation_id = "projects_bulletin", tag = "projects", security(("bearer" = [])), params(BulletinQuery),
    responses((status = 200, description = "The figures.", body = Bulletin),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A period that is no month or quarter, or one not begun.", body = crate::platform::web::api::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<BulletinQuery>,
) -> Result<Json<Bulletin>, ApiError> {
    Ok(Json(crate::projects::services::bulletin::of(&state.db, &actor, q.unit, &q.period).await?))
}

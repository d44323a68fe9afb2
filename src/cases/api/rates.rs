//! `GET /cases/rates`: the counts behind every rate of a unit's subtree, and the rates.

use crate::cases::domain::rates::Counts;
use crate::cases::domain::rates::Rates;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which rates.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// The unit whose subtree to count.
    pub unit: i64,
    /// First report day, `YYYY-MM-DD`, 2000-01-01 to 2100-12-31.
    #[param(value_type = chrono::NaiveDate)]
    pub from: String,
    /// Last report day.
    #[param(value_type = chrono::NaiveDate)]
    pub to: String,
    /// Category code prefix (`D` for every dispute).
    pub category: Option<String>,
}

/// Counts and rates.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatesJson {
    /// Cases found (reported).
    pub found: i64,
    /// Registered.
    pub registered: i64,
    /// Resolved (化解): closed as resolved.
    pub resolved: i64,
    /// Closed, whatever the outcome.
    pub closed: i64,
    /// Every count behind the rates.
    pub counts: Counts,
    /// Resolution rate.
    pub resolution_rate: crate::cases::domain::rates::Rate,
    /// Closure rate.
    pub closure_rate: crate::cases::domain::rates::Rate,
    /// On-time closure rate.
    pub on_time_closure_rate: crate::cases::domain::rates::Rate,
    /// Rework rate.
    pub rework_rate: crate::cases::domain::rates::Rate,
    /// Extension rate.
    pub extension_rate: crate::cases::domain::rates::Rate,
    /// Average satisfaction.
    pub satisfaction: crate::cases::domain::rates::Rate,
}

/// The counts and rates of the cases reported in a unit's subtree between two days.
#[utoipa::path(get, path = "/cases/rates", operation_id = "case_rates", tag = "cases", security(("bearer" = [])), params(RatesQuery),
    responses((status = 200, description = "The counts and rates.", body = RatesJson),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is not a day, out of range, or a last day before the first.", body = crate::platform::web::api::ErrorBody)))]
pub async fn rates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<RatesQuery>,
) -> Result<Json<RatesJson>, ApiError> {
    let (from, to) =
        (crate::platform::day::parse("from", &q.from)?, crate::platform::day::parse("to", &q.to)?);
    let (c, r): (Counts, Rates) =
        crate::cases::services::rates(&state.db, &actor, q.unit, from, to, q.category.as_deref())
            .await?;
    Ok(Json(RatesJson {
        found: c.found,
        registered: c.registered,
        resolved: c.resolved,
        closed: c.closed,
        counts: c,
        resolution_rate: r.resolution_rate,
        closure_rate: r.closure_rate,
        on_time_closure_rate: r.on_time_closure_rate,
        rework_rate: r.rework_rate,
        extension_rate: r.extension_rate,
        satisfaction: r.satisfaction,
    }))
}

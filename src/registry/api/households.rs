//! `GET /households`, `GET /households/{id}`.

use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::registry::services::households::Household;
use crate::registry::services::people::Person;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which households to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HouseholdsQuery {
    /// A unit: the households of its subtree (default: the caller's first).
    pub unit: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// The households of a unit's subtree, by number.
#[utoipa::path(get, path = "/households", operation_id = "list_households", tag = "registry", security(("bearer" = [])), params(HouseholdsQuery),
    responses((status = 200, description = "A page of households.", body = Paged<Household>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<HouseholdsQuery>,
) -> Result<Json<Paged<Household>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let page =
        crate::registry::services::households::list(&state.db, &actor, q.unit, paging).await?;
    Ok(Json(Paged::of(page, |h| h)))
}

/// A household and its members.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdJson {
    /// The household.
    pub household: Household,
    /// Its members, masked, the head first.
    pub members: Vec<Person>,
}

/// One household with its members.
#[utoipa::path(get, path = "/households/{id}", operation_id = "get_household", tag = "registry", security(("bearer" = [])), params(("id" = i64, Path, description = "Household id")),
    responses((status = 200, description = "The household.", body = HouseholdJson),
        (status = 404, description = "No such household, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<HouseholdJson>, ApiError> {
    let (household, members) =
        crate::registry::services::households::view(&state.db, &actor, id).await?;
    Ok(Json(HouseholdJson { household, members }))
}

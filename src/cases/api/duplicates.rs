//! `GET /cases/{id}/duplicates`: the cases a report may repeat, to merge (并单).

use crate::cases::api::case_json::{CaseJson, case_json};
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

/// A possible duplicate.
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateJson {
    /// `nearby` (same category, within 250 m and 30 days) or `same_party` (a party's ID number, within 30 days).
    pub reason: String,
    /// The other case.
    pub case: CaseJson,
}

/// Possible duplicates of a case, to merge (并单) with the `merge` action.
#[utoipa::path(get, path = "/cases/{id}/duplicates", operation_id = "list_case_duplicates", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The possible duplicates, likeliest first.", body = Vec<DuplicateJson>),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn duplicates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DuplicateJson>>, ApiError> {
    let found = crate::cases::services::duplicates(&state.db, &actor, id).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(c, why)| DuplicateJson {
                reason: match why {
                    crate::cases::services::Likeness::Nearby => "nearby".into(),
                    crate::cases::services::Likeness::SameParty => "same_party".into(),
                },
                case: case_json(c),
            })
            .collect(),
    ))
}

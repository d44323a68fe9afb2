//! `GET /categories`: the catalogue in force in the caller's zone, with its time limits.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// A category of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryJson {
    /// Code.
    pub code: String,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Whether cases may be filed under it (a leaf).
    pub leaf: bool,
    /// Offered to the public.
    pub public: bool,
    /// Limits for register, dispatch, handle, verify (`2h`, `5d`).
    pub limits: [String; 4],
    /// When to register.
    pub filing_condition: String,
    /// When to close.
    pub closing_condition: String,
}

/// The current catalogue of the caller's zone.
#[utoipa::path(get, path = "/categories", operation_id = "list_categories", tag = "cases", security(("bearer" = [])),
    responses((status = 200, description = "The categories in force, with their time limits.", body = Vec<CategoryJson>)))]
pub async fn categories(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<CategoryJson>>, ApiError> {
    let zone = actor
        .held
        .first()
        .map(|h| crate::cases::services::catalogue::zone_of(&h.path))
        .ok_or(AppError::NotFound)?;
    let (_, all) = crate::cases::services::catalogue::current(&state.db, zone).await?;
    Ok(Json(
        all.iter()
            .map(|c| CategoryJson {
                leaf: crate::cases::services::catalogue::is_leaf(&c.code, &all),
                code: c.code.clone(),
                kind: c.kind.clone(),
                name: c.name.clone(),
                name_en: c.name_en.clone(),
                public: c.public != 0,
                limits: [
                    c.register_limit.clone(),
                    c.dispatch_limit.clone(),
                    c.handle_limit.clone(),
                    c.verify_limit.clone(),
                ],
                filing_condition: c.filing_condition.clone(),
                closing_condition: c.closing_condition.clone(),
            })
            .collect(),
    ))
}

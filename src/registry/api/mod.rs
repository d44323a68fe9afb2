//! The registry over `/api/v1`: people and households listed a page at a time and masked, one
//! person read, revealed with a purpose, written; a people sheet imported. A file per use-case.

pub mod households;
pub mod import;
pub mod people;

use crate::platform::web::AppState;

/// The registry's API routes, with their OpenAPI paths, as they sit under `/api/v1`.
pub fn routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(people::list, people::save))
        .routes(utoipa_axum::routes!(people::get))
        .routes(utoipa_axum::routes!(people::reveal))
        .routes(utoipa_axum::routes!(import::import))
        .routes(utoipa_axum::routes!(households::list))
        .routes(utoipa_axum::routes!(households::get))
}

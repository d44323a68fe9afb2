//! The registry over `/api/v1`: people and households listed a page at a time and masked, one
//! person read, revealed with a purpose, written; a people sheet imported. A file per use-case.

pub mod households;
pub mod import;
pub mod people;
pub mod records;

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
        .routes(utoipa_axum::routes!(records::places::list, records::places::save))
        .routes(utoipa_axum::routes!(records::places::get))
        .routes(utoipa_axum::routes!(records::places::reveal))
        .routes(utoipa_axum::routes!(records::facilities::list, records::facilities::save))
        .routes(utoipa_axum::routes!(records::facilities::get))
        .routes(utoipa_axum::routes!(records::facilities::reveal))
        .routes(utoipa_axum::routes!(records::organisations::list, records::organisations::save))
        .routes(utoipa_axum::routes!(records::organisations::get))
        .routes(utoipa_axum::routes!(records::organisations::reveal))
        .routes(utoipa_axum::routes!(records::floating::list, records::floating::save))
        .routes(utoipa_axum::routes!(records::floating::get))
        .routes(utoipa_axum::routes!(records::floating::reveal))
        .routes(utoipa_axum::routes!(records::left_behind::list, records::left_behind::save))
        .routes(utoipa_axum::routes!(records::left_behind::get))
        .routes(utoipa_axum::routes!(records::left_behind::reveal))
        .routes(utoipa_axum::routes!(records::released::list, records::released::save))
        .routes(utoipa_axum::routes!(records::released::get))
        .routes(utoipa_axum::routes!(records::released::reveal))
        .routes(utoipa_axum::routes!(records::correction::list, records::correction::save))
        .routes(utoipa_axum::routes!(records::correction::get))
        .routes(utoipa_axum::routes!(records::correction::reveal))
        .routes(utoipa_axum::routes!(records::mental::list, records::mental::save))
        .routes(utoipa_axum::routes!(records::mental::get))
        .routes(utoipa_axum::routes!(records::mental::reveal))
        .routes(utoipa_axum::routes!(records::drug::list, records::drug::save))
        .routes(utoipa_axum::routes!(records::drug::get))
        .routes(utoipa_axum::routes!(records::drug::reveal))
        .routes(utoipa_axum::routes!(records::youth::list, records::youth::save))
        .routes(utoipa_axum::routes!(records::youth::get))
        .routes(utoipa_axum::routes!(records::youth::reveal))
}

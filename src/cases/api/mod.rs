//! Grid events and disputes over `/api/v1`: intake, the workflow, lists, rates, the catalogue,
//! duplicates, the hotline import, photos and mediation; a file per use-case.

pub mod act;
pub mod case_json;
pub mod categories;
pub mod detail;
pub mod duplicates;
pub mod import;
pub mod list;
pub mod mediation;
pub mod open311;
pub mod photos;
pub mod rates;
pub mod report;

pub use case_json::{CaseJson, case_json};

use crate::platform::web::AppState;

/// The API's routes of grid events, with their OpenAPI paths, as they sit under `/api/v1`.
pub fn routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(report::report, list::list))
        .routes(utoipa_axum::routes!(detail::get))
        .routes(utoipa_axum::routes!(import::import))
        .routes(utoipa_axum::routes!(duplicates::duplicates))
        .routes(utoipa_axum::routes!(photos::upload, photos::list))
        .routes(utoipa_axum::routes!(photos::download))
        .routes(utoipa_axum::routes!(act::act))
        .routes(utoipa_axum::routes!(rates::rates))
        .routes(utoipa_axum::routes!(categories::categories))
        .routes(utoipa_axum::routes!(mediation::get))
        .routes(utoipa_axum::routes!(mediation::add_session))
        .routes(utoipa_axum::routes!(mediation::save_agreement))
        .routes(utoipa_axum::routes!(mediation::performance))
}

/// The server's intake writer, which the capability started beside it.
pub fn intake(state: &AppState) -> &crate::cases::services::intake_queue::IntakeQueue {
    state.part::<std::sync::Arc<crate::cases::services::intake_queue::IntakeQueue>>()
}

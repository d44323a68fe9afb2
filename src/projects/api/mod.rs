//! Key projects and promotion over `/api/v1`: projects listed and read, gates passed, the
//! promotion summary, the projects behind a figure and the rate definitions.

pub mod board;
pub mod bulletin;
pub mod definitions;
pub mod inspection;
pub mod problems;
pub mod projects;
pub mod promotion;
pub mod reports;

use crate::platform::web::AppState;

/// The API's routes of projects and promotion, with their OpenAPI paths, under `/api/v1`.
pub fn routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(projects::list, projects::create))
        .routes(utoipa_axum::routes!(board::map))
        .routes(utoipa_axum::routes!(board::gantt))
        .routes(utoipa_axum::routes!(board::progress))
        .routes(utoipa_axum::routes!(inspection::list))
        .routes(utoipa_axum::routes!(bulletin::show))
        .routes(utoipa_axum::routes!(board::take, board::list))
        .routes(utoipa_axum::routes!(board::compare))
        .routes(utoipa_axum::routes!(projects::detail))
        .routes(utoipa_axum::routes!(projects::pass_gate))
        .routes(utoipa_axum::routes!(projects::cancel))
        .routes(utoipa_axum::routes!(reports::list, reports::submit))
        .routes(utoipa_axum::routes!(reports::review))
        .routes(utoipa_axum::routes!(reports::import))
        .routes(utoipa_axum::routes!(reports::add_photo))
        .routes(utoipa_axum::routes!(reports::photo))
        .routes(utoipa_axum::routes!(problems::list, problems::raise))
        .routes(utoipa_axum::routes!(problems::solve))
        .routes(utoipa_axum::routes!(problems::ledger))
        .routes(utoipa_axum::routes!(promotion::summary))
        .routes(utoipa_axum::routes!(promotion::behind))
        .routes(utoipa_axum::routes!(definitions::list))
        .routes(utoipa_axum::routes!(definitions::figure))
        .routes(utoipa_axum::routes!(definitions::add_version))
}

/// A rate's code from a path or query, or 404 naming nothing: an unknown rate is not there.
pub fn code(
    text: &str,
) -> Result<crate::projects::domain::rates::Code, crate::platform::web::error::ApiError> {
    text.parse().map_err(|_| crate::platform::service::AppError::NotFound.into())
}

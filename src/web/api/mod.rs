//! The JSON API under `/api/v1`, every route described in the OpenAPI document at
//! `/api/v1/openapi.json` and browsable offline at `/api/v1/docs`.

mod auth;
mod calendar;
mod cases;
mod mediation;
mod units;
mod users;

use super::AppState;
use axum::Router;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::{Config, SwaggerUi};

#[derive(OpenApi)]
#[openapi(
    info(title = "zhili API", version = "1", description = "The zone's hierarchy, people and permissions. \
        Money is integer fen in fields ending `_fen`; dates are `YYYY-MM-DD`; timestamps RFC 3339; \
        lists are paged with `page`, `page_size` and a `total`."),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// The error shape of every route.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `not_found`, `forbidden`, `unauthorized`, `invalid`, `conflict`, `bad_request`, `too_many_requests`, `internal`.
    pub code: String,
    /// A sentence in the caller's language (Accept-Language).
    pub message: String,
    /// For `invalid`: each field and why.
    pub fields: Vec<FieldMessage>,
}

/// One field that failed validation.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldMessage {
    /// The field, as sent (`code`, `roles[0].unit_id`).
    pub field: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows in the whole list.
    pub total: i64,
    /// This page's number, from 1.
    pub page: i64,
    /// Rows a page.
    pub page_size: i64,
}

impl<T> Paged<T> {
    fn of<U>(page: crate::app::Page<U>, f: impl FnMut(U) -> T) -> Paged<T> {
        Paged {
            items: page.items.into_iter().map(f).collect(),
            total: page.total,
            page: page.paging.page,
            page_size: page.paging.page_size,
        }
    }
}

/// The API's routes, its OpenAPI document and its reference page.
pub fn routes() -> Router<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(auth::login))
        .routes(routes!(auth::me))
        .routes(routes!(auth::list_tokens, auth::create_token))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(units::list_units, units::create_unit))
        .routes(routes!(units::get_unit, units::update_unit))
        .routes(routes!(units::move_unit))
        .routes(routes!(units::list_departments))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user, users::update_user))
        .routes(routes!(cases::report, cases::list))
        .routes(routes!(cases::get))
        .routes(routes!(cases::import))
        .routes(routes!(cases::duplicates))
        .routes(routes!(super::photos::upload, super::photos::list))
        .routes(routes!(super::photos::download))
        .routes(routes!(cases::act))
        .routes(routes!(cases::rates))
        .routes(routes!(cases::categories))
        .routes(routes!(calendar::year))
        .routes(routes!(calendar::set))
        .routes(routes!(mediation::get))
        .routes(routes!(mediation::add_session))
        .routes(routes!(mediation::save_agreement))
        .routes(routes!(mediation::performance));
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts();
    let docs =
        SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", api).config(Config::new(["/api/v1/openapi.json"]).validator_url("none"));
    router.merge(docs)
}

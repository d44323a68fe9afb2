//! The JSON API under `/api/v1`, every route described in the OpenAPI document at
//! `/api/v1/openapi.json` and browsable offline at `/api/v1/docs`.

use crate::platform::web::AppState;
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
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The answers any route may give besides its own, added to every operation of the document so
/// that a client (and schemathesis) finds each status it can meet: 400 for a path, query or body
/// that cannot be read; 401 without a valid token; 403 where the token's roles do not allow it;
/// 404 for an object that does not exist or lies outside the caller's part of the hierarchy; 413
/// for a body over the limit; 422 for input that fails validation.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, path::ParameterIn};
        let error = |description: &str| {
            let content =
                ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content("application/json", content)
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for op in ops.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
                let has_body = op.request_body.is_some();
                let wanted = [
                    ("400", true, "The path, query or body cannot be read."),
                    ("401", secured, "No valid token."),
                    ("403", secured, "The caller's roles do not allow this."),
                    ("404", path.contains('{'), "No such object, or none the caller may see."),
                    ("413", has_body, "The body is over the limit."),
                    (
                        "422",
                        has_body || has_query,
                        "The input fails validation; each field and why.",
                    ),
                ];
                for (status, applies, description) in wanted {
                    if applies {
                        op.responses
                            .responses
                            .entry(status.to_string())
                            .or_insert_with(|| error(description));
                    }
                }
            }
        }
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
    /// `not_found`, `forbidden`, `unauthorized`, `invalid`, `conflict`, `not_allowed`, `bad_request`, `method_not_allowed`,
    /// `payload_too_large`, `unsupported_media_type`, `too_many_requests`, `internal`.
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
    pub fn of<U>(page: crate::platform::service::Page<U>, f: impl FnMut(U) -> T) -> Paged<T> {
        Paged {
            items: page.items.into_iter().map(f).collect(),
            total: page.total,
            page: page.paging.page,
            page_size: page.paging.page_size,
        }
    }
}

/// The API's routes, its OpenAPI document and its reference page.
pub fn routes(capabilities: crate::platform::capability::Capabilities) -> Router<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(crate::platform::users::auth_api::login))
        .routes(routes!(crate::platform::users::auth_api::me))
        .routes(routes!(
            crate::platform::users::auth_api::list_tokens,
            crate::platform::users::auth_api::create_token
        ))
        .routes(routes!(crate::platform::users::auth_api::revoke_token))
        .routes(routes!(
            crate::platform::hierarchy::api::list_units,
            crate::platform::hierarchy::api::create_unit
        ))
        .routes(routes!(
            crate::platform::hierarchy::api::get_unit,
            crate::platform::hierarchy::api::update_unit
        ))
        .routes(routes!(crate::platform::hierarchy::api::move_unit))
        .routes(routes!(crate::platform::hierarchy::api::list_departments))
        .routes(routes!(
            crate::platform::users::api::list_users,
            crate::platform::users::api::create_user
        ))
        .routes(routes!(
            crate::platform::users::api::get_user,
            crate::platform::users::api::update_user
        ))
        .routes(routes!(crate::platform::calendar::api::year))
        .routes(routes!(crate::platform::calendar::api::set));
    let v1 = capabilities.iter().fold(v1, |v1, c| v1.merge((c.api)()));
    let (router, mut api) =
        OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts();
    // After the routes are in: the modifier walks every operation.
    CommonErrors.modify(&mut api);
    let docs = SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", api)
        .config(Config::new(["/api/v1/openapi.json"]).validator_url("none"));
    router.merge(docs)
}

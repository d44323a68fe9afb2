//! Open311 GeoReport v2 at `/open311/v2`: discovery, services and their definitions, posting
//! requests with an API key, tokens, and requests with their filters, in JSON and XML, with
//! errors in the specification's shape.

pub mod answers;
pub mod discovery;
pub mod post;
pub mod query;
pub mod requests;

use crate::cases::api::open311::answers::{Format, app_error, error, split};
use crate::platform::i18n::Lang;
use crate::platform::web::AppState;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

/// Refuses a jurisdiction other than the zone's division code.
pub async fn check_jurisdiction(
    state: &AppState,
    format: Format,
    pairs: &[(String, String)],
) -> Result<(), Response> {
    let Some(asked) = query::value(pairs, "jurisdiction_id") else { return Ok(()) };
    match crate::cases::services::open311::zone(&state.db).await {
        Ok((_, code)) if code == asked => Ok(()),
        Ok(_) => {
            Err(error(format, StatusCode::NOT_FOUND, format!("jurisdiction_id {asked} not found")))
        }
        Err(e) => Err(app_error(format, Lang::En, e)),
    }
}

/// A file name without `.json` or `.xml` is no resource; it is answered in JSON.
fn no_format() -> Response {
    error(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml")
}

/// `GET /open311/v2/discovery|services|requests.{json,xml}`.
async fn get_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((name, format)) = split(&file) else { return no_format() };
    let pairs = query::pairs(raw.as_deref());
    if let Err(res) = check_jurisdiction(&state, format, &pairs).await {
        return res;
    }
    match name {
        "discovery" => discovery::discovery(&state, format).await,
        "services" => discovery::services(&state, format).await,
        "requests" => requests::list(&state, format, &pairs).await,
        _ => error(format, StatusCode::NOT_FOUND, format!("no such resource: {name}")),
    }
}

/// `GET /open311/v2/services/{code}.{json,xml}`: the attributes a service asks for.
async fn service_definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((code, format)) = split(&file) else { return no_format() };
    if let Err(res) = check_jurisdiction(&state, format, &query::pairs(raw.as_deref())).await {
        return res;
    }
    discovery::definition(&state, format, code).await
}

/// `GET /open311/v2/requests/{id}.{json,xml}`: one request, by its number or its token.
async fn one_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((id, format)) = split(&file) else { return no_format() };
    if let Err(res) = check_jurisdiction(&state, format, &query::pairs(raw.as_deref())).await {
        return res;
    }
    requests::one(&state, format, id).await
}

/// `GET /open311/v2/tokens/{token}.{json,xml}`.
async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((token, format)) = split(&file) else { return no_format() };
    requests::token(&state, format, token).await
}

/// The Open311 routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(get_root).post(post::post_root))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

//! The public's requests: the list with its filters, one request by its number or token, and a
//! token's request. Fields stand in alphabetical order, the order these answers have always had.

use crate::cases::api::open311::answers::{Format, Item, Listed, answer, app_error, error};
use crate::cases::api::open311::query::{self, Refusal};
use crate::cases::domain::CaseState;
use crate::cases::services::open311_requests::Shown;
use crate::cases::services::rows::CategoryRow;
use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use crate::platform::time::Stamp;
use crate::platform::web::AppState;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

/// A service request as GeoReport v2 shows it.
#[derive(Debug, Serialize)]
pub struct Request {
    address: String,
    address_id: &'static str,
    agency_responsible: String,
    description: String,
    expected_datetime: Option<String>,
    lat: Option<f64>,
    long: Option<f64>,
    media_url: &'static str,
    requested_datetime: String,
    service_code: String,
    service_name: String,
    service_notice: &'static str,
    service_request_id: String,
    status: &'static str,
    status_notes: String,
    updated_datetime: String,
    zipcode: &'static str,
}

impl Item for Request {
    const ELEMENT: &'static str = "request";
}

impl Listed for Request {
    const LIST: &'static str = "service_requests";
}

impl Request {
    /// A request shown, its service named from the catalogue `all`.
    pub fn of(shown: Shown, all: &[CategoryRow]) -> Request {
        let Shown { case: c, agency, updated_at } = shown;
        let name = all
            .iter()
            .find(|x| x.code == c.category_code)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        let closed = !c.is_open();
        let notes = match (c.state, c.outcome) {
            (CaseState::Closed, Some(o)) => {
                Lang::Zh.t(&format!("outcome.{}", o.as_str())).into_owned()
            }
            (s, _) => Lang::Zh.t(&format!("state.{}", s.as_str())).into_owned(),
        };
        Request {
            address: c.address,
            address_id: "",
            agency_responsible: agency,
            description: c.description,
            // Beijing time, as the specification's W3C datetime.
            expected_datetime: c.due_at.or(c.step_deadline).map(Stamp::rfc3339_local),
            lat: c.point.map(|p| p.lat),
            long: c.point.map(|p| p.lon),
            media_url: "",
            requested_datetime: c.reported_at.rfc3339_local(),
            service_code: c.category_code,
            service_name: name,
            service_notice: "",
            service_request_id: c.id.to_string(),
            status: if closed { "closed" } else { "open" },
            status_notes: notes,
            updated_datetime: crate::platform::time::rfc3339_local(&updated_at),
            zipcode: "",
        }
    }
}

/// A token and the request it names.
#[derive(Debug, Serialize)]
pub struct TokenRequest {
    service_request_id: String,
    token: String,
}

impl Item for TokenRequest {
    const ELEMENT: &'static str = "request";
}

impl Listed for TokenRequest {
    const LIST: &'static str = "service_requests";
}

/// `requests.{json,xml}`: a page of the public's requests, by the query's filters.
pub async fn list(state: &AppState, format: Format, pairs: &[(String, String)]) -> Response {
    let (public, all) = match crate::cases::services::open311::services(&state.db).await {
        Ok(s) => s,
        Err(e) => return app_error(format, Lang::En, e),
    };
    let asked = match query::requests(pairs, &public, state.db.clock.now()) {
        Ok(asked) => asked,
        Err(Refusal::Parameter(why)) => return error(format, StatusCode::BAD_REQUEST, why),
        Err(Refusal::App(e)) => return app_error(format, Lang::En, e),
    };
    match crate::cases::services::open311_requests::page(&state.db, &asked.filter, asked.paging)
        .await
    {
        Ok(page) => answer(
            format,
            StatusCode::OK,
            page.into_iter().map(|s| Request::of(s, &all)).collect::<Vec<_>>(),
        ),
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `requests/{id}.{json,xml}`: a list of one, by its number as the list shows it, or by the
/// token its reporter was given.
pub async fn one(state: &AppState, format: Format, id: &str) -> Response {
    let found = match crate::cases::services::open311::services(&state.db).await {
        Ok((public, all)) => match id.parse::<i64>() {
            Ok(n) => crate::cases::services::public::shown(&state.db, n, &public).await,
            Err(_) => crate::cases::services::public::followed(&state.db, id).await,
        }
        .map(|c| (c, all)),
        Err(e) => Err(e),
    };
    let shown = match found {
        Ok((c, all)) => crate::cases::services::open311_requests::shown(&state.db, vec![c])
            .await
            .map(|s| (s, all)),
        Err(e) => Err(e),
    };
    match shown {
        Ok((shown, all)) => answer(
            format,
            StatusCode::OK,
            shown.into_iter().map(|s| Request::of(s, &all)).collect::<Vec<_>>(),
        ),
        Err(AppError::NotFound) => {
            error(format, StatusCode::NOT_FOUND, format!("request {id} not found"))
        }
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `tokens/{token}.{json,xml}`: requests are made at once, so a token names its request.
pub async fn token(state: &AppState, format: Format, token: &str) -> Response {
    match crate::cases::services::public::followed(&state.db, token).await {
        Ok(c) => answer(
            format,
            StatusCode::OK,
            vec![TokenRequest { service_request_id: c.id.to_string(), token: token.to_string() }],
        ),
        Err(AppError::NotFound) => {
            error(format, StatusCode::NOT_FOUND, format!("token {token} not found"))
        }
        Err(e) => app_error(format, Lang::En, e),
    }
}

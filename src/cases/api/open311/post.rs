//! `POST /open311/v2/requests.{json,xml}`: a request posted with an API key, form-encoded or
//! multipart with a photo in `media`, reported as the public through the key's channel.

use crate::cases::api::open311::answers::{Format, Item, Listed, answer, app_error, error, split};
use crate::cases::api::open311::check_jurisdiction;
use crate::cases::api::open311::query::value;
use crate::platform::geo::Point;
use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Serialize;

/// What every accepted request is told.
const NOTICE: &str = "已受理，将按时限办理。";

/// A request as posted: its number, and the token its reporter follows it by. Fields stand in
/// alphabetical order, the order this answer has always had.
#[derive(Debug, Serialize)]
pub struct Posted {
    /// No accounts are made for the public.
    account_id: Option<String>,
    service_notice: &'static str,
    service_request_id: String,
    token: String,
}

impl Item for Posted {
    const ELEMENT: &'static str = "request";
}

impl Listed for Posted {
    const LIST: &'static str = "service_requests";
}

/// `POST /open311/v2/requests.{json,xml}`: a form-encoded request with an API key, or a
/// multipart one with a photo in `media`.
pub async fn post_root(
    State(state): State<AppState>,
    lang: Lang,
    Path(file): Path<String>,
    req: Request,
) -> Response {
    let Some(("requests", format)) = split(&file) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "POST to requests.json or requests.xml");
    };
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (pairs, media) = if multipart {
        match Multipart::from_request(req, &state).await {
            Ok(m) => match crate::cases::api::photos::read_multipart(m).await {
                Ok(read) => read,
                Err(e @ AppError::Invalid(_)) => return app_error(format, lang, e),
                Err(e) => return error(format, StatusCode::BAD_REQUEST, e.to_string()),
            },
            Err(e) => return error(format, StatusCode::BAD_REQUEST, e.body_text()),
        }
    } else {
        let body: Bytes = match axum::body::to_bytes(req.into_body(), 1 << 20).await {
            Ok(b) => b,
            Err(_) => return error(format, StatusCode::BAD_REQUEST, "the body could not be read"),
        };
        if let Some(field) = crate::platform::web::urlencoded::not_utf8(&body) {
            return app_error(
                format,
                lang,
                crate::platform::input::FieldError::new(field, "error.not_utf8").into(),
            );
        }
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) {
            Ok(pairs) => (pairs, None),
            Err(_) => {
                return error(
                    format,
                    StatusCode::BAD_REQUEST,
                    "the body must be application/x-www-form-urlencoded",
                );
            }
        }
    };
    // A photo that is not one is refused before anything is written.
    if let Some(bytes) = &media
        && let Err(e) = crate::platform::photo::inspect("media", bytes)
    {
        return app_error(format, lang, e.into());
    }
    if let Err(res) = check_jurisdiction(&state, format, &pairs).await {
        return res;
    }
    let actor = match value(&pairs, "api_key") {
        None => return error(format, StatusCode::FORBIDDEN, "api_key is required"),
        Some(key) => match crate::cases::services::open311::key_actor(&state.db, key).await {
            Ok(Some(actor)) => actor,
            Ok(None) => return error(format, StatusCode::FORBIDDEN, "api_key is not valid"),
            Err(e) => return app_error(format, lang, e),
        },
    };
    let Some(code) = value(&pairs, "service_code") else {
        return error(format, StatusCode::BAD_REQUEST, "service_code is required");
    };
    let point = match (value(&pairs, "lat"), value(&pairs, "long")) {
        (None, None) => None,
        (lat, lon) => match lat.zip(lon).and_then(|(lat, lon)| Point::parse(lon, lat)) {
            Some(point) => Some(point),
            None => {
                return error(format, StatusCode::BAD_REQUEST, "lat and long must both be numbers");
            }
        },
    };
    let address = value(&pairs, "address_string").unwrap_or("").to_string();
    let name = [value(&pairs, "last_name"), value(&pairs, "first_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("");
    let attributes = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("attribute[")
                .and_then(|k| k.strip_suffix(']'))
                .map(|k| (k.to_string(), v.clone()))
        })
        .collect();
    let submission = crate::cases::services::open311::Submission {
        service_code: code.to_string(),
        point,
        unit_id: None,
        address,
        description: value(&pairs, "description").unwrap_or(code).to_string(),
        name,
        phone: value(&pairs, "phone").unwrap_or("").to_string(),
        attributes,
    };
    match crate::cases::services::public::report(
        &state.db,
        crate::cases::api::intake(&state),
        &actor,
        submission,
        media.as_deref().map(|b| ("media", b)),
    )
    .await
    {
        Ok(crate::cases::services::public::Receipt { case, token }) => answer(
            format,
            StatusCode::OK,
            vec![Posted {
                account_id: None,
                service_notice: NOTICE,
                service_request_id: case.id.to_string(),
                token,
            }],
        ),
        Err(e) => app_error(format, lang, e),
    }
}

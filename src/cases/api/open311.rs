//! Open311 GeoReport v2 at `/open311/v2`: discovery, services and their definitions, posting
//! requests with an API key, tokens, and requests with their filters, in JSON and XML, with
//! errors in the specification's shape.

use crate::cases::store::CaseRow;
use crate::cases::store::CategoryRow;
use crate::cases::store::open311::RequestFilter;
use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

/// JSON or XML, from the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    match ext {
        "json" => Some((name, Format::Json)),
        "xml" => Some((name, Format::Xml)),
        _ => None,
    }
}

/// The element name of one item of a list element.
fn item_name(list: &str) -> &str {
    match list {
        "service_requests" => "request",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

fn xml_node(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for item in items {
                xml_node(out, item_name(name), item);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in fields {
                xml_node(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", crate::platform::svg::escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// A response in the asked format: `root` names the XML document element.
fn answer(format: Format, status: StatusCode, root: &str, v: Value) -> Response {
    match format {
        Format::Json => (status, axum::Json(v)).into_response(),
        Format::Xml => {
            let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
            xml_node(&mut out, root, &v);
            (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], out).into_response()
        }
    }
}

/// An error in the specification's shape: a list of `{code, description}`.
fn error(format: Format, status: StatusCode, description: impl Into<String>) -> Response {
    answer(format, status, "errors", json!([{"code": status.as_u16(), "description": description.into()}]))
}

fn app_error(format: Format, lang: Lang, e: AppError) -> Response {
    match e {
        AppError::Invalid(fields) => {
            let text: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, lang.t_args(f.key, &f.args))).collect();
            error(format, StatusCode::BAD_REQUEST, text.join("; "))
        }
        AppError::NotFound => error(format, StatusCode::NOT_FOUND, "not found"),
        e => {
            tracing::error!(error = %e, "open311 request failed");
            error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    query.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default()
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// Refuses a jurisdiction other than the zone's division code.
async fn check_jurisdiction(state: &AppState, format: Format, pairs: &[(String, String)]) -> Result<(), Response> {
    let Some(asked) = value(pairs, "jurisdiction_id") else { return Ok(()) };
    match crate::cases::services::open311::zone(&state.db).await {
        Ok((_, code)) if code == asked => Ok(()),
        Ok(_) => Err(error(format, StatusCode::NOT_FOUND, format!("jurisdiction_id {asked} not found"))),
        Err(e) => Err(app_error(format, Lang::En, e)),
    }
}

fn beijing(stored: &str) -> String {
    crate::platform::time::rfc3339_local(stored)
}

fn service_json(c: &CategoryRow, all: &[CategoryRow]) -> Value {
    let group = all.iter().find(|p| p.code.len() == 3 && c.code.starts_with(&p.code)).map(|p| p.name.clone()).unwrap_or_default();
    json!({
        "service_code": c.code, "service_name": c.name, "description": c.filing_condition, "metadata": true,
        "type": "realtime", "keywords": c.name_en, "group": group
    })
}

/// The requests of a page as JSON: the handlers' names and last changes read together.
async fn requests_json(state: &AppState, rows: &[CaseRow], all: &[CategoryRow]) -> Result<Vec<Value>, sqlx::Error> {
    let (mut names, mut updated) = (std::collections::HashMap::new(), std::collections::HashMap::new());
    // A page holds at most a few hundred requests; chunks keep each IN list bounded.
    for chunk in rows.chunks(500) {
        let mut handlers: Vec<i64> = chunk.iter().map(|c| c.handler_unit_id).collect();
        handlers.sort_unstable();
        handlers.dedup();
        let ids: Vec<i64> = chunk.iter().map(|c| c.id).collect();
        names.extend(crate::cases::store::open311::unit_names(&state.db.pool, &handlers).await?);
        updated.extend(crate::cases::store::open311::updated_at(&state.db.pool, &ids).await?);
    }
    Ok(rows.iter().map(|c| request_json(c, all, &names, &updated)).collect())
}

fn request_json(
    c: &CaseRow,
    all: &[CategoryRow],
    names: &std::collections::HashMap<i64, String>,
    updated: &std::collections::HashMap<i64, String>,
) -> Value {
    let name = all.iter().find(|x| x.code == c.category_code).map(|x| x.name.clone()).unwrap_or_default();
    let agency = names.get(&c.handler_unit_id).cloned().unwrap_or_default();
    let updated = updated.get(&c.id).cloned().unwrap_or_else(|| c.reported_at.clone());
    let closed = c.state == "closed" || c.state == "refused";
    let notes = match (c.state.as_str(), c.outcome.as_deref()) {
        ("refused", _) => Lang::Zh.t("state.refused").into_owned(),
        ("closed", Some(o)) => Lang::Zh.t(&format!("outcome.{o}")).into_owned(),
        (s, _) => Lang::Zh.t(&format!("state.{s}")).into_owned(),
    };
    json!({
        "service_request_id": c.id.to_string(),
        "status": if closed { "closed" } else { "open" },
        "status_notes": notes,
        "service_name": name,
        "service_code": c.category_code,
        "description": c.description,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": beijing(&c.reported_at),
        "updated_datetime": beijing(&updated),
        "expected_datetime": c.due_at.as_deref().or(c.step_deadline.as_deref()).map(beijing),
        "address": c.address,
        "address_id": "",
        "zipcode": "",
        "lat": c.lat,
        "long": c.lon,
        "media_url": ""
    })
}

/// `GET /open311/v2/discovery|services|requests.{json,xml}`.
async fn get_root(State(state): State<AppState>, Path(file): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some((name, format)) = split(&file) else { return error(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml") };
    let pairs = pairs(query.as_deref());
    if let Err(res) = check_jurisdiction(&state, format, &pairs).await {
        return res;
    }
    match name {
        "discovery" => discovery(&state, format).await,
        "services" => match crate::cases::services::open311::services(&state.db).await {
            Ok((public, all)) => {
                answer(format, StatusCode::OK, "services", Value::Array(public.iter().map(|c| service_json(c, &all)).collect()))
            }
            Err(e) => app_error(format, Lang::En, e),
        },
        "requests" => requests(&state, format, &pairs).await,
        _ => error(format, StatusCode::NOT_FOUND, format!("no such resource: {name}")),
    }
}

async fn discovery(state: &AppState, format: Format) -> Response {
    let code = crate::cases::services::open311::zone(&state.db).await.map(|z| z.1).unwrap_or_default();
    let formats = json!(["application/json", "text/xml"]);
    answer(
        format,
        StatusCode::OK,
        "discovery",
        json!({
            "changeset": "2026-11-27T00:00:00+08:00",
            "contact": "示范区网格化服务管理中心",
            "key_service": "向示范区管理员申请 API key",
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": "/open311/v2", "changeset": "2026-11-27T00:00:00+08:00",
                           "type": "production", "formats": formats, "jurisdiction_id": code}]
        }),
    )
}

/// Reads a W3C datetime (`2015-10-01T00:00:00Z` or with an offset) into stored form.
fn w3(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

async fn requests(state: &AppState, format: Format, pairs: &[(String, String)]) -> Response {
    let (public, all) = match crate::cases::services::open311::services(&state.db).await {
        Ok(s) => s,
        Err(e) => return app_error(format, Lang::En, e),
    };
    let list = |key: &str| -> Vec<String> {
        value(pairs, key).map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
    };
    let mut ids = Vec::new();
    for id in list("service_request_id") {
        match id.parse::<i64>() {
            Ok(n) => ids.push(n),
            Err(_) => return error(format, StatusCode::BAD_REQUEST, format!("service_request_id {id} is not a request id")),
        }
    }
    let public_codes: Vec<String> = public.iter().map(|c| c.code.clone()).collect();
    let asked = list("service_code");
    if let Some(bad) = asked.iter().find(|c| !public_codes.contains(c)) {
        return error(format, StatusCode::BAD_REQUEST, format!("service_code {bad} is not a service"));
    }
    let status = list("status");
    if let Some(bad) = status.iter().find(|s| *s != "open" && *s != "closed") {
        return error(format, StatusCode::BAD_REQUEST, format!("status {bad} is neither open nor closed"));
    }
    let parse_time = |key: &'static str| match value(pairs, key) {
        None => Ok(None),
        Some(t) => w3(t).map(Some).ok_or(key),
    };
    let (start, end) = match (parse_time("start_date"), parse_time("end_date")) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(key), _) | (_, Err(key)) => return error(format, StatusCode::BAD_REQUEST, format!("{key} is not a W3C datetime")),
    };
    // The most recent 90 days by default; a window may not span more than 90 days.
    let now = state.db.clock.now();
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, (s + Duration::days(90)).min(now)),
        (None, Some(e)) => (e - Duration::days(90), e),
        (None, None) => (now - Duration::days(90), now),
    };
    if end - start > Duration::days(90) || end < start {
        return error(format, StatusCode::BAD_REQUEST, "start_date to end_date may span at most 90 days");
    }
    let paging = match crate::cases::services::open311::paging(value(pairs, "page"), value(pairs, "page_size")) {
        Ok(p) => p,
        Err(e) => return app_error(format, Lang::En, e),
    };
    let filter = RequestFilter {
        ids,
        codes: if asked.is_empty() { public_codes } else { asked },
        start: crate::platform::db::stamp(start),
        end: crate::platform::db::stamp(end),
        status,
        published: public.iter().filter(|c| c.publish_all != 0).map(|c| c.code.clone()).collect(),
    };
    match crate::cases::store::open311::requests(&state.db.pool, &filter, paging.page_size, paging.offset()).await {
        Ok(rows) => match requests_json(state, &rows, &all).await {
            Ok(items) => answer(format, StatusCode::OK, "service_requests", Value::Array(items)),
            Err(e) => app_error(format, Lang::En, e.into()),
        },
        Err(e) => app_error(format, Lang::En, e.into()),
    }
}

/// `GET /open311/v2/services/{code}.{json,xml}`: the attributes a service asks for.
async fn service_definition(State(state): State<AppState>, Path(file): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some((code, format)) = split(&file) else { return error(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml") };
    if let Err(res) = check_jurisdiction(&state, format, &pairs(query.as_deref())).await {
        return res;
    }
    match crate::cases::services::open311::services(&state.db).await {
        Ok((public, _)) if public.iter().any(|c| c.code == code) => answer(
            format,
            StatusCode::OK,
            "service_definition",
            json!({
                "service_code": code,
                "attributes": [{
                    "variable": true, "code": "hazard", "datatype": "singlevaluelist", "required": false,
                    "datatype_description": "是否危及人身安全", "order": 1, "description": "是否危及人身安全？",
                    "values": [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}]
                }]
            }),
        ),
        Ok(_) => error(format, StatusCode::NOT_FOUND, format!("service_code {code} not found")),
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `GET /open311/v2/requests/{id}.{json,xml}`: a list of one, by its number as the list shows
/// it, or by the token its reporter was given.
async fn one_request(State(state): State<AppState>, Path(file): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some((id, format)) = split(&file) else { return error(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml") };
    if let Err(res) = check_jurisdiction(&state, format, &pairs(query.as_deref())).await {
        return res;
    }
    let found = match crate::cases::services::open311::services(&state.db).await {
        Ok((public, all)) => match id.parse::<i64>() {
            Ok(n) => crate::cases::services::public::shown(&state.db, n, &public).await,
            Err(_) => crate::cases::services::public::followed(&state.db, id).await,
        }
        .map(|c| (c, all)),
        Err(e) => Err(e),
    };
    match found {
        Ok((c, all)) => match requests_json(&state, std::slice::from_ref(&c), &all).await {
            Ok(items) => answer(format, StatusCode::OK, "service_requests", Value::Array(items)),
            Err(e) => app_error(format, Lang::En, e.into()),
        },
        Err(AppError::NotFound) => error(format, StatusCode::NOT_FOUND, format!("request {id} not found")),
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `GET /open311/v2/tokens/{token}.{json,xml}`: requests are made at once, so a token names its
/// request.
async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((token, format)) = split(&file) else { return error(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml") };
    match crate::cases::services::public::followed(&state.db, token).await {
        Ok(c) => answer(format, StatusCode::OK, "service_requests", json!([{"service_request_id": c.id.to_string(), "token": token}])),
        Err(AppError::NotFound) => error(format, StatusCode::NOT_FOUND, format!("token {token} not found")),
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `POST /open311/v2/requests.{json,xml}`: a form-encoded request with an API key, or a
/// multipart one with a photo in `media`.
async fn post_root(State(state): State<AppState>, lang: Lang, Path(file): Path<String>, req: Request) -> Response {
    let Some(("requests", format)) = split(&file) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "POST to requests.json or requests.xml");
    };
    let multipart =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
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
            return app_error(format, lang, crate::platform::input::FieldError::new(field, "error.not_utf8").into());
        }
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) {
            Ok(pairs) => (pairs, None),
            Err(_) => return error(format, StatusCode::BAD_REQUEST, "the body must be application/x-www-form-urlencoded"),
        }
    };
    if let Some(bytes) = &media
        && let Err(e) = crate::cases::domain::photo::inspect("media", bytes)
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
    let Some(code) = value(&pairs, "service_code") else { return error(format, StatusCode::BAD_REQUEST, "service_code is required") };
    let point = match (value(&pairs, "lat").map(str::parse::<f64>), value(&pairs, "long").map(str::parse::<f64>)) {
        (Some(Ok(lat)), Some(Ok(lon))) => Some((lat, lon)),
        (None, None) => None,
        _ => return error(format, StatusCode::BAD_REQUEST, "lat and long must both be numbers"),
    };
    let address = value(&pairs, "address_string").unwrap_or("").to_string();
    let name = [value(&pairs, "last_name"), value(&pairs, "first_name")].into_iter().flatten().collect::<Vec<_>>().join("");
    let attributes = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("attribute[").and_then(|k| k.strip_suffix(']')).map(|k| (k.to_string(), v.clone())))
        .collect();
    // A photo that is not one is refused before anything is written.
    if let Some(bytes) = &media
        && let Err(e) = crate::cases::domain::photo::inspect("media", bytes)
    {
        return app_error(format, lang, e.into());
    }
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
            "service_requests",
            json!([{"service_request_id": case.id.to_string(), "token": token,
                    "service_notice": "已受理，将按时限办理。", "account_id": null}]),
        ),
        Err(e) => app_error(format, lang, e),
    }
}

/// The Open311 routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(get_root).post(post_root))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

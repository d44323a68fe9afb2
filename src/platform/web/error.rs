//! Errors as the user sees them. Handlers return [`ApiError`] or [`PageError`]; both leave the
//! error on the response, and [`render`] writes it in the request's language: JSON
//! `{"error": {code, message, fields}}` for programs, an HTML page for people. Internal causes
//! are logged in full and answered with an opaque message.

use crate::platform::i18n::Lang;
use crate::platform::input::FieldError;
use crate::platform::service::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// An error answered as a page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

/// What [`render`] needs to write the error once it knows the language.
#[derive(Debug, Clone)]
struct Pending {
    html: bool,
    status: StatusCode,
    code: &'static str,
    key: &'static str,
    args: Vec<(&'static str, String)>,
    fields: Vec<FieldError>,
    allowed: Vec<&'static str>,
}

fn pending(e: AppError, html: bool) -> Pending {
    let p = |status, code, key| Pending {
        html,
        status,
        code,
        key,
        args: Vec::new(),
        fields: Vec::new(),
        allowed: Vec::new(),
    };
    match e {
        AppError::NotFound => p(StatusCode::NOT_FOUND, "not_found", "error.not_found"),
        AppError::Forbidden => p(StatusCode::FORBIDDEN, "forbidden", "error.forbidden"),
        AppError::Unauthorized => p(StatusCode::UNAUTHORIZED, "unauthorized", "error.unauthorized"),
        AppError::BadLogin => p(StatusCode::UNAUTHORIZED, "unauthorized", "login.failed"),
        AppError::Invalid(fields) => {
            Pending { fields, ..p(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "error.invalid") }
        }
        AppError::Conflict(key) => p(StatusCode::CONFLICT, "conflict", key),
        AppError::NotAllowed { state, allowed } => Pending {
            args: vec![("state", format!("@state.{state}")), ("allowed", allowed.join(", "))],
            allowed,
            ..p(StatusCode::CONFLICT, "not_allowed", "error.not_allowed")
        },
        AppError::Malformed(why) => Pending {
            args: vec![("why", why)],
            ..p(StatusCode::BAD_REQUEST, "bad_request", "error.malformed")
        },
        AppError::Throttled(secs, message) => Pending {
            args: vec![("minutes", ((secs + 59) / 60).to_string()), ("seconds", secs.to_string())],
            ..p(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", message)
        },
        AppError::Internal(e) => {
            tracing::error!(error = format!("{e:#}"), "internal error");
            p(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error.internal")
        }
    }
}

fn with_pending(p: Pending) -> Response {
    // In seconds: a login's backoff may be one.
    let retry = p
        .args
        .iter()
        .find(|a| a.0 == "seconds")
        .filter(|_| p.status == StatusCode::TOO_MANY_REQUESTS);
    let mut res = p.status.into_response();
    if let Some(Ok(v)) = retry.map(|a| HeaderValue::from_str(&a.1)) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res.extensions_mut().insert(p);
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        with_pending(pending(self.0, false))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        // A person without a session is sent to log in, not shown an error.
        if matches!(self.0, AppError::Unauthorized) {
            let mut res = Redirect::to("/login").into_response();
            res.extensions_mut().insert(ToLogin);
            return res;
        }
        with_pending(pending(self.0, true))
    }
}

/// Marks the redirect of a person without a session, so [`render`] can add the page they asked for.
#[derive(Debug, Clone, Copy)]
struct ToLogin;

/// Middleware: writes any error left on the response in the request's language.
pub async fn render(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let lang = Lang::of(&parts);
    let api = parts.uri.path().starts_with("/api/");
    let asked = (parts.method == axum::http::Method::GET)
        .then(|| parts.uri.path_and_query().map(|p| p.to_string()))
        .flatten();
    let mut res = next.run(Request::from_parts(parts, body)).await;
    if res.extensions_mut().remove::<ToLogin>().is_some()
        && let Some(asked) = asked.filter(|a| a != "/")
    {
        // Login sends them back through the one check of local targets.
        let login = format!("/login?next={}", crate::platform::web::redirect::next_value(&asked));
        return Redirect::to(&login).into_response();
    }
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let p = match res.extensions_mut().remove::<Pending>() {
        Some(p) => p,
        None if (res.status().is_client_error() || res.status().is_server_error())
            && framework_made(&res, api) =>
        {
            framework_rejection(res, !api).await
        }
        None => return res,
    };
    let message = lang.t_args(p.key, &p.args);
    let fields: Vec<(String, String)> =
        p.fields.iter().map(|f| (f.field.clone(), lang.t_args(f.key, &f.args))).collect();
    let mut out = if p.html {
        crate::platform::web::pages::error_page(lang, p.status, &message, &fields)
    } else {
        let fields: Vec<_> =
            fields.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect();
        let mut body =
            serde_json::json!({"error": {"code": p.code, "message": message, "fields": fields}});
        if !p.allowed.is_empty() {
            body["error"]["allowed"] = serde_json::json!(p.allowed);
        }
        (p.status, axum::Json(body)).into_response()
    };
    *out.status_mut() = p.status;
    if let Some(v) = retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}

/// Whether an error answer is axum's or tower-http's own: under /api anything not JSON; on the
/// pages plain text or no body (our pages are HTML, Open311's answers JSON or XML).
fn framework_made(res: &Response, api: bool) -> bool {
    let kind = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if api {
        !kind.is_some_and(|v| v.starts_with("application/json"))
    } else {
        kind.is_none_or(|v| v.starts_with("text/plain"))
    }
}

/// An answer axum or tower-http gave on their own (a path id that is not a number, a body that
/// is not multipart or is over the limit, an unknown route or method, a panic), put in the API's
/// error shape so that every API answer is JSON the document describes, and on the pages into
/// the error page in the reader's language (what axum says is English, so it is left out there).
async fn framework_rejection(res: Response, html: bool) -> Pending {
    let status = res.status();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let why = axum::body::to_bytes(res.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (key, args) = match status {
        StatusCode::NOT_FOUND => ("error.not_found", Vec::new()),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "error.body_too_large",
            vec![("max", (crate::platform::web::BODY_LIMIT >> 20).to_string())],
        ),
        // What a panic's answer says is for the log, not the caller.
        s if s.is_server_error() => ("error.internal", Vec::new()),
        _ if html => ("error.page_unreadable", Vec::new()),
        _ => ("error.malformed", vec![("why", why)]),
    };
    Pending { html, status, code, key, args, fields: Vec::new(), allowed: Vec::new() }
}

/// JSON body whose rejections answer in the API's error shape: unreadable JSON is 400,
/// JSON of the wrong shape is 422 naming the field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(ApiError(AppError::Invalid(vec![data_error(&e.body_text())])).into_response())
            }
            // A body over the limit is 413 as [`render`] answers it, not an unreadable one.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(e.status().into_response())
            }
            Err(e) => Err(ApiError(AppError::Malformed(e.body_text())).into_response()),
        }
    }
}

/// Names the field in serde's message: "Failed to deserialize …: roles[0].role: unknown variant …".
fn data_error(text: &str) -> FieldError {
    let detail = text.split_once("target type: ").map(|x| x.1).unwrap_or(text);
    let (path, why) = match detail.split_once(": ") {
        Some((path, why)) if !path.contains(' ') => (path, why),
        _ => ("", detail),
    };
    // A field the route does not take is named itself, so the caller knows what to drop.
    if let Some(name) = why.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next())
    {
        let field = if path.is_empty() || path == "." {
            name.to_string()
        } else if path.ends_with(name) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(field, "error.unknown_field");
    }
    match detail.split_once(": ") {
        Some((path, why)) if !path.contains(' ') => {
            FieldError::new(path, "error.json_field").arg("why", why)
        }
        _ => FieldError::new("body", "error.json_field").arg("why", detail),
    }
}

/// Query string whose rejections answer 400 in the API's error shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(ApiError(AppError::Malformed(e.body_text()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_errors_name_their_field() {
        let e = data_error(
            "Failed to deserialize the JSON body into the target type: roles[0].role: unknown variant `mayor` at line 1 column 40",
        );
        assert_eq!(e.field, "roles[0].role");
        let e = data_error(
            "Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2",
        );
        assert_eq!(e.field, "body");
        let e = data_error(
            "Failed to deserialize the JSON body into the target type: unknown field `admin`, expected one of `display_name`, `phone` at line 1 column 8",
        );
        assert_eq!((e.field.as_str(), e.key), ("admin", "error.unknown_field"));
        let e = data_error(
            "Failed to deserialize the JSON body into the target type: parties[0].x: unknown field `x`, expected `name` at line 1 column 8",
        );
        assert_eq!(e.field, "parties[0].x");
    }

    #[tokio::test]
    async fn a_panic_on_the_api_is_answered_as_the_apis_error() {
        use tower::ServiceExt;
        async fn boom() -> &'static str {
            panic!("a bug")
        }
        let app = axum::Router::new()
            .route("/api/v1/boom", axum::routing::get(boom))
            .route("/boom", axum::routing::get(boom))
            .layer(tower_http::catch_panic::CatchPanicLayer::new())
            .layer(axum::middleware::from_fn(render));
        let get =
            |path: &str| axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
        let res = app.clone().oneshot(get("/api/v1/boom")).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!framework_made(&res, true), "JSON");
        let body: serde_json::Value =
            serde_json::from_slice(&axum::body::to_bytes(res.into_body(), 4096).await.unwrap())
                .unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("a bug"), "the panic's text is for the log: {body}");
        let page = app.oneshot(get("/boom")).await.unwrap();
        assert_eq!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let html = String::from_utf8(
            axum::body::to_bytes(page.into_body(), 1 << 16).await.unwrap().to_vec(),
        )
        .unwrap();
        assert!(
            html.contains("<html") && !html.contains("a bug"),
            "the error page, not the panic's text"
        );
    }
}

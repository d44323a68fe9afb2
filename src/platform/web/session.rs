//! Who is asking: a bearer token for programs, a session cookie for pages, and the CSRF token
//! that every form of a session must carry.

use crate::platform::access::actor::Actor;
use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::PageError;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "zhili_session";
/// The cookie holding the login form's CSRF token (there is no session yet to hold it).
pub const LOGIN_CSRF_COOKIE: &str = "zhili_login_csrf";

/// The caller of an API route, from `Authorization: Bearer …`.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(token) = header.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty())
        else {
            return Err(ApiError(AppError::Unauthorized));
        };
        match crate::platform::users::auth::token_actor(&state.db, &state.actors, token).await? {
            Some(actor) => Ok(ApiActor(actor)),
            None => Err(ApiError(AppError::Unauthorized)),
        }
    }
}

/// A person on a page: their session's actor, CSRF token and language.
#[derive(Debug, Clone)]
pub struct PageActor {
    /// Who.
    pub actor: Actor,
    /// The session's form token.
    pub csrf: String,
    /// Their language.
    pub lang: Lang,
    /// The page asked for (path and query), for the language switch to come back to.
    pub here: String,
    /// The capabilities served, whose menus the layout shows.
    pub capabilities: crate::platform::capability::Capabilities,
}

impl PageActor {
    /// Reads the session from the cookies, if there is a live one.
    pub async fn read(parts: &Parts, state: &AppState) -> Result<Option<PageActor>, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(cookie) = jar.get(SESSION_COOKIE) else { return Ok(None) };
        Ok(crate::platform::users::auth::session_actor(&state.db, cookie.value()).await?.map(
            |(actor, csrf)| PageActor {
                actor,
                csrf,
                lang: Lang::of(parts),
                here: here(parts),
                capabilities: state.capabilities,
            },
        ))
    }
}

impl FromRequestParts<AppState> for PageActor {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        PageActor::read(parts, state).await?.ok_or(PageError(AppError::Unauthorized))
    }
}

/// The path and query of a GET request, or the home page after a form was posted.
fn here(parts: &Parts) -> String {
    match parts.method {
        axum::http::Method::GET => {
            parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into())
        }
        _ => "/".into(),
    }
}

/// The client's address, for throttling and the audit chain (behind a trusted proxy, the one it
/// forwarded: see [`crate::platform::web::client`]).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let addr = peer
            .map(|p| state.trusted_proxies.client(p, &parts.headers).to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddr(addr))
    }
}

/// A form posted from a page of a live session, its CSRF token checked: a form without the
/// session's token is refused before the handler runs.
#[derive(Debug, Clone)]
pub struct SessionForm<T> {
    /// Who posted it.
    pub who: PageActor,
    /// What they posted.
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for SessionForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let who = PageActor::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, 1 << 20)
            .await
            .map_err(|e| AppError::Malformed(e.to_string()))?;
        if form_value(&bytes, "csrf").as_deref() != Some(who.csrf.as_str()) {
            return Err(PageError(AppError::Forbidden));
        }
        if let Some(field) = crate::platform::web::urlencoded::not_utf8(&bytes) {
            return Err(PageError(
                crate::platform::input::FieldError::new(field, "error.not_utf8").into(),
            ));
        }
        let form =
            serde_urlencoded::from_bytes(&bytes).map_err(|e| AppError::Malformed(e.to_string()))?;
        Ok(SessionForm { who, form })
    }
}

/// One value of a url-encoded form.
pub fn form_value(bytes: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// A form shown without a session (login, the public report) is guarded by a double-submit
/// cookie: a fresh token both in a cookie scoped to the form's path and in the form. Returns the
/// token and the `Set-Cookie` value.
pub fn form_token(cookie: &str, path: &str) -> (String, String) {
    let token = crate::platform::users::password::random_hex(16);
    let set = format!("{cookie}={token}; Path={path}; HttpOnly; SameSite=Strict");
    (token, set)
}

/// Whether a post carries the same token as its cookie.
pub fn form_token_matches(
    headers: &axum::http::HeaderMap,
    cookie: &str,
    sent: Option<&str>,
) -> bool {
    let expected = CookieJar::from_headers(headers).get(cookie).map(|c| c.value().to_string());
    expected.is_some() && expected.as_deref() == sent
}

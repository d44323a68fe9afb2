//! The login form, logging in and out.

use crate::platform::web::pages::Ctx;

use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::redirect::to_local;
use crate::platform::web::session::ClientAddr;
use crate::platform::web::session::LOGIN_CSRF_COOKIE;
use crate::platform::web::session::SESSION_COOKIE;
use crate::platform::web::session::SessionForm;
use crate::platform::web::session::form_token;
use crate::platform::web::session::form_token_matches;
use crate::platform::web::session::form_value;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

#[derive(Template)]
#[template(path = "platform/templates/login.html")]
struct LoginPage {
    ctx: Ctx,
    csrf: String,
    username: String,
    error: Option<String>,
    next: String,
}

fn login_page(
    lang: Lang,
    username: String,
    error: Option<String>,
    next: Option<String>,
) -> Response {
    let (csrf, cookie) = form_token(LOGIN_CSRF_COOKIE, "/login");
    let status = if error.is_some() {
        axum::http::StatusCode::UNAUTHORIZED
    } else {
        axum::http::StatusCode::OK
    };
    let body = page(LoginPage {
        ctx: Ctx::anonymous(lang),
        csrf,
        username,
        error,
        next: next.unwrap_or_default(),
    });
    (status, [(header::SET_COOKIE, cookie)], body).into_response()
}

/// `GET /login`, with the page to go to afterwards as `next`.
pub async fn form(lang: Lang, RawQuery(query): RawQuery) -> Response {
    login_page(lang, String::new(), None, form_value(query.unwrap_or_default().as_bytes(), "next"))
}

/// `POST /login`: checks the password, opens a session and goes home.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    if !form_token_matches(&headers, LOGIN_CSRF_COOKIE, form_value(&body, "csrf").as_deref()) {
        return Err(PageError(AppError::Forbidden));
    }
    let jar = CookieJar::from_headers(&headers);
    let username = form_value(&body, "username").unwrap_or_default();
    let password = form_value(&body, "password").unwrap_or_default();
    let next = form_value(&body, "next");
    let actor = match crate::platform::users::auth::login(
        &state.db,
        &state.logins,
        &username,
        &password,
        &address,
    )
    .await
    {
        Ok(actor) => actor,
        Err(AppError::BadLogin) => {
            return Ok(login_page(lang, username, Some(lang.t("login.failed").into_owned()), next));
        }
        Err(AppError::Throttled(secs, message)) => {
            let msg = lang.t_args(message, &[("minutes", ((secs + 59) / 60).to_string())]);
            let mut res = login_page(lang, username, Some(msg), next);
            *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
            return Ok(res);
        }
        Err(e) => return Err(e.into()),
    };
    // Any session the browser had is replaced: a fresh token on every login (no fixation).
    if let Some(old) = jar.get(SESSION_COOKIE) {
        let _ = crate::platform::users::auth::close_session(&state.db, &actor, old.value()).await;
    }
    let session = crate::platform::users::auth::open_session(&state.db, &actor).await?;
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        session.token,
        crate::platform::users::auth::SESSION_HOURS * 3600
    );
    let clear = format!("{LOGIN_CSRF_COOKIE}=; Path=/login; Max-Age=0");
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, clear)]),
        to_local(next.as_deref()),
    )
        .into_response())
}

/// `POST /logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    posted: SessionForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    let jar = CookieJar::from_headers(&headers);
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        crate::platform::users::auth::close_session(&state.db, &posted.who.actor, cookie.value())
            .await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/login")).into_response())
}

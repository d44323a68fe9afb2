//! Pages for people: rendered on the server, working without JavaScript, Chinese by default.

use crate::platform::i18n::Lang;
use crate::platform::web::AppState;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use std::borrow::Cow;

/// What the layout of every page needs.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The page's language.
    pub lang: Lang,
    /// The person's name, when logged in.
    pub user: Option<String>,
    /// The session's form token.
    pub csrf: String,
    /// Whether to show administration links.
    pub admin: bool,
    /// A notice to show once ("saved").
    pub notice: Option<String>,
    /// This page's path, for the language switch to come back to.
    pub here: String,
    /// The capabilities' menu entries this person may open: where each leads and its label.
    pub menu: Vec<(&'static str, Cow<'static, str>)>,
}

impl Ctx {
    /// The layout for a logged-in person.
    pub fn of(who: &PageActor) -> Ctx {
        Ctx {
            lang: who.lang,
            user: Some(who.actor.display_name.clone()),
            csrf: who.csrf.clone(),
            admin: who.actor.is_admin(),
            notice: None,
            here: who.here.clone(),
            menu: who
                .capabilities
                .iter()
                .flat_map(|c| c.menu)
                .filter(|m| !m.admin || who.actor.is_admin())
                .map(|m| (m.href, who.lang.t(m.label)))
                .collect(),
        }
    }

    /// The layout without a session.
    pub fn anonymous(lang: Lang) -> Ctx {
        Ctx { lang, user: None, csrf: String::new(), admin: false, notice: None, here: "/login".into(), menu: Vec::new() }
    }

    /// Adds the notice named by a `done` query value.
    pub fn with_notice(mut self, done: Option<&str>) -> Ctx {
        self.notice = match done {
            Some("saved") => Some(self.t("notice.saved").into_owned()),
            Some("created") => Some(self.t("notice.created").into_owned()),
            Some("received") => Some(self.t("notice.received").into_owned()),
            Some("moved") => Some(self.t("notice.moved").into_owned()),
            _ => None,
        };
        self
    }

    /// A stored UTC time as people here read it: the zone's time, to the minute.
    pub fn time(&self, stored: &str) -> String {
        crate::platform::time::shown(stored)
    }

    /// The language switch's link: the other language, then back to this page.
    pub fn switch_href(&self) -> String {
        format!("/lang/{}?next={}", self.lang.other().code(), crate::platform::web::redirect::next_value(&self.here))
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> Cow<'static, str> {
        self.lang.t(key)
    }
}

/// A field error shown next to its input.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    /// The message for a field, or empty.
    pub fn of(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|(f, _)| f == field || f.starts_with(&format!("{field}.")))
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether there are any.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// From a use-case's field errors, in the page's language.
    pub fn from_fields(lang: Lang, fields: &[crate::platform::input::FieldError]) -> Errors {
        Errors(fields.iter().map(|f| (f.field.clone(), lang.t_args(f.key, &f.args))).collect())
    }
}

/// Renders a template, or a plain 500 if the template fails.
pub fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "platform/templates/error.html")]
struct ErrorPage<'a> {
    ctx: Ctx,
    status: u16,
    message: &'a str,
    fields: &'a [(String, String)],
}

/// The page for an error the handlers left on a response.
pub fn error_page(lang: Lang, status: StatusCode, message: &str, fields: &[(String, String)]) -> Response {
    page(ErrorPage { ctx: Ctx::anonymous(lang), status: status.as_u16(), message, fields })
}

/// Sets the language cookie and goes back where the person was.
async fn switch_lang(Path(code): Path<String>, RawQuery(query): RawQuery) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let next = crate::platform::web::session::form_value(query.unwrap_or_default().as_bytes(), "next");
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    ([(header::SET_COOKIE, cookie)], crate::platform::web::redirect::to_local(next.as_deref())).into_response()
}

/// The pages' routes.
pub fn routes(capabilities: crate::platform::capability::Capabilities) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(crate::platform::web::home::home))
        .route("/login", get(crate::platform::users::login_page::form).post(crate::platform::users::login_page::submit))
        .route("/logout", post(crate::platform::users::login_page::logout))
        .route("/lang/{code}", get(switch_lang))
        .route("/units", get(crate::platform::hierarchy::pages::index))
        .route("/units/{id}", get(crate::platform::hierarchy::pages::show))
        .route("/units/{id}/edit", post(crate::platform::hierarchy::pages::edit))
        .route("/units/{id}/children", post(crate::platform::hierarchy::pages::add_child))
        .route("/units/{id}/move", post(crate::platform::hierarchy::pages::move_to))
        .route("/admin/users", get(crate::platform::users::pages::index).post(crate::platform::users::pages::create))
        .route("/admin/users.xlsx", get(crate::platform::users::pages::export))
        .route("/admin/users/{id}/disabled", post(crate::platform::users::pages::set_disabled))
        .route("/admin/users/{id}/password", post(crate::platform::users::pages::set_password))
        .route("/tokens", get(crate::platform::users::tokens_page::index).post(crate::platform::users::tokens_page::create))
        .route("/tokens/{id}/revoke", post(crate::platform::users::tokens_page::revoke));
    capabilities.iter().fold(pages, |pages, c| pages.merge((c.pages)()))
}

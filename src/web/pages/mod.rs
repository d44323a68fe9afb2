//! Pages for people: rendered on the server, working without JavaScript, Chinese by default.

mod admin_catalogue;
pub mod cases;
mod dashboard;
mod home;
mod imports;
mod login;
pub mod map;
mod mediation;
mod open311_keys;
mod report;
mod tokens;
mod units;
mod users;

use super::AppState;
use super::i18n::Lang;
use super::session::PageActor;
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
        }
    }

    /// The layout without a session.
    pub fn anonymous(lang: Lang) -> Ctx {
        Ctx { lang, user: None, csrf: String::new(), admin: false, notice: None, here: "/login".into() }
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

    /// A stored UTC time as people here read it: Beijing time, to the minute.
    pub fn time(&self, stored: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(stored)
            .map(|t| t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset")).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|_| stored.to_string())
    }

    /// The language switch's link: the other language, then back to this page.
    pub fn switch_href(&self) -> String {
        format!("/lang/{}?next={}", self.lang.other().code(), super::redirect::next_value(&self.here))
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
    pub fn from_fields(lang: Lang, fields: &[crate::domain::FieldError]) -> Errors {
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
#[template(path = "error.html")]
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
    let next = super::session::form_value(query.unwrap_or_default().as_bytes(), "next");
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    ([(header::SET_COOKIE, cookie)], super::redirect::to_local(next.as_deref())).into_response()
}

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::form).post(login::submit))
        .route("/report", get(report::form).post(report::submit))
        .route("/report/{token}", get(report::status))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(switch_lang))
        .route("/dashboard", get(dashboard::show))
        .route("/cases", get(cases::index))
        .route("/cases.csv", get(cases::export))
        .route("/cases.xlsx", get(cases::export_xlsx))
        .route("/cases/import", get(imports::form).post(imports::upload))
        .route("/cases/import/template.xlsx", get(imports::template))
        .route("/cases/new", get(cases::new).post(cases::create))
        .route("/cases/map", get(cases::map))
        .route("/cases/{id}", get(cases::show))
        .route("/cases/{id}/act", post(cases::act))
        .route("/cases/{id}/photos", post(super::photos::page_upload))
        .route("/photos/{id}", get(super::photos::page_download))
        .route("/cases/{id}/mediation/session", post(mediation::add_session))
        .route("/cases/{id}/mediation/agreement", post(mediation::save_agreement))
        .route("/cases/{id}/mediation/performance", post(mediation::performance))
        .route("/cases/{id}/agreement", get(mediation::print))
        .route("/cases/{id}/agreement.docx", get(mediation::docx))
        .route("/units", get(units::index))
        .route("/units/{id}", get(units::show))
        .route("/units/{id}/edit", post(units::edit))
        .route("/units/{id}/children", post(units::add_child))
        .route("/units/{id}/move", post(units::move_to))
        .route("/admin/users", get(users::index).post(users::create))
        .route("/admin/users.xlsx", get(users::export))
        .route("/admin/users/{id}/disabled", post(users::set_disabled))
        .route("/admin/users/{id}/password", post(users::set_password))
        .route("/admin/open311", get(open311_keys::index).post(open311_keys::create))
        .route("/admin/catalogue", get(admin_catalogue::show).post(admin_catalogue::publish))
        .route("/admin/catalogue.xlsx", get(admin_catalogue::export))
        .route("/admin/calendar", get(admin_catalogue::calendar).post(admin_catalogue::set_day))
        .route("/admin/open311/{id}/revoke", post(open311_keys::revoke))
        .route("/tokens", get(tokens::index).post(tokens::create))
        .route("/tokens/{id}/revoke", post(tokens::revoke))
}

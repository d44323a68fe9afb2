//! Pages for people: rendered on the server, working without JavaScript, Chinese by default.

use crate::platform::i18n::Lang;
use crate::platform::web::AppState;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::handler::Handler;
use axum::http::{Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
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
        Ctx {
            lang,
            user: None,
            csrf: String::new(),
            admin: false,
            notice: None,
            here: "/login".into(),
            menu: Vec::new(),
        }
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

    /// An instant as people here read it: the zone's time, to the minute.
    pub fn at(&self, t: crate::platform::time::Stamp) -> String {
        t.shown()
    }

    /// The language switch's link: the other language, then back to this page.
    pub fn switch_href(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.lang.other().code(),
            crate::platform::web::redirect::next_value(&self.here)
        )
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
    /// The messages for a field and its parts (`deal.source`, `team[0].name`), or empty.
    pub fn of(&self, field: &str) -> String {
        let part = |f: &str| f.strip_prefix(field).is_some_and(|r| r.starts_with(['.', '[']));
        self.0
            .iter()
            .filter(|(f, _)| f == field || part(f))
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
pub fn error_page(
    lang: Lang,
    status: StatusCode,
    message: &str,
    fields: &[(String, String)],
) -> Response {
    page(ErrorPage { ctx: Ctx::anonymous(lang), status: status.as_u16(), message, fields })
}

/// Sets the language cookie and goes back where the person was.
async fn switch_lang(Path(code): Path<String>, RawQuery(query): RawQuery) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let next =
        crate::platform::web::session::form_value(query.unwrap_or_default().as_bytes(), "next");
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    ([(header::SET_COOKIE, cookie)], crate::platform::web::redirect::to_local(next.as_deref()))
        .into_response()
}

/// One page route: its method and its path as the router names it (`/cases/{id}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRoute {
    /// GET or POST.
    pub method: Method,
    /// The path pattern.
    pub path: &'static str,
}

impl std::fmt::Display for PageRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Page routes that say which they are: the router they turn into and the list of its
/// (method, path) pairs, so that the page permission matrix and the CSRF test walk every page
/// without reading source text, and a page added is a page they test.
#[derive(Default)]
pub struct Pages {
    router: Router<AppState>,
    routes: Vec<PageRoute>,
}

impl Pages {
    /// No pages yet.
    pub fn new() -> Pages {
        Pages::default()
    }

    /// A page shown at `path` (and its HEAD, which axum answers from the same handler).
    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Pages {
        self.add(Method::GET, path, get(handler))
    }

    /// A form posted to `path`.
    pub fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        handler: H,
    ) -> Pages {
        self.add(Method::POST, path, post(handler))
    }

    fn add(mut self, method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Pages {
        // axum merges a second method of a path into the first's route, and panics on the same
        // method twice: so does this list, at start-up.
        self.router = self.router.route(path, handler);
        self.routes.push(PageRoute { method, path });
        self
    }

    /// These pages and another set's.
    pub fn merge(mut self, other: Pages) -> Pages {
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    /// Every route, in the order added.
    pub fn routes(&self) -> &[PageRoute] {
        &self.routes
    }

    /// The router serving them.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// The pages of the platform and of every capability.
pub fn routes(capabilities: crate::platform::capability::Capabilities) -> Pages {
    use crate::platform::hierarchy::pages as units;
    use crate::platform::users::{login_page, pages as users, tokens_page};
    let pages = Pages::new()
        .get("/", crate::platform::web::home::home)
        .get("/login", login_page::form)
        .post("/login", login_page::submit)
        .post("/logout", login_page::logout)
        .get("/lang/{code}", switch_lang)
        .get("/units", units::index)
        .get("/units/{id}", units::show)
        .post("/units/{id}/edit", units::edit)
        .post("/units/{id}/children", units::add_child)
        .post("/units/{id}/move", units::move_to)
        .get("/admin/users", users::index)
        .post("/admin/users", users::create)
        .get("/admin/users.xlsx", users::export)
        .post("/admin/users/{id}/disabled", users::set_disabled)
        .post("/admin/users/{id}/password", users::set_password)
        .get("/tokens", tokens_page::index)
        .post("/tokens", tokens_page::create)
        .post("/tokens/{id}/revoke", tokens_page::revoke);
    capabilities.iter().fold(pages, |pages, c| pages.merge((c.pages)()))
}

/// Every page route of the platform and of the capabilities, as the router serves them.
pub fn page_routes(capabilities: crate::platform::capability::Capabilities) -> Vec<PageRoute> {
    routes(capabilities).routes
}

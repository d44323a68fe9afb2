//! A client for each kind of caller, logged in once: a grid's staff, a township's, the leader,
//! the administrator, a department's staff, and the public without an account. Their methods
//! are what the person does; the answers come back typed.

use super::answers::{Agreement, Case, CaseDetail, Duplicate, Mediation, Paged, Photo, Rates};
use super::asks::{Action, CaseQuery, Report};
use crate::helpers::{PASSWORD, TestApp};
use reqwest::multipart::Form;
use reqwest::{Method, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::OnceCell;
use zhili::platform::access::role::GridRole;

/// Someone logged in: over the API at once, through the login form the first time they open a page.
pub struct Caller<'a> {
    app: &'a TestApp,
    /// Their login.
    pub login: String,
    /// Their bearer token.
    pub token: String,
    /// The unit of their first role.
    pub unit: i64,
    session: OnceCell<String>,
}

/// A page as the browser got it.
#[derive(Debug)]
pub struct Page {
    /// Its status.
    pub status: StatusCode,
    /// Its HTML.
    pub html: String,
}

/// The answer's body as `T`, after checking its status (a mismatch shows the body).
pub async fn expect<T: DeserializeOwned>(res: Response, status: StatusCode, what: &str) -> T {
    let got = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{what}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e} in {text}"))
}

impl TestApp {
    /// Someone logged in by their login name.
    pub async fn caller(&self, login: &str) -> Caller<'_> {
        let res = self.login(login, PASSWORD).await;
        let body: Value = expect(res, StatusCode::OK, &format!("login as {login}")).await;
        Caller {
            app: self,
            login: login.into(),
            token: body["token"].as_str().expect("a token").into(),
            unit: body["user"]["roles"][0]["unit_id"].as_i64().expect("a role"),
            session: OnceCell::new(),
        }
    }

    /// The manager of grid `n` (from 1; grid 1 is 文昌社区's first).
    pub async fn grid_manager(&self, n: usize) -> Caller<'_> {
        self.grid_staff(n, GridRole::Manager).await
    }

    /// The supervisor of grid `n`, who verifies what its manager did.
    pub async fn grid_supervisor(&self, n: usize) -> Caller<'_> {
        self.grid_staff(n, GridRole::Supervisor).await
    }

    /// One of grid `n`'s four staff.
    pub async fn grid_staff(&self, n: usize, role: GridRole) -> Caller<'_> {
        assert!(
            (1..=super::demo::GRIDS).contains(&n),
            "the demo has grids 1 to {}",
            super::demo::GRIDS
        );
        self.caller(&super::demo::grid_login(n, role)).await
    }

    /// A township's or street's staff, by its name.
    pub async fn township(&self, name: &str) -> Caller<'_> {
        let township = super::demo::township(name)
            .unwrap_or_else(|| panic!("{name} is not a township of the demo"));
        self.caller(township.login).await
    }

    /// The zone's leader.
    pub async fn leader(&self) -> Caller<'_> {
        self.caller(super::demo::LEADER).await
    }

    /// The administrator.
    pub async fn admin(&self) -> Caller<'_> {
        self.caller(super::demo::ADMIN).await
    }

    /// A department's staff, by its kind (`civil_affairs`, `human_resources`, …).
    pub async fn department(&self, kind: &str) -> Caller<'_> {
        assert!(
            zhili::platform::demo::DEPARTMENTS.iter().any(|(k, _)| *k == kind),
            "{kind} is not a department of the demo"
        );
        self.caller(kind).await
    }

    /// Anyone, without an account.
    pub fn public(&self) -> Public<'_> {
        Public { app: self }
    }

    /// The id of grid `n`.
    pub async fn grid(&self, n: usize) -> i64 {
        self.unit_of(&super::demo::grid_login(n, GridRole::Manager)).await
    }

    /// The id of the unit of that name.
    pub async fn unit_named(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM units WHERE name = $1")
            .bind(name)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// The unit above one.
    pub async fn parent_of(&self, unit: i64) -> i64 {
        sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1")
            .bind(unit)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// A point inside a unit: its label point.
    pub async fn point_in(&self, unit: i64) -> (f64, f64) {
        let stored: String = sqlx::query_scalar("SELECT boundary FROM units WHERE id = $1")
            .bind(unit)
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        zhili::platform::hierarchy::boundary::Boundary::from_stored(&stored).unwrap().label_point()
    }
}

impl Caller<'_> {
    /// A GET over the API.
    pub async fn try_get(&self, path: &str) -> Response {
        self.app.get(&self.token, path).await
    }

    /// A GET over the API that must answer 200, as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> T {
        expect(self.try_get(path).await, StatusCode::OK, &format!("{} GET {path}", self.login))
            .await
    }

    /// A JSON request over the API.
    pub async fn send(&self, method: Method, path: &str, body: &impl Serialize) -> Response {
        self.app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Reports something, which must be taken (201).
    pub async fn report(&self, report: Report) -> Case {
        let what = format!("{} reports {report:?}", self.login);
        expect(self.try_report(report).await, StatusCode::CREATED, &what).await
    }

    /// Reports something, whatever the answer.
    pub async fn try_report(&self, report: Report) -> Response {
        self.send(Method::POST, "/api/v1/cases", &report).await
    }

    /// Does an action, which must succeed.
    pub async fn act(&self, case: i64, action: Action) -> Case {
        let what = format!("{} on case {case}: {}", self.login, action.body());
        expect(self.try_act(case, action).await, StatusCode::OK, &what).await
    }

    /// Does an action, whatever the answer.
    pub async fn try_act(&self, case: i64, action: Action) -> Response {
        self.send(Method::POST, &format!("/api/v1/cases/{case}/actions"), &action.body()).await
    }

    /// A case with its history, ID numbers masked.
    pub async fn case(&self, id: i64) -> CaseDetail {
        self.get(&format!("/api/v1/cases/{id}")).await
    }

    /// A case with its parties' full ID numbers (a look that is audited).
    pub async fn case_revealed(&self, id: i64) -> CaseDetail {
        self.get(&format!("/api/v1/cases/{id}?reveal=true")).await
    }

    /// The cases a query picks, within the caller's scope.
    pub async fn cases(&self, query: &CaseQuery) -> Paged<Case> {
        self.get(&query.path("/api/v1/cases")).await
    }

    /// The counts and rates of the cases a query picks.
    pub async fn rates(&self, query: &CaseQuery) -> Rates {
        self.get(&query.path("/api/v1/cases/rates")).await
    }

    /// Possible duplicates of a case.
    pub async fn duplicates(&self, id: i64) -> Vec<Duplicate> {
        self.get(&format!("/api/v1/cases/{id}/duplicates")).await
    }

    /// Uploads a photo to a case.
    pub async fn upload_photo(&self, case: i64, name: &'static str, bytes: Vec<u8>) -> Response {
        let form =
            Form::new().part("photo", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let url = self.app.url(&format!("/api/v1/cases/{case}/photos"));
        self.app.client.post(url).bearer_auth(&self.token).multipart(form).send().await.unwrap()
    }

    /// A case's photos.
    pub async fn photos(&self, case: i64) -> Vec<Photo> {
        self.get(&format!("/api/v1/cases/{case}/photos")).await
    }

    /// Records a mediation session held on a dispute.
    pub async fn hold_session(&self, case: i64, session: &Value) -> Response {
        self.send(Method::POST, &format!("/api/v1/cases/{case}/mediation/sessions"), session).await
    }

    /// Records the dispute's mediation agreement.
    pub async fn record_agreement(&self, case: i64, agreement: &Value) -> Response {
        self.send(Method::PUT, &format!("/api/v1/cases/{case}/mediation/agreement"), agreement)
            .await
    }

    /// Records whether the agreement was carried out.
    pub async fn record_performance(&self, case: i64, performed: bool, note: &str) -> Agreement {
        let body = serde_json::json!({"performed": performed, "note": note});
        let res = self
            .send(Method::POST, &format!("/api/v1/cases/{case}/mediation/performance"), &body)
            .await;
        expect(res, StatusCode::OK, "performance").await
    }

    /// A dispute's mediation record.
    pub async fn mediation(&self, case: i64) -> Mediation {
        self.get(&format!("/api/v1/cases/{case}/mediation")).await
    }

    /// The page session's cookie (`zhili_session=…`), logging in through the form the first time.
    pub async fn session(&self) -> &str {
        self.session.get_or_init(|| super::session::page_login(self.app, &self.login)).await
    }

    /// Opens a page (or a download) in the browser.
    pub async fn open(&self, path: &str) -> Response {
        let session = self.session().await.to_string();
        self.app.client.get(self.app.url(path)).header("cookie", session).send().await.unwrap()
    }

    /// Opens a page and reads it.
    pub async fn page(&self, path: &str) -> Page {
        let res = self.open(path).await;
        Page { status: res.status(), html: res.text().await.unwrap() }
    }

    /// Sends a page's form.
    pub async fn post_form(&self, path: &str, fields: &impl Serialize) -> Response {
        let session = self.session().await.to_string();
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", session)
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

/// Anyone on the web, without an account.
pub struct Public<'a> {
    app: &'a TestApp,
}

/// The public report form as opened: its token and the cookie that must come back with it.
pub struct ReportForm {
    /// Its status.
    pub status: StatusCode,
    /// The form's CSRF token.
    pub csrf: String,
    /// The cookie that goes with it (`name=value`).
    pub cookie: String,
    /// The page.
    pub html: String,
}

impl Public<'_> {
    /// Opens a page.
    pub async fn open(&self, path: &str) -> Response {
        self.app.client.get(self.app.url(path)).send().await.unwrap()
    }

    /// Opens a page and reads it.
    pub async fn page(&self, path: &str) -> Page {
        let res = self.open(path).await;
        Page { status: res.status(), html: res.text().await.unwrap() }
    }

    /// Opens the report form.
    pub async fn open_report_form(&self) -> ReportForm {
        let res = self.open("/report").await;
        let status = res.status();
        let cookie =
            super::session::cookie(&res, "zhili_report_csrf").expect("the form sets its cookie");
        let cookie = cookie.split(';').next().unwrap().to_string();
        let html = res.text().await.unwrap();
        ReportForm { status, csrf: super::session::csrf_of(&html), cookie, html }
    }

    /// Sends the report form with a cookie (empty for none).
    pub async fn send_report(&self, cookie: &str, form: Form) -> Response {
        self.app
            .client
            .post(self.app.url("/report"))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

//! The page permission matrix: every page route the router lists (`page_routes`), GET and POST,
//! asked by every kind of caller of the API matrix (permissions.rs: its fixtures, callers and
//! rules) on objects inside and outside the caller's part of the hierarchy. Each answer must be
//! the one the route's rule gives: the page, or the 303 after a form posted with its token; a
//! redirect to /login without a session; a 403 page; or a 404 page for what the caller must not
//! know exists. A page route missing from `RULES` fails the test.

use crate::helpers::{PASSWORD, TestApp};
use crate::pages::{csrf_of, page_login, post_login};
use crate::permissions::{
    Caller, Expect, Matrix, Place, Rule, Who, agreement, expected, photo_form, report,
};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Who may open a page: the API's rule, or the door of the administration pages.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Page {
    /// As the API's rule of the same name.
    As(Rule),
    /// An administrator of the place; anyone else is turned away with a 403 before anything is
    /// looked up, so the refusal says nothing of the place asked for.
    AdminDoor,
}

const ANYONE: Page = Page::As(Rule::Anyone);
const SIGNED_IN: Page = Page::As(Rule::SignedIn);
const OWNER: Page = Page::As(Rule::Owner);
const IN_SCOPE: Page = Page::As(Rule::InScope);
const ADMIN: Page = Page::As(Rule::Admin);
const PLATFORM_ADMIN: Page = Page::As(Rule::PlatformAdmin);
const WORKER: Page = Page::As(Rule::Worker);

/// Every page route and its rule.
const RULES: &[(&str, Page)] = &[
    ("GET /", SIGNED_IN),
    ("GET /login", ANYONE),
    ("POST /login", ANYONE),
    ("POST /logout", SIGNED_IN),
    ("GET /lang/{code}", ANYONE),
    ("GET /units", SIGNED_IN),
    ("GET /units/{id}", IN_SCOPE),
    ("POST /units/{id}/edit", ADMIN),
    ("POST /units/{id}/children", ADMIN),
    ("POST /units/{id}/move", ADMIN),
    ("GET /admin/users", Page::AdminDoor),
    ("POST /admin/users", Page::AdminDoor),
    ("GET /admin/users.xlsx", Page::AdminDoor),
    ("POST /admin/users/{id}/disabled", ADMIN),
    ("POST /admin/users/{id}/password", ADMIN),
    ("GET /tokens", SIGNED_IN),
    ("POST /tokens", SIGNED_IN),
    ("POST /tokens/{id}/revoke", OWNER),
    ("GET /report", ANYONE),
    ("POST /report", ANYONE),
    ("GET /report/{token}", ANYONE),
    ("GET /dashboard", IN_SCOPE),
    ("GET /cases", IN_SCOPE),
    ("GET /cases.csv", IN_SCOPE),
    ("GET /cases.xlsx", IN_SCOPE),
    ("GET /cases/import", SIGNED_IN),
    ("POST /cases/import", IN_SCOPE),
    ("GET /cases/import/template.xlsx", SIGNED_IN),
    ("GET /cases/new", SIGNED_IN),
    ("POST /cases/new", IN_SCOPE),
    ("GET /cases/map", IN_SCOPE),
    ("GET /cases/{id}", IN_SCOPE),
    ("POST /cases/{id}/act", WORKER),
    ("POST /cases/{id}/photos", WORKER),
    ("GET /photos/{id}", IN_SCOPE),
    ("POST /cases/{id}/mediation/session", WORKER),
    ("POST /cases/{id}/mediation/agreement", WORKER),
    ("POST /cases/{id}/mediation/performance", WORKER),
    ("GET /cases/{id}/agreement", IN_SCOPE),
    ("GET /cases/{id}/agreement.docx", IN_SCOPE),
    ("GET /admin/open311", PLATFORM_ADMIN),
    ("POST /admin/open311", PLATFORM_ADMIN),
    ("POST /admin/open311/{id}/revoke", PLATFORM_ADMIN),
    ("GET /admin/catalogue", PLATFORM_ADMIN),
    ("POST /admin/catalogue", PLATFORM_ADMIN),
    ("GET /admin/catalogue.xlsx", PLATFORM_ADMIN),
    ("GET /admin/calendar", PLATFORM_ADMIN),
    ("POST /admin/calendar", PLATFORM_ADMIN),
];

fn expected_page(rule: Page, caller: Caller, place: Place) -> Expect {
    match rule {
        Page::As(rule) => expected(rule, caller, place),
        Page::AdminDoor if caller == Caller::Anonymous => Expect::Unauthenticated,
        Page::AdminDoor if caller == Caller::Admin => expected(Rule::Admin, caller, place),
        Page::AdminDoor => Expect::Forbidden,
    }
}

/// A caller's page session: its cookie and its form token.
struct Session {
    cookie: String,
    csrf: String,
}

async fn session(app: &TestApp, username: &str) -> Session {
    let cookie = page_login(app, username).await;
    let html = app
        .client
        .get(app.url("/tokens"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Session { csrf: csrf_of(&html), cookie }
}

/// What a request carries besides the session's cookie; the session's token is added to forms.
enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    /// Fields and a file: its name and bytes.
    Multipart(Vec<(&'static str, String)>, &'static str, Vec<u8>),
    /// A photo, as the case page uploads it.
    Photo,
}

/// One request of the matrix: what to send, the status of its success, and whether the place
/// is named in the form (a place outside is then refused as a field, 422, or as a page, 404).
struct Ask {
    method: Method,
    path: String,
    body: Body,
    done: StatusCode,
    named: bool,
    /// Where success leads, when it is a redirect the test must tell from one to /login.
    done_to: Option<String>,
    /// A session the request must end.
    ends: Option<String>,
}

fn ask(method: Method, path: String, body: Body, done: StatusCode) -> Ask {
    Ask { method, path, body, done, named: false, done_to: None, ends: None }
}

fn get(path: impl Into<String>) -> Ask {
    ask(Method::GET, path.into(), Body::None, StatusCode::OK)
}

fn form(path: String, fields: Vec<(&'static str, String)>) -> Ask {
    ask(Method::POST, path, Body::Form(fields), StatusCode::SEE_OTHER)
}

/// The fixtures the pages need beyond the API matrix's.
struct Extra {
    /// A public report's follow-up token.
    report_token: String,
    /// The current catalogue as a sheet, to publish again.
    catalogue: Vec<u8>,
    /// A new public address for every post of the public form (the test server trusts a proxy).
    address: u32,
}

/// Posts the public form as a browser does, from an address of its own.
async fn public_report(app: &TestApp, address: u32) -> Response {
    let res = app.client.get(app.url("/report")).send().await.unwrap();
    let cookie =
        res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let csrf = csrf_of(&res.text().await.unwrap());
    let village: i64 = sqlx::query_scalar("SELECT id FROM units WHERE name = '宁郭村'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let fields = [
        ("service_code", "I0102".to_string()),
        ("description", "村口路灯不亮".into()),
        ("unit_id", village.to_string()),
    ];
    let form = fields.into_iter().fold(Form::new().text("csrf", csrf), |f, (k, v)| f.text(k, v));
    let from = format!("198.51.{}.{}", address / 250, address % 250 + 1);
    let req = app
        .client
        .post(app.url("/report"))
        .header("cookie", cookie)
        .header("x-forwarded-for", from);
    req.multipart(form).send().await.unwrap()
}

/// Sends one route's request for a caller at a place.
async fn call(
    m: &mut Matrix,
    x: &mut Extra,
    route: &str,
    who: &Who,
    s: Option<&Session>,
    place: Place,
) -> (Response, Ask) {
    let grid_id = if place == Place::Inside { m.inside } else { who.outside };
    let g = &m.grids[&grid_id];
    let (case, photo, user, village) = (g.case, g.photo, g.user, g.village);
    let (name, code, admin) = (g.name.clone(), g.code.clone(), g.admin.clone());
    let n = m.next();
    let app = &m.app;
    let a = match route {
        "POST /login" => {
            return (post_login(app, "leader", PASSWORD).await, form("/login".into(), Vec::new()));
        }
        "POST /report" => {
            x.address += 1;
            return (public_report(app, x.address).await, form("/report".into(), Vec::new()));
        }
        "POST /logout" => {
            // A session of its own, so that the caller's stays alive for the other routes.
            let fresh = match &who.username {
                Some(u) => Some(session(app, u).await),
                None => None,
            };
            let ends = fresh.as_ref().map(|s| s.cookie.clone());
            let a =
                Ask { done_to: Some("/login".into()), ends, ..form("/logout".into(), Vec::new()) };
            return (send(app, fresh.as_ref(), &a).await, a);
        }
        "GET /units" => Ask {
            done: StatusCode::SEE_OTHER,
            done_to: Some(format!("/units/{}", who.anchor)),
            ..get("/units")
        },
        "GET /" | "GET /login" | "GET /tokens" | "GET /report" | "GET /cases/import"
        | "GET /cases/new" => get(&route[4..]),
        "GET /cases/import/template.xlsx"
        | "GET /admin/open311"
        | "GET /admin/catalogue"
        | "GET /admin/catalogue.xlsx" => get(&route[4..]),
        "GET /admin/calendar" => get("/admin/calendar?year=2026"),
        "GET /lang/{code}" => Ask { done: StatusCode::SEE_OTHER, ..get("/lang/en?next=/cases") },
        "GET /units/{id}" => get(format!("/units/{grid_id}")),
        "POST /units/{id}/edit" => {
            form(format!("/units/{grid_id}/edit"), vec![("name", name), ("code", code)])
        }
        "POST /units/{id}/children" => {
            let parent = if place == Place::Inside { who.anchor } else { grid_id };
            let fields = vec![
                ("name", format!("新街道{n}")),
                ("code", format!("410871{:03}000", 900 + n % 99)),
            ];
            form(format!("/units/{parent}/children"), fields)
        }
        "POST /units/{id}/move" => {
            let (unit, parent) = if place == Place::Inside && who.caller == Caller::Admin {
                m.spare
            } else {
                (grid_id, village)
            };
            form(format!("/units/{unit}/move"), vec![("parent_id", parent.to_string())])
        }
        "GET /admin/users" => get(format!("/admin/users?unit={grid_id}")),
        "GET /admin/users.xlsx" => get(format!("/admin/users.xlsx?unit={grid_id}")),
        "POST /admin/users" => {
            let fields = vec![
                ("unit", grid_id.to_string()),
                ("username", format!("page-matrix-{n}")),
                ("display_name", "新网格员".into()),
            ];
            let role = [
                ("password", "matrix-password-1"),
                ("role", "grid_staff"),
                ("grid_role", "assistant"),
            ];
            let fields = fields.into_iter().chain(role.map(|(k, v)| (k, v.to_string()))).collect();
            Ask { named: true, ..form("/admin/users".into(), fields) }
        }
        "POST /admin/users/{id}/disabled" => form(
            format!("/admin/users/{user}/disabled"),
            vec![("disabled", "false".into()), ("unit", grid_id.to_string())],
        ),
        "POST /admin/users/{id}/password" => {
            let fields =
                vec![("password", "matrix-password-2".into()), ("unit", grid_id.to_string())];
            form(format!("/admin/users/{user}/password"), fields)
        }
        "POST /tokens" => {
            Ask { done: StatusCode::OK, ..form("/tokens".into(), vec![("name", "matrix".into())]) }
        }
        "POST /tokens/{id}/revoke" => {
            let id = match (place, &who.token) {
                (Place::Inside, Some(t)) => {
                    let res = app
                        .send(Method::POST, t, "/api/v1/tokens", json!({"name": "to revoke"}))
                        .await;
                    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
                }
                _ => m.others_token,
            };
            form(format!("/tokens/{id}/revoke"), Vec::new())
        }
        "GET /report/{token}" => get(format!("/report/{}", x.report_token)),
        "GET /dashboard" => get(format!("/dashboard?unit={grid_id}")),
        "GET /cases" => get(format!("/cases?unit={grid_id}")),
        "GET /cases.csv" => get(format!("/cases.csv?unit={grid_id}")),
        "GET /cases.xlsx" => get(format!("/cases.xlsx?unit={grid_id}")),
        "GET /cases/map" => get(format!("/cases/map?unit={grid_id}")),
        "POST /cases/import" => {
            let csv = format!(
                "reported_at,category,grid_code,description\n2026-11-01 09:00,I0301,{code},来电反映垃圾堆放\n"
            );
            let body = Body::Multipart(Vec::new(), "12345.csv", csv.into_bytes());
            Ask { named: true, ..ask(Method::POST, "/cases/import".into(), body, StatusCode::OK) }
        }
        "POST /cases/new" => {
            let fields = vec![
                ("category", "I0301".into()),
                ("unit_id", grid_id.to_string()),
                ("description", "垃圾堆放".into()),
            ];
            Ask { named: true, ..form("/cases/new".into(), fields) }
        }
        "GET /cases/{id}" => get(format!("/cases/{case}")),
        "POST /cases/{id}/act" => {
            let fresh = report(app, &admin, grid_id).await;
            form(format!("/cases/{fresh}/act"), vec![("action", "register".into())])
        }
        "POST /cases/{id}/photos" => {
            ask(Method::POST, format!("/cases/{case}/photos"), Body::Photo, StatusCode::SEE_OTHER)
        }
        "GET /photos/{id}" => get(format!("/photos/{photo}")),
        "POST /cases/{id}/mediation/session" => {
            let fields = vec![
                ("held_on", "2026-11-20".into()),
                ("place", "村委会".into()),
                ("summary", "双方陈述，调解员释法。".into()),
            ];
            form(format!("/cases/{case}/mediation/session"), fields)
        }
        "POST /cases/{id}/mediation/agreement" => {
            let a = agreement();
            let text = |k: &str| a[k].as_str().unwrap().to_string();
            let keys = ["facts", "obligations", "performance", "performance_due", "signed_on"];
            let mut fields: Vec<(&'static str, String)> =
                keys.iter().map(|k| (*k, text(k))).collect();
            fields.push(("signed_by_all", "on".into()));
            form(format!("/cases/{case}/mediation/agreement"), fields)
        }
        "POST /cases/{id}/mediation/performance" => form(
            format!("/cases/{case}/mediation/performance"),
            vec![("performed", "1".into()), ("note", "已按协议履行".into())],
        ),
        "GET /cases/{id}/agreement" => get(format!("/cases/{case}/agreement")),
        "GET /cases/{id}/agreement.docx" => get(format!("/cases/{case}/agreement.docx")),
        "POST /admin/open311" => Ask {
            done: StatusCode::OK,
            ..form("/admin/open311".into(), vec![("name", format!("接口{n}"))])
        },
        "POST /admin/open311/{id}/revoke" => {
            let mut tx = app.db.begin().await.unwrap();
            let id = zhili::cases::store::open311::insert_key(
                &mut tx,
                &format!("待撤销{n}"),
                &format!("{n:064}"),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            form(format!("/admin/open311/{id}/revoke"), Vec::new())
        }
        "POST /admin/catalogue" => {
            let body = Body::Multipart(
                vec![("note", "矩阵".into())],
                "catalogue.xlsx",
                x.catalogue.clone(),
            );
            ask(Method::POST, "/admin/catalogue".into(), body, StatusCode::SEE_OTHER)
        }
        "POST /admin/calendar" => form(
            "/admin/calendar".into(),
            vec![("day", "2027-12-25".into()), ("kind", "normal".into())],
        ),
        other => panic!("{other} has a rule but no request: add one to call"),
    };
    (send(app, s, &a).await, a)
}

/// Sends a request with the session's cookie, its token in the form; without a session, bare.
async fn send(app: &TestApp, s: Option<&Session>, a: &Ask) -> Response {
    let mut req = app.client.request(a.method.clone(), app.url(&a.path));
    let csrf = s.map(|s| s.csrf.clone()).unwrap_or_default();
    if let Some(s) = s {
        req = req.header("cookie", &s.cookie);
    }
    let multipart = |fields: &[(&'static str, String)]| {
        fields
            .iter()
            .fold(Form::new().text("csrf", csrf.clone()), |f, (k, v)| f.text(*k, v.clone()))
    };
    req = match &a.body {
        Body::None => req,
        Body::Form(fields) => req.form(&[vec![("csrf", csrf.clone())], fields.clone()].concat()),
        Body::Multipart(fields, file, bytes) => req
            .multipart(multipart(fields).part("file", Part::bytes(bytes.clone()).file_name(*file))),
        Body::Photo => req.multipart(photo_form().text("csrf", csrf.clone())),
    };
    req.send().await.unwrap()
}

/// Whether an answer is the one expected; else what was wrong.
async fn verdict(
    app: &TestApp,
    res: Response,
    expect: Expect,
    a: &Ask,
    place_name: &str,
) -> Result<(), String> {
    let status = res.status();
    let location =
        res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let to_login = status == StatusCode::SEE_OTHER
        && (location == "/login" || location.starts_with("/login?"));
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let ok = match expect {
        Expect::Done => {
            status == a.done && a.done_to.as_ref().map_or(!to_login, |to| *to == location)
        }
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => {
            status == StatusCode::NOT_FOUND
                || (a.named && status == StatusCode::UNPROCESSABLE_ENTITY)
        }
        Expect::Unauthenticated => to_login,
    };
    let body = res.text().await.unwrap_or_default();
    if ok && matches!(expect, Expect::Forbidden | Expect::Hidden) && body.contains(place_name) {
        return Err(format!("{status}, but the refusal names {place_name}"));
    }
    if ok
        && expect == Expect::Done
        && let Some(cookie) = &a.ends
    {
        let after =
            app.client.get(app.url("/tokens")).header("cookie", cookie).send().await.unwrap();
        if after.status() != StatusCode::SEE_OTHER {
            return Err(format!(
                "the session still opens /tokens after logout: {}",
                after.status()
            ));
        }
    }
    if ok {
        return Ok(());
    }
    // The error page's message, not the whole layout; of a download, its type.
    let said = if kind.starts_with("text/") {
        body.split("<main").nth(1).unwrap_or(&body).chars().take(300).collect()
    } else {
        kind
    };
    Err(format!("{status} {location} {said}"))
}

#[tokio::test]
async fn every_page_answers_every_role_by_its_rule() {
    // Behind a proxy, so that each post of the public form comes from an address of its own.
    let (mut m, who) = Matrix::setup_on(TestApp::spawn_behind_proxy().await).await;
    let listed: BTreeSet<String> = zhili::platform::web::pages::page_routes(zhili::CAPABILITIES)
        .iter()
        .map(|r| r.to_string())
        .collect();
    let ruled: BTreeSet<String> = RULES.iter().map(|(r, _)| r.to_string()).collect();
    let missing: Vec<_> = listed.difference(&ruled).collect();
    assert!(
        missing.is_empty(),
        "page routes without a rule in the page permission matrix: {missing:?}"
    );
    let stale: Vec<_> = ruled.difference(&listed).collect();
    assert!(stale.is_empty(), "rules for page routes the router no longer has: {stale:?}");

    let res = public_report(&m.app, 0).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the fixture public report");
    let location = res.headers()["location"].to_str().unwrap();
    let report_token =
        location.trim_start_matches("/report/").split('?').next().unwrap().to_string();
    let admin = session(&m.app, "admin").await;
    let res = m
        .app
        .client
        .get(m.app.url("/admin/catalogue.xlsx"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    let catalogue = res.bytes().await.unwrap().to_vec();
    let mut x = Extra { report_token, catalogue, address: 0 };
    let mut sessions = Vec::new();
    for w in &who {
        sessions.push(match &w.username {
            Some(u) => Some(session(&m.app, u).await),
            None => None,
        });
    }

    let mut failures = Vec::new();
    let mut checks = 0;
    for (route, rule) in RULES {
        let places: &[Place] = match rule {
            Page::As(Rule::Anyone | Rule::SignedIn | Rule::PlatformAdmin) => &[Place::Inside],
            _ => &[Place::Inside, Place::Outside],
        };
        for (w, s) in who.iter().zip(&sessions) {
            for &place in places {
                let expect = expected_page(*rule, w.caller, place);
                let (res, a) = call(&mut m, &mut x, route, w, s.as_ref(), place).await;
                checks += 1;
                let place_name =
                    &m.grids[&if place == Place::Inside { m.inside } else { w.outside }].name;
                if let Err(why) = verdict(&m.app, res, expect, &a, place_name).await {
                    failures.push(format!(
                        "{route} by {:?} {place:?} ({}): expected {expect:?}, got {why}",
                        w.caller, a.path
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checks} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 20 callers; 48 routes, two places for each but the 22 about no place.
    assert_eq!(
        (who.len(), checks),
        (20, 20 * (22 + 2 * 26)),
        "every caller, route and place was tried"
    );
}

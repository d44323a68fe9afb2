//! The page permission matrix's requests (page_permissions.rs): a caller's page session, and
//! for each page route the request a caller makes on a grid inside or outside their scope.

use crate::helpers::{PASSWORD, TestApp};
use crate::page_permissions_projects as projects;
use crate::pages::{csrf_of, page_login, post_login};
use crate::permissions::{Caller, Place};
use crate::permissions_fixtures::{Matrix, Who, agreement, photo_form, report};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// A caller's page session: its cookie and its form token.
pub(crate) struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub(crate) async fn session(app: &TestApp, username: &str) -> Session {
    let cookie = page_login(app, username).await;
    let html = crate::kit::session::page_html(app, &cookie, "/tokens").await;
    Session { csrf: csrf_of(&html), cookie }
}

/// What a request carries besides the session's cookie; the session's token is added to forms.
pub(crate) enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    /// Fields and a file: its name and bytes.
    Multipart(Vec<(&'static str, String)>, &'static str, Vec<u8>),
    /// A photo, as the case page uploads it.
    Photo,
}

/// One request of the matrix: what to send, the status of its success, and whether the place
/// is named in the form (a place outside is then refused as a field, 422, or as a page, 404).
pub(crate) struct Ask {
    pub method: Method,
    pub path: String,
    pub body: Body,
    pub done: StatusCode,
    pub named: bool,
    /// Where success leads, when it is a redirect the test must tell from one to /login.
    pub done_to: Option<String>,
    /// A session the request must end.
    pub ends: Option<String>,
}

fn ask(method: Method, path: String, body: Body, done: StatusCode) -> Ask {
    Ask { method, path, body, done, named: false, done_to: None, ends: None }
}

pub(crate) fn get(path: impl Into<String>) -> Ask {
    ask(Method::GET, path.into(), Body::None, StatusCode::OK)
}

pub(crate) fn form(path: String, fields: Vec<(&'static str, String)>) -> Ask {
    ask(Method::POST, path, Body::Form(fields), StatusCode::SEE_OTHER)
}

/// The fixtures the pages need beyond the API matrix's.
pub(crate) struct Extra {
    /// A public report's follow-up token.
    pub report_token: String,
    /// The current catalogue as a sheet, to publish again.
    pub catalogue: Vec<u8>,
    /// A new public address for every post of the public form (the test server trusts a proxy).
    pub address: u32,
}

/// Posts the public form as a browser does, from an address of its own.
pub(crate) async fn public_report(app: &TestApp, address: u32) -> Response {
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
pub(crate) async fn call(
    m: &mut Matrix,
    x: &mut Extra,
    route: &str,
    who: &Who,
    s: Option<&Session>,
    place: Place,
) -> (Response, Ask) {
    let grid_id = if place == Place::Inside { m.inside } else { who.outside };
    let g = m.grids[&grid_id].clone();
    let (case, photo, user, village) = (g.case, g.photo, g.user, g.village);
    let (person, household) = (g.person, g.household);
    let (person_number, records) = (g.person_number.clone(), g.records.clone());
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
        "GET /"
        | "GET /login"
        | "GET /tokens"
        | "GET /report"
        | "GET /cases/import"
        | "GET /cases/new"
        | "GET /registry/people/new"
        | "GET /registry/people/template.xlsx"
        | "GET /registry/import" => get(&route[4..]),
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
        r if r.contains(" /pro") => projects::ask(app, r, grid_id, &g, n).await,
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
        "GET /registry" => get(format!("/registry?unit={grid_id}")),
        "GET /registry/people" => get(format!("/registry/people?unit={grid_id}")),
        "GET /registry/people.csv" => get(format!("/registry/people.csv?unit={grid_id}")),
        "GET /registry/people.xlsx" => get(format!("/registry/people.xlsx?unit={grid_id}")),
        "POST /registry/people/export" => crate::page_permissions_kinds::people_export(grid_id),
        "GET /registry/readers"
        | "POST /registry/readers"
        | "POST /registry/readers/{id}/remove" => {
            crate::page_permissions_kinds::readers(app, route).await
        }
        "POST /registry/people/new" => crate::page_permissions_kinds::new_person(&code, n),
        "GET /registry/people/{id}" => get(format!("/registry/people/{person}")),
        "POST /registry/people/{id}/reveal" => {
            let fields = vec![("purpose", "权限矩阵".into())];
            Ask {
                done: StatusCode::OK,
                ..form(format!("/registry/people/{person}/reveal"), fields)
            }
        }
        "GET /registry/people/{id}/looks" => get(format!("/registry/people/{person}/looks")),
        "GET /registry/people/{id}/edit" => get(format!("/registry/people/{person}/edit")),
        "POST /registry/people/{id}/edit" => {
            let fields = vec![
                ("name", "王大明".into()),
                ("grid", code.clone()),
                ("household", String::new()),
            ];
            form(format!("/registry/people/{person}/edit"), fields)
        }
        "GET /registry/households/{id}" => get(format!("/registry/households/{household}")),
        kinded if kinded.contains("{kind}") => {
            crate::page_permissions_kinds::ask(kinded, &records, grid_id, &code, &person_number, n)
        }
        "POST /registry/import" => {
            let csv = format!(
                "姓名,身份证号,网格编码\n赵六,{},{code}\n",
                crate::registry::serial_id(400000 + n)
            );
            ask(
                Method::POST,
                "/registry/import".into(),
                Body::Multipart(Vec::new(), "p.csv", csv.into_bytes()),
                StatusCode::SEE_OTHER,
            )
        }
        "GET /registry/import/{token}" | "GET /registry/import/{token}/report.xlsx" => {
            // Inside: the caller's own job, if they may start one; else a job that is not theirs.
            let own = match (place, s) {
                (Place::Inside, Some(s)) => own_import(app, s, &code, n).await,
                _ => None,
            };
            let token = own.unwrap_or_else(|| "0123456789abcdef0123456789abcdef".to_string());
            let suffix = if route.ends_with("xlsx") { "/report.xlsx" } else { "" };
            get(format!("/registry/import/{token}{suffix}"))
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
/// Starts an import of one bad row as the session's user and waits for it to end; its token, or
/// none when the user may not import.
async fn own_import(app: &TestApp, s: &Session, code: &str, n: u32) -> Option<String> {
    let csv =
        format!("姓名,身份证号,网格编码\n钱七,{},{code}\n", crate::registry::serial_id(500000 + n));
    let a = ask(
        Method::POST,
        "/registry/import".into(),
        Body::Multipart(Vec::new(), "p.csv", csv.into_bytes()),
        StatusCode::SEE_OTHER,
    );
    let res = send(app, Some(s), &a).await;
    if res.status() != StatusCode::SEE_OTHER {
        return None;
    }
    let location = res.headers()["location"].to_str().unwrap().to_string();
    for _ in 0..200 {
        let html = crate::kit::session::page_html(app, &s.cookie, &location).await;
        if !html.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Some(location.trim_start_matches("/registry/import/").to_string())
}

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

//! The permission matrix: every route of the OpenAPI document, called by every kind of user
//! (administrator, leader, each department, township, village, each of the four grid roles,
//! anonymous) on objects inside and outside the caller's part of the hierarchy. Each answer must
//! be the one the rule of the route gives: done, 403, or "no such thing" for what the caller must
//! not know exists. A route missing from `RULES` fails the test.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use zhili::platform::access::role::DEPARTMENT_KINDS;
use zhili::platform::hierarchy::store::NewUnit;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rule {
    /// Anyone, signed in or not.
    Anyone,
    /// Anyone signed in; the answer is about themselves or the whole platform.
    SignedIn,
    /// The caller's own things only.
    Owner,
    /// Anyone whose roles cover the place.
    InScope,
    /// An administrator of the place.
    Admin,
    /// An administrator (the calendar is the platform's).
    PlatformAdmin,
    /// Anyone who works cases covering the place: every role but the leader and the departments,
    /// who read (a department works a case only while it is dispatched to it: department_work.rs).
    Worker,
}

/// Every route of the API and its rule.
const RULES: &[(&str, Rule)] = &[
    ("POST /auth/login", Rule::Anyone),
    ("GET /me", Rule::SignedIn),
    ("GET /tokens", Rule::SignedIn),
    ("POST /tokens", Rule::SignedIn),
    ("DELETE /tokens/{id}", Rule::Owner),
    ("GET /units", Rule::InScope),
    ("GET /units/{id}", Rule::InScope),
    ("POST /units", Rule::Admin),
    ("PATCH /units/{id}", Rule::Admin),
    ("POST /units/{id}/move", Rule::Admin),
    ("GET /departments", Rule::SignedIn),
    ("GET /users", Rule::InScope),
    ("POST /users", Rule::Admin),
    ("GET /users/{id}", Rule::InScope),
    ("PATCH /users/{id}", Rule::Admin),
    ("POST /cases", Rule::InScope),
    ("GET /cases", Rule::InScope),
    ("GET /cases/{id}", Rule::InScope),
    ("POST /cases/{id}/actions", Rule::Worker),
    ("GET /cases/rates", Rule::InScope),
    ("GET /categories", Rule::SignedIn),
    ("GET /cases/{id}/duplicates", Rule::InScope),
    ("POST /cases/import", Rule::InScope),
    ("GET /calendar", Rule::SignedIn),
    ("PUT /calendar/{day}", Rule::PlatformAdmin),
    ("GET /cases/{id}/mediation", Rule::InScope),
    ("POST /cases/{id}/mediation/sessions", Rule::Worker),
    ("PUT /cases/{id}/mediation/agreement", Rule::Worker),
    ("POST /cases/{id}/mediation/performance", Rule::Worker),
    ("GET /cases/{id}/photos", Rule::InScope),
    ("POST /cases/{id}/photos", Rule::Worker),
    ("GET /photos/{id}", Rule::InScope),
];

/// The kinds of caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Caller {
    Anonymous,
    Admin,
    Leader,
    Department(&'static str),
    Township,
    Village,
    Grid(&'static str),
}

/// What the answer must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Expect {
    Done,
    Forbidden,
    /// 404; or, when the object is named in the body, 422 naming that field as no such thing.
    Hidden,
    Unauthenticated,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    Inside,
    Outside,
}

pub(crate) fn expected(rule: Rule, caller: Caller, place: Place) -> Expect {
    if caller == Caller::Anonymous {
        return if rule == Rule::Anyone { Expect::Done } else { Expect::Unauthenticated };
    }
    let admin = caller == Caller::Admin;
    match (rule, place) {
        (Rule::Anyone | Rule::SignedIn, _) => Expect::Done,
        (Rule::PlatformAdmin, _) => {
            if admin {
                Expect::Done
            } else {
                Expect::Forbidden
            }
        }
        (_, Place::Outside) => Expect::Hidden,
        (Rule::Owner | Rule::InScope, Place::Inside) => Expect::Done,
        (Rule::Admin, Place::Inside) if admin => Expect::Done,
        (Rule::Admin, Place::Inside) => Expect::Forbidden,
        (Rule::Worker, Place::Inside)
            if matches!(caller, Caller::Leader | Caller::Department(_)) =>
        {
            Expect::Forbidden
        }
        (Rule::Worker, Place::Inside) => Expect::Done,
    }
}

/// A grid and what the matrix reaches through it: a registered dispute with its agreement, and
/// one of the grid's staff.
pub(crate) struct Grid {
    pub name: String,
    pub code: String,
    pub village: i64,
    pub case: i64,
    pub photo: i64,
    pub user: i64,
    /// A token of an administrator of the grid's zone, to make fresh cases there.
    pub admin: String,
}

/// A caller with their token and the grids inside and outside their scope.
pub(crate) struct Who {
    pub caller: Caller,
    pub username: Option<String>,
    pub token: Option<String>,
    /// The unit their role is held at.
    pub anchor: i64,
    pub outside: i64,
}

pub(crate) struct Matrix {
    pub app: TestApp,
    pub grids: HashMap<i64, Grid>,
    pub inside: i64,
    /// A grid the administrator may move between villages.
    pub spare: (i64, i64),
    /// A token of someone else's, which nobody here may revoke.
    pub others_token: i64,
    serial: u32,
}

fn ids(rows: Vec<(i64,)>) -> Vec<i64> {
    rows.into_iter().map(|r| r.0).collect()
}

impl Matrix {
    async fn grid_of(app: &TestApp, username: &str) -> i64 {
        app.unit_of(username).await
    }

    async fn parent(&self, unit: i64) -> i64 {
        sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1")
            .bind(unit)
            .fetch_one(&self.app.db.pool)
            .await
            .unwrap()
    }

    pub(crate) fn next(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }

    /// Makes the fixtures of a grid, reached with a token of its zone's administrator.
    async fn add_grid(&mut self, id: i64, admin: &str) {
        let n = self.next();
        let app = &self.app;
        let (name, code): (String, String) =
            sqlx::query_as("SELECT name, code FROM units WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let village = self.parent(id).await;
        let case = report(app, admin, id).await;
        let res = app
            .send(
                Method::POST,
                admin,
                &format!("/api/v1/cases/{case}/actions"),
                json!({"action": "register"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "register the fixture case");
        let res = app
            .send(
                Method::PUT,
                admin,
                &format!("/api/v1/cases/{case}/mediation/agreement"),
                agreement(),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "the fixture agreement");
        let res = app
            .client
            .post(app.url(&format!("/api/v1/cases/{case}/photos")))
            .bearer_auth(admin)
            .multipart(photo_form())
            .send();
        let res = res.await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture photo");
        let photo = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let body = json!({"username": format!("target-{n}"), "display_name": "网格员", "password": "matrix-password-1",
                          "roles": [{"role": "grid_staff", "unit_id": id, "grid_role": "assistant"}]});
        let res = app.send(Method::POST, admin, "/api/v1/users", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture user");
        let user = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        self.grids
            .insert(id, Grid { name, code, village, case, photo, user, admin: admin.to_string() });
    }

    async fn setup() -> (Matrix, Vec<Who>) {
        Matrix::setup_on(TestApp::spawn().await).await
    }

    /// The fixtures and the callers on a server of the demo zone.
    pub(crate) async fn setup_on(app: TestApp) -> (Matrix, Vec<Who>) {
        let admin = app.token("admin").await;

        // A second zone beside the demo's, with its own administrator: outside every demo role.
        let mut tx = app.db.begin().await.unwrap();
        let zone = NewUnit {
            parent: None,
            level: "zone",
            name: "邻区",
            code: "410872000000",
            boundary: None,
        };
        let (zone_id, zone_path) =
            zhili::platform::hierarchy::store::insert(&mut tx, &zone).await.unwrap();
        let township = NewUnit {
            parent: Some((zone_id, &zone_path)),
            level: "township",
            name: "邻镇",
            code: "410872001000",
            boundary: None,
        };
        let (t_id, t_path) =
            zhili::platform::hierarchy::store::insert(&mut tx, &township).await.unwrap();
        let village = NewUnit {
            parent: Some((t_id, &t_path)),
            level: "village",
            name: "邻村",
            code: "410872001200",
            boundary: None,
        };
        let (v_id, v_path) =
            zhili::platform::hierarchy::store::insert(&mut tx, &village).await.unwrap();
        let grid = NewUnit {
            parent: Some((v_id, &v_path)),
            level: "grid",
            name: "邻村第1网格",
            code: "410872001200001",
            boundary: None,
        };
        let (other_zone_grid, _) =
            zhili::platform::hierarchy::store::insert(&mut tx, &grid).await.unwrap();
        let hash = zhili::platform::users::password::hash(PASSWORD.into()).await.unwrap();
        let new = zhili::platform::users::store::NewUser {
            username: "admin-b",
            display_name: "邻区管理员",
            phone: None,
            password_hash: &hash,
        };
        let admin_b = zhili::platform::users::store::insert(&mut tx, &new).await.unwrap();
        zhili::platform::users::store::insert_grant(&mut tx, admin_b, "admin", zone_id, None, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        app.db.epoch.changed();
        let admin_b = app.token("admin-b").await;
        let res =
            app.send(Method::POST, &admin_b, "/api/v1/tokens", json!({"name": "邻区的"})).await;
        let others_token = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

        // The demo's grid 001, a sibling grid, a grid of another village in the township and
        // one of another township.
        let inside = Matrix::grid_of(&app, "g001-manager").await;
        let mut m =
            Matrix { app, grids: HashMap::new(), inside, spare: (0, 0), others_token, serial: 0 };
        let v1 = m.parent(inside).await;
        let t1 = m.parent(v1).await;
        let zone_a = m.parent(t1).await;
        let pool = &m.app.db.pool;
        let sibling = ids(sqlx::query_as(
            "SELECT id FROM units WHERE parent_id = $1 AND id <> $2 ORDER BY id",
        )
        .bind(v1)
        .bind(inside)
        .fetch_all(pool)
        .await
        .unwrap())[0];
        let v2 = ids(sqlx::query_as(
            "SELECT id FROM units WHERE parent_id = $1 AND id <> $2 ORDER BY id",
        )
        .bind(t1)
        .bind(v1)
        .fetch_all(pool)
        .await
        .unwrap())[0];
        let cousin = ids(sqlx::query_as("SELECT id FROM units WHERE parent_id = $1 ORDER BY id")
            .bind(v2)
            .fetch_all(pool)
            .await
            .unwrap())[0];
        let far = Matrix::grid_of(&m.app, "g715-manager").await;
        assert_ne!(m.parent(m.parent(far).await).await, t1, "grid 715 lies in another township");
        for grid in [inside, sibling, cousin, far] {
            m.add_grid(grid, &admin).await;
        }
        m.add_grid(other_zone_grid, &admin_b).await;

        // The demo has no village staff: the administrator adds one at grid 001's village.
        let body = json!({"username": "v-staff", "display_name": "村干部", "password": PASSWORD,
                          "roles": [{"role": "village_staff", "unit_id": v1}]});
        assert_eq!(
            m.app.send(Method::POST, &admin, "/api/v1/users", body).await.status(),
            StatusCode::CREATED
        );
        // A grid of grid 001's village that only the administrator moves.
        let body = json!({"parent_id": v1, "name": "待调整网格", "code": format!("{}099", m.grids[&inside].code[..12].to_owned())});
        let res = m.app.send(Method::POST, &admin, "/api/v1/units", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "the spare grid");
        m.spare = (res.json::<Value>().await.unwrap()["id"].as_i64().unwrap(), v2);

        let mut callers = vec![
            (Caller::Anonymous, None, zone_a, inside),
            (Caller::Admin, Some("admin"), zone_a, other_zone_grid),
        ];
        callers.push((Caller::Leader, Some("leader"), zone_a, other_zone_grid));
        for kind in DEPARTMENT_KINDS {
            callers.push((Caller::Department(kind), Some(kind), zone_a, other_zone_grid));
        }
        callers.push((Caller::Township, Some("wenchang"), t1, far));
        callers.push((Caller::Village, Some("v-staff"), v1, cousin));
        for role in ["manager", "assistant", "police", "supervisor"] {
            callers.push((Caller::Grid(role), None, inside, sibling));
        }
        let mut who = Vec::new();
        for (caller, username, anchor, outside) in callers {
            let username = match caller {
                Caller::Grid(role) => Some(format!("g001-{role}")),
                _ => username.map(String::from),
            };
            let token = match &username {
                Some(u) => Some(m.app.token(u).await),
                None => None,
            };
            who.push(Who { caller, username, token, anchor, outside });
        }
        (m, who)
    }

    /// Sends one route's request for a caller at a place; gives the answer and, when the
    /// object is named in the body, the field that names it.
    async fn call(&mut self, route: &str, who: &Who, place: Place) -> (Response, Option<String>) {
        let grid_id = if place == Place::Inside { self.inside } else { who.outside };
        let g = &self.grids[&grid_id];
        let (case, photo, user, village) = (g.case, g.photo, g.user, g.village);
        let (name, code, admin) = (g.name.clone(), g.code.clone(), g.admin.clone());
        let token = who.token.as_deref();
        let n = self.next();
        let (method, path, body, hidden_as): (Method, String, Body, Option<&str>) = match route {
            "POST /auth/login" => (
                Method::POST,
                "/auth/login".into(),
                Body::Json(json!({"username": "leader", "password": PASSWORD})),
                None,
            ),
            "GET /me" | "GET /tokens" | "GET /departments" | "GET /categories"
            | "GET /calendar" => (Method::GET, route[4..].into(), Body::None, None),
            "POST /tokens" => {
                (Method::POST, "/tokens".into(), Body::Json(json!({"name": "matrix"})), None)
            }
            "DELETE /tokens/{id}" => {
                let id = match (place, token) {
                    (Place::Inside, Some(t)) => {
                        let res = self
                            .app
                            .send(Method::POST, t, "/api/v1/tokens", json!({"name": "to revoke"}))
                            .await;
                        res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
                    }
                    _ => self.others_token,
                };
                (Method::DELETE, format!("/tokens/{id}"), Body::None, None)
            }
            "GET /units" => (Method::GET, format!("/units?parent={grid_id}"), Body::None, None),
            "GET /units/{id}" => (Method::GET, format!("/units/{grid_id}"), Body::None, None),
            "POST /units" => {
                let parent = if place == Place::Inside { who.anchor } else { grid_id };
                let body = json!({"parent_id": parent, "name": format!("新街道{n}"), "code": format!("410871{:03}000", 900 + n % 99)});
                (Method::POST, "/units".into(), Body::Json(body), Some("parent_id"))
            }
            "PATCH /units/{id}" => (
                Method::PATCH,
                format!("/units/{grid_id}"),
                Body::Json(json!({"name": name})),
                None,
            ),
            "POST /units/{id}/move" => {
                let (unit, parent) = if place == Place::Inside && who.caller == Caller::Admin {
                    self.spare
                } else {
                    (grid_id, village)
                };
                (
                    Method::POST,
                    format!("/units/{unit}/move"),
                    Body::Json(json!({"parent_id": parent})),
                    None,
                )
            }
            "GET /users" => (Method::GET, format!("/users?unit={grid_id}"), Body::None, None),
            "POST /users" => {
                let body = json!({"username": format!("matrix-{n}"), "display_name": "新网格员", "password": "matrix-password-1",
                                  "roles": [{"role": "grid_staff", "unit_id": grid_id, "grid_role": "assistant"}]});
                (Method::POST, "/users".into(), Body::Json(body), Some("roles[0].unit_id"))
            }
            "GET /users/{id}" => (Method::GET, format!("/users/{user}"), Body::None, None),
            "PATCH /users/{id}" => (
                Method::PATCH,
                format!("/users/{user}"),
                Body::Json(json!({"disabled": false})),
                None,
            ),
            "POST /cases" => {
                let body = json!({"category": "I0301", "unit_id": grid_id, "description": "垃圾堆放", "source": "grid"});
                (Method::POST, "/cases".into(), Body::Json(body), Some("unit_id"))
            }
            "GET /cases" => (Method::GET, format!("/cases?unit={grid_id}"), Body::None, None),
            "GET /cases/{id}" => (Method::GET, format!("/cases/{case}"), Body::None, None),
            "POST /cases/{id}/actions" => {
                let fresh = report(&self.app, &admin, grid_id).await;
                (
                    Method::POST,
                    format!("/cases/{fresh}/actions"),
                    Body::Json(json!({"action": "register"})),
                    None,
                )
            }
            "GET /cases/rates" => (
                Method::GET,
                format!("/cases/rates?unit={grid_id}&from=2026-01-01&to=2026-12-31"),
                Body::None,
                None,
            ),
            "GET /cases/{id}/duplicates" => {
                (Method::GET, format!("/cases/{case}/duplicates"), Body::None, None)
            }
            "POST /cases/import" => {
                let csv = format!(
                    "reported_at,category,grid_code,description\n2026-11-01 09:00,I0301,{code},来电反映垃圾堆放\n"
                );
                (Method::POST, "/cases/import".into(), Body::Sheet(csv), Some("row 2 grid_code"))
            }
            "PUT /calendar/{day}" => (
                Method::PUT,
                "/calendar/2027-12-25".into(),
                Body::Json(json!({"kind": "normal"})),
                None,
            ),
            "GET /cases/{id}/mediation" => {
                (Method::GET, format!("/cases/{case}/mediation"), Body::None, None)
            }
            "POST /cases/{id}/mediation/sessions" => {
                let body = json!({"held_on": "2026-11-20", "place": "村委会", "summary": "双方陈述，调解员释法。"});
                (Method::POST, format!("/cases/{case}/mediation/sessions"), Body::Json(body), None)
            }
            "PUT /cases/{id}/mediation/agreement" => (
                Method::PUT,
                format!("/cases/{case}/mediation/agreement"),
                Body::Json(agreement()),
                None,
            ),
            "POST /cases/{id}/mediation/performance" => {
                let body = json!({"performed": true, "note": "已按协议履行"});
                (
                    Method::POST,
                    format!("/cases/{case}/mediation/performance"),
                    Body::Json(body),
                    None,
                )
            }
            "GET /cases/{id}/photos" => {
                (Method::GET, format!("/cases/{case}/photos"), Body::None, None)
            }
            "POST /cases/{id}/photos" => {
                (Method::POST, format!("/cases/{case}/photos"), Body::Photo, None)
            }
            "GET /photos/{id}" => (Method::GET, format!("/photos/{photo}"), Body::None, None),
            other => panic!("{other} has a rule but no request: add one to Matrix::call"),
        };
        let mut req = self.app.client.request(method, self.app.url(&format!("/api/v1{path}")));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req = match body {
            Body::None => req,
            Body::Json(v) => req.json(&v),
            Body::Sheet(csv) => {
                let part = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("12345.csv");
                req.multipart(reqwest::multipart::Form::new().part("file", part))
            }
            Body::Photo => req.multipart(photo_form()),
        };
        (req.send().await.unwrap(), hidden_as.map(String::from))
    }
}

enum Body {
    None,
    Json(Value),
    Sheet(String),
    Photo,
}

pub(crate) fn photo_form() -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(include_bytes!("../fixtures/photo.jpg").to_vec())
        .file_name("site.jpg");
    reqwest::multipart::Form::new().part("photo", part)
}

pub(crate) async fn report(app: &TestApp, token: &str, grid: i64) -> i64 {
    let body = json!({"category": "D01", "unit_id": grid, "description": "两户宅基地边界争议", "source": "grid",
                      "parties": [{"name": "王某", "id_number": "11010519491231002X"}, {"name": "李某", "role": "respondent"}]});
    let res = app.send(Method::POST, token, "/api/v1/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "a fixture case");
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

pub(crate) fn agreement() -> Value {
    json!({"facts": "两户因宅基地边界发生争执。", "obligations": "双方按村委会测量结果立界。", "performance": "村委会监督立界。",
           "performance_due": "2026-12-10", "signed_on": "2026-11-27", "signed_by_all": true})
}

/// Whether an answer is the one expected; else what was wrong.
async fn verdict(res: Response, expect: Expect, hidden_as: Option<&str>) -> Result<(), String> {
    let status = res.status();
    let ok = match expect {
        Expect::Done => status.is_success(),
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Unauthenticated => status == StatusCode::UNAUTHORIZED,
        Expect::Hidden => match hidden_as {
            None => status == StatusCode::NOT_FOUND,
            Some(field) if status == StatusCode::UNPROCESSABLE_ENTITY => {
                let body: Value = res.json().await.unwrap_or_default();
                let named = body["error"]["fields"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|f| f["field"] == field));
                return if named {
                    Ok(())
                } else {
                    Err(format!("422 without the field {field}: {body}"))
                };
            }
            Some(_) => false,
        },
    };
    if ok { Ok(()) } else { Err(format!("{status}: {}", res.text().await.unwrap_or_default())) }
}

#[tokio::test]
async fn every_route_answers_every_role_by_its_rule() {
    let (mut m, who) = Matrix::setup().await;
    let doc: Value = m
        .app
        .client
        .get(m.app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            let path = path.strip_prefix("/api/v1").unwrap_or(path).to_string();
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    let ruled: BTreeSet<String> = RULES.iter().map(|(r, _)| r.to_string()).collect();
    let missing: Vec<_> = documented.difference(&ruled).collect();
    assert!(missing.is_empty(), "routes without a rule in the permission matrix: {missing:?}");
    let stale: Vec<_> = ruled.difference(&documented).collect();
    assert!(stale.is_empty(), "rules for routes the API no longer has: {stale:?}");

    let mut failures = Vec::new();
    let mut checks = 0;
    for (route, rule) in RULES {
        let places: &[Place] = match rule {
            Rule::Anyone | Rule::SignedIn | Rule::PlatformAdmin => &[Place::Inside],
            _ => &[Place::Inside, Place::Outside],
        };
        for w in &who {
            for &place in places {
                let expect = expected(*rule, w.caller, place);
                let (res, hidden_as) = m.call(route, w, place).await;
                checks += 1;
                if let Err(why) = verdict(res, expect, hidden_as.as_deref()).await {
                    failures.push(format!(
                        "{route} by {:?} {place:?}: expected {expect:?}, got {why}",
                        w.caller
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
    // 20 callers; 32 routes, two places for each but the eight about no place.
    assert_eq!((who.len(), checks), (20, 1120), "every caller, route and place was tried");
}

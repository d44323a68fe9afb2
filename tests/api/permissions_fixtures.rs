//! The permission matrix's fixtures (permissions.rs): grids inside and outside each caller's
//! part of the hierarchy with a case, its agreement and photo, and one of their staff; and the
//! callers themselves.

use crate::helpers::{PASSWORD, TestApp};
use crate::permissions::Caller;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use zhili::platform::access::role::DEPARTMENT_KINDS;
use zhili::platform::hierarchy::store::NewUnit;

/// A grid and what the matrix reaches through it: a registered dispute with its agreement, and
/// one of the grid's staff.
#[derive(Clone)]
pub(crate) struct Grid {
    pub name: String,
    pub code: String,
    pub village: i64,
    pub case: i64,
    pub photo: i64,
    pub user: i64,
    /// A person of the registry there, the head of a household.
    pub person: i64,
    /// That household.
    pub household: i64,
    /// The person's ID number.
    pub person_number: String,
    /// A record of every kind of the registry there (by kind name).
    pub records: HashMap<&'static str, i64>,
    /// A token of an administrator of the grid's zone, to make fresh cases there.
    pub admin: String,
    /// A project lying in the grid.
    pub project: i64,
    /// A photo of its report of October 2015, which stays open.
    pub project_photo: i64,
    /// A baseline of the grid's projects.
    pub baseline: i64,
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
        let person_number = crate::registry::serial_id(n);
        let body = json!({"name": "王大明", "id_number": person_number,
                          "grid": code, "household": format!("M{n:04}"), "relation": "户主"});
        let res = app.send(Method::POST, admin, "/api/v1/people", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture person");
        let person: Value = res.json().await.unwrap();
        let (household, person) =
            (person["household_id"].as_i64().unwrap(), person["id"].as_i64().unwrap());
        let mut records = HashMap::new();
        for kind in zhili::registry::domain::kinds::ALL {
            let record =
                crate::registry_records::add_sample(app, kind.name, 900 + n, &code, &person_number);
            records.insert(kind.name, record.await);
        }
        let body = json!({"name": format!("矩阵项目{n}"), "level": "municipal", "unit_id": id, "total_fen": 100_000_000,
                          "industry": "35", "gates": [{"gate": "signed", "planned_on": "2015-01-01"}]});
        let res = app.send(Method::POST, admin, "/api/v1/projects", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture project");
        let project = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let report = json!({"period": "2015-10", "method": "spending", "invested_fen": 1_000_000, "progress": "场地平整"});
        let res = app
            .send(Method::POST, admin, &format!("/api/v1/projects/{project}/reports"), report)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture report");
        let res = app
            .client
            .post(app.url(&format!("/api/v1/projects/{project}/reports/2015-10/photos")))
            .bearer_auth(admin)
            .multipart(photo_form())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture progress photo");
        let project_photo = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let body = json!({"unit_id": id, "name": "矩阵基线"});
        let res = app.send(Method::POST, admin, "/api/v1/baselines", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "the fixture baseline");
        let baseline = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        self.grids.insert(
            id,
            Grid {
                project,
                project_photo,
                baseline,
                person_number,
                records,
                name,
                code,
                village,
                case,
                photo,
                user,
                person,
                household,
                admin: admin.to_string(),
            },
        );
    }

    pub(crate) async fn setup() -> (Matrix, Vec<Who>) {
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

//! The permission matrix's requests (permissions.rs): for each route, the call a caller makes
//! on a grid inside or outside their scope.

use crate::helpers::PASSWORD;
use crate::permissions::{Caller, Place};
use crate::permissions_fixtures::{Matrix, Who, agreement, photo_form, report};
use reqwest::{Method, Response};
use serde_json::{Value, json};

impl Matrix {
    /// Sends one route's request for a caller at a place; gives the answer and, when the
    /// object is named in the body, the field that names it.
    pub(crate) async fn call(
        &mut self,
        route: &str,
        who: &Who,
        place: Place,
    ) -> (Response, Option<String>) {
        let grid_id = if place == Place::Inside { self.inside } else { who.outside };
        let g = &self.grids[&grid_id];
        let (case, photo, user, village) = (g.case, g.photo, g.user, g.village);
        let (person, household) = (g.person, g.household);
        let (person_number, records) = (g.person_number.clone(), g.records.clone());
        let (name, code, admin) = (g.name.clone(), g.code.clone(), g.admin.clone());
        let (project, project_photo, baseline) = (g.project, g.project_photo, g.baseline);
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
            "POST /projects/reports/import" => {
                let csv = format!(
                    "项目编号,报送期,计算方法,本期完成投资（万元）,形象进度\n{project},2015-08,财务支出法,1,施工\n"
                );
                let path = "/projects/reports/import".to_string();
                (Method::POST, path, Body::Sheet(csv), Some("row 2 project_id"))
            }
            "POST /cases/import" => {
                let csv = format!(
                    "reported_at,category,grid_code,description\n2026-11-01 09:00,I0301,{code},来电反映垃圾堆放\n"
                );
                (Method::POST, "/cases/import".into(), Body::Sheet(csv), Some("row 2 grid_code"))
            }
            "GET /people" => (Method::GET, format!("/people?unit={grid_id}"), Body::None, None),
            "POST /people" => {
                let body = json!({"name": "李四", "id_number": crate::registry::serial_id(100000 + n), "grid": code});
                (Method::POST, "/people".into(), Body::Json(body), Some("grid"))
            }
            "GET /people/{id}" => (Method::GET, format!("/people/{person}"), Body::None, None),
            "POST /people/{id}/reveal" => (
                Method::POST,
                format!("/people/{person}/reveal"),
                Body::Json(json!({"purpose": "权限矩阵"})),
                None,
            ),
            "POST /people/import" => {
                let csv = format!(
                    "姓名,身份证号,网格编码\n赵六,{},{code}\n",
                    crate::registry::serial_id(200000 + n)
                );
                (Method::POST, "/people/import".into(), Body::Sheet(csv), Some("grid"))
            }
            "GET /projects" => (Method::GET, format!("/projects?unit={grid_id}"), Body::None, None),
            "POST /projects" => {
                let body = json!({"name": format!("新项目{n}"), "level": "zone", "unit_id": grid_id, "total_fen": 5_000_000_000i64});
                (Method::POST, "/projects".into(), Body::Json(body), None)
            }
            "GET /projects/{id}" => (Method::GET, format!("/projects/{project}"), Body::None, None),
            "POST /projects/{id}/gates/{gate}" => {
                let body = json!({"actual_on": "2015-01-02", "passed_by": "招商服务中心 刘明", "evidence": "投资合同"});
                (Method::POST, format!("/projects/{project}/gates/signed"), Body::Json(body), None)
            }
            "GET /projects/{id}/reports" => {
                (Method::GET, format!("/projects/{project}/reports"), Body::None, None)
            }
            "POST /projects/{id}/reports" => {
                let body = json!({"period": "2015-09", "method": "spending", "invested_fen": 1_000, "progress": "基础施工"});
                (Method::POST, format!("/projects/{project}/reports"), Body::Json(body), None)
            }
            "POST /projects/{id}/reports/{period}/review" => {
                let period = crate::project_fixtures::open_report(&self.app, project, n).await;
                let path = format!("/projects/{project}/reports/{period}/review");
                (Method::POST, path, Body::Json(json!({})), None)
            }
            "POST /projects/{id}/reports/{period}/photos" => (
                Method::POST,
                format!("/projects/{project}/reports/2015-10/photos"),
                Body::Photo,
                None,
            ),
            "GET /projects/{id}/photos/{photo}" => (
                Method::GET,
                format!("/projects/{project}/photos/{project_photo}"),
                Body::None,
                None,
            ),
            "GET /projects/{id}/problems" => {
                (Method::GET, format!("/projects/{project}/problems"), Body::None, None)
            }
            "POST /projects/{id}/problems" => {
                let body = json!({"description": "用地未落实", "owner_unit": "国土资源分局", "owner_person": "孙静",
                                  "unit_head": "局长", "principal": "主任", "working_days": 5});
                (Method::POST, format!("/projects/{project}/problems"), Body::Json(body), None)
            }
            "POST /projects/{id}/cancel" => {
                let other = crate::project_fixtures::another_project(&self.app, project, n).await;
                let body = json!({"on": "2015-10-20", "reason": "投资方撤资"});
                (Method::POST, format!("/projects/{other}/cancel"), Body::Json(body), None)
            }
            "POST /projects/{id}/problems/{problem}/solve" => {
                let problem = crate::project_fixtures::open_problem(&self.app, project).await;
                let path = format!("/projects/{project}/problems/{problem}/solve");
                (Method::POST, path, Body::Json(json!({"solution": "已解决"})), None)
            }
            "GET /projects/progress" => (
                Method::GET,
                format!("/projects/progress?unit={grid_id}&month=2015-10"),
                Body::None,
                None,
            ),
            "GET /projects/map" | "GET /projects/gantt" | "GET /baselines" => {
                (Method::GET, format!("{}?unit={grid_id}", &route[4..]), Body::None, None)
            }
            "POST /baselines" => {
                let body = json!({"unit_id": grid_id, "name": format!("基线{n}")});
                (Method::POST, "/baselines".into(), Body::Json(body), None)
            }
            "GET /baselines/{id}/compare" => {
                (Method::GET, format!("/baselines/{baseline}/compare"), Body::None, None)
            }
            "GET /projects/bulletin" => (
                Method::GET,
                format!("/projects/bulletin?unit={grid_id}&period=2015-10"),
                Body::None,
                None,
            ),
            "GET /projects/inspection" => {
                (Method::GET, format!("/projects/inspection?unit={grid_id}"), Body::None, None)
            }
            "GET /project-problems" => {
                (Method::GET, format!("/project-problems?unit={grid_id}"), Body::None, None)
            }
            "GET /promotion/summary" => (
                Method::GET,
                format!("/promotion/summary?unit={grid_id}&as_of=2015-10-25"),
                Body::None,
                None,
            ),
            "GET /promotion/projects" => (
                Method::GET,
                format!("/promotion/projects?unit={grid_id}&as_of=2015-10-25&figure=signed"),
                Body::None,
                None,
            ),
            "GET /promotion/rates" => (Method::GET, "/promotion/rates".into(), Body::None, None),
            "GET /promotion/rates/{code}" => (
                Method::GET,
                format!("/promotion/rates/start_rate?unit={grid_id}&as_of=2015-10-25"),
                Body::None,
                None,
            ),
            "POST /promotion/rates/{code}/versions" => {
                let today = chrono::Utc::now()
                    .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
                    .date_naive();
                let body = json!({"numerator": [{"reached": "started"}], "denominator": [{}], "scale": 0, "rounding": "half_up", "valid_from": (today + chrono::Duration::days(1)).to_string()});
                (
                    Method::POST,
                    "/promotion/rates/start_rate/versions".into(),
                    Body::Json(body),
                    None,
                )
            }
            "GET /households" => {
                (Method::GET, format!("/households?unit={grid_id}"), Body::None, None)
            }
            "GET /households/{id}" => {
                (Method::GET, format!("/households/{household}"), Body::None, None)
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
            other => {
                // The registry's record kinds, every one alike: /{kind}, /{kind}/{id}, …/reveal.
                let (verb, rest) = other.split_once(' ').unwrap();
                let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
                let Some(kind) = zhili::registry::domain::kinds::by_name(segments[0]) else {
                    panic!("{other} has a rule but no request: add one to Matrix::call")
                };
                let record = records[kind.name];
                let named = if kind.of_person() { "person" } else { "grid" };
                match (verb, segments.len()) {
                    ("GET", 1) => {
                        (Method::GET, format!("/{}?unit={grid_id}", kind.name), Body::None, None)
                    }
                    ("POST", 1) => {
                        let body = crate::registry_records::sample(
                            kind.name,
                            5000 + n,
                            &code,
                            &person_number,
                        );
                        (Method::POST, format!("/{}", kind.name), Body::Json(body), Some(named))
                    }
                    ("GET", 2) => {
                        (Method::GET, format!("/{}/{record}", kind.name), Body::None, None)
                    }
                    _ => (
                        Method::POST,
                        format!("/{}/{record}/reveal", kind.name),
                        Body::Json(json!({"purpose": "权限矩阵"})),
                        None,
                    ),
                }
            }
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

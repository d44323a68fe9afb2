//! Grid events and disputes: intake, the workflow, scope, rates and their rollups.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// unit, day, category, found, resolved, closed, left out, reworked.
type RollupRow = (i64, String, i64, i64, i64, i64, i64, i64);

/// A real ID number with a good check digit.
const ID: &str = "11010519491231002X";

async fn report_dispute(app: &TestApp, token: &str, grid: i64) -> Value {
    let res = app
        .send(
            Method::POST,
            token,
            "/api/v1/cases",
            json!({"category": "D01", "unit_id": grid, "description": "两户宅基地边界争议", "source": "grid",
                   "parties": [{"name": "王某", "id_number": ID, "phone": "13800000001"}, {"name": "李某", "role": "respondent"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn act(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.send(Method::POST, token, &format!("/api/v1/cases/{id}/actions"), body).await
}

#[tokio::test]
async fn a_dispute_goes_from_report_to_a_verified_resolution() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let supervisor = app.token("g001-supervisor").await;
    let grid = app.unit_of("g001-manager").await;
    let case = report_dispute(&app, &manager, grid).await;
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["state"], "reported");
    assert!(case["step_deadline"].is_string());

    for body in [
        json!({"action": "register"}),
        json!({"action": "dispatch", "unit_id": grid}),
        json!({"action": "accept"}),
        json!({"action": "feedback", "outcome": "resolved", "note": "双方各让一步，当场达成协议"}),
    ] {
        let res = act(&app, &manager, id, body.clone()).await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
    }
    // Whoever gave the feedback does not verify it; the grid's supervisor does.
    assert_eq!(error_of(act(&app, &manager, id, json!({"action": "verify"})).await, StatusCode::CONFLICT).await["code"], "conflict");
    let closed: Value = act(&app, &supervisor, id, json!({"action": "verify"})).await.json().await.unwrap();
    assert_eq!((closed["state"].as_str(), closed["outcome"].as_str()), (Some("closed"), Some("resolved")));
    let res = act(&app, &manager, id, json!({"action": "follow_up", "satisfaction": 5, "note": "回访满意"})).await;
    assert_eq!(res.status(), StatusCode::OK);

    let detail = app.get_json(&manager, &format!("/api/v1/cases/{id}")).await;
    let actions: Vec<&str> = detail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["report", "register", "dispatch", "accept", "feedback", "verify", "follow_up"]);
    assert_eq!(detail["allowed_actions"], json!(["follow_up", "reopen"]));

    let zone = app.unit_id("410871000000").await;
    let today = app.db.clock.today();
    let leader = app.token("leader").await;
    let rates = app.get_json(&leader, &format!("/api/v1/cases/rates?unit={zone}&from={today}&to={today}&category=D")).await;
    assert_eq!((rates["found"].as_i64(), rates["resolved"].as_i64()), (Some(1), Some(1)));
    assert_eq!(rates["resolution_rate"], json!({"value": 1.0, "numerator": 1, "denominator": 1, "excluded": 0}));
    assert_eq!(rates["satisfaction"]["value"], 5.0);
    let incidents = app.get_json(&leader, &format!("/api/v1/cases/rates?unit={zone}&from={today}&to={today}&category=I")).await;
    assert_eq!(incidents["found"], 0);
    let behind = app.get_json(&leader, &format!("/api/v1/cases?unit={zone}&from={today}&to={today}&measure=resolved")).await;
    assert_eq!(behind["total"], 1);
    assert_eq!(behind["items"][0]["id"], id);
}

#[tokio::test]
async fn an_illegal_transition_is_409_naming_the_allowed_ones() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let case = report_dispute(&app, &token, app.unit_of("g001-manager").await).await;
    let res = act(&app, &token, case["id"].as_i64().unwrap(), json!({"action": "verify"})).await;
    let error = error_of(res, StatusCode::CONFLICT).await;
    assert_eq!(error["code"], "not_allowed");
    assert_eq!(error["allowed"], json!(["register", "refuse", "escalate", "withdraw", "merge"]));
    assert!(error["message"].as_str().unwrap().contains("待立案"));
    let res = act(&app, &token, case["id"].as_i64().unwrap(), json!({"action": "refuse"})).await;
    assert_eq!(invalid_fields(res).await, ["note"], "a refusal needs its reason");
}

#[tokio::test]
async fn bad_reports_are_refused_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    app.get_json(&token, "/api/v1/categories").await;
    let (cases, audit) = (app.count("cases").await, app.count("audit_log").await);
    let post = |body: Value| app.send(Method::POST, &token, "/api/v1/cases", body);
    let party = |id: &str| json!([{"name": "王某", "id_number": id}]);
    assert_eq!(
        invalid_fields(post(json!({"category": "D01", "unit_id": grid, "description": "x", "parties": party("110105194912310021")})).await)
            .await,
        ["parties[0].id_number"]
    );
    assert_eq!(invalid_fields(post(json!({"category": "Z99", "unit_id": grid, "description": "x"})).await).await, ["category"]);
    assert_eq!(
        invalid_fields(post(json!({"category": "I01", "unit_id": grid, "description": "x"})).await).await,
        ["category"],
        "not a leaf"
    );
    assert_eq!(invalid_fields(post(json!({"category": "D02", "unit_id": grid, "description": "x"})).await).await, ["parties"]);
    assert_eq!(invalid_fields(post(json!({"category": "I0101", "lon": 100.0, "lat": 30.0, "description": "x"})).await).await, ["point"]);
    let other = app.unit_of("g002-manager").await;
    assert_eq!(invalid_fields(post(json!({"category": "I0101", "unit_id": other, "description": "x"})).await).await, ["unit_id"]);
    assert_eq!(invalid_fields(post(json!({"category": "I0101", "unit_id": grid, "description": ""})).await).await, ["description"]);
    let long = "号".repeat(201);
    assert_eq!(
        invalid_fields(
            post(json!({"category": "I0101", "unit_id": grid, "description": "x", "address": long, "reporter_phone": long})).await
        )
        .await,
        ["address", "reporter_phone"]
    );
    assert_eq!((app.count("cases").await, app.count("audit_log").await), (cases, audit));
}

#[tokio::test]
async fn a_point_finds_its_grid() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let grid = app.unit_id("410871100200001").await;
    let boundary: String = sqlx::query_scalar("SELECT boundary FROM units WHERE id = $1").bind(grid).fetch_one(&app.db.pool).await.unwrap();
    let b = zhili::platform::hierarchy::boundary::Boundary::from_stored(&boundary).unwrap();
    let (lon, lat) = b.label_point();
    let res = app
        .send(Method::POST, &token, "/api/v1/cases", json!({"category": "I0101", "lon": lon, "lat": lat, "description": "井盖缺失"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["unit_id"], grid);
}

#[tokio::test]
async fn id_numbers_are_masked_and_a_full_look_is_audited() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let case = report_dispute(&app, &token, app.unit_of("g001-manager").await).await;
    let id = case["id"].as_i64().unwrap();
    let detail = app.get_json(&token, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(detail["parties"][0]["id_number"], "110105********002X");
    let looks =
        || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'case.reveal_id_numbers'").fetch_one(&app.db.pool);
    assert_eq!(looks().await.unwrap(), 0);
    let full = app.get_json(&token, &format!("/api/v1/cases/{id}?reveal=true")).await;
    assert_eq!(full["parties"][0]["id_number"], ID);
    assert_eq!(looks().await.unwrap(), 1);
    // The leader may read the case but not unmask the people in it.
    let leader = app.token("leader").await;
    error_of(app.get(&leader, &format!("/api/v1/cases/{id}?reveal=true")).await, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn cases_are_seen_and_worked_within_ones_scope() {
    let app = TestApp::spawn().await;
    let mine = app.token("g001-manager").await;
    let case = report_dispute(&app, &mine, app.unit_of("g001-manager").await).await;
    let id = case["id"].as_i64().unwrap();
    let other = app.token("g002-manager").await;
    error_of(app.get(&other, &format!("/api/v1/cases/{id}")).await, StatusCode::NOT_FOUND).await;
    error_of(act(&app, &other, id, json!({"action": "register"})).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.get_json(&other, "/api/v1/cases").await["total"], 0);
    let leader = app.token("leader").await;
    assert_eq!(app.get_json(&leader, &format!("/api/v1/cases/{id}")).await["case"]["id"], id);
    error_of(act(&app, &leader, id, json!({"action": "register"})).await, StatusCode::FORBIDDEN).await;
    // The township above may work it.
    let township = app.token("wenchang").await;
    assert_eq!(act(&app, &township, id, json!({"action": "register"})).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn escalation_deferral_and_the_overdue_sweep() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let village: i64 = sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1").bind(grid).fetch_one(&app.db.pool).await.unwrap();
    let id = report_dispute(&app, &manager, grid).await["id"].as_i64().unwrap();
    act(&app, &manager, id, json!({"action": "register"})).await;
    let up: Value = act(&app, &manager, id, json!({"action": "escalate", "note": "网格调解不成，上报村里"})).await.json().await.unwrap();
    assert_eq!((up["state"].as_str(), up["handler_unit_id"].as_i64()), (Some("reported"), Some(village)));

    let township = app.token("wenchang").await;
    act(&app, &township, id, json!({"action": "register"})).await;
    let dispatched: Value = act(&app, &township, id, json!({"action": "dispatch", "unit_id": village})).await.json().await.unwrap();
    let due = dispatched["due_at"].as_str().unwrap().to_string();
    // A grid manager may not grant themselves more time; the township may.
    error_of(act(&app, &manager, id, json!({"action": "defer", "days": 5, "note": "x"})).await, StatusCode::FORBIDDEN).await;
    let deferred: Value =
        act(&app, &township, id, json!({"action": "defer", "days": 5, "note": "当事人外出务工"})).await.json().await.unwrap();
    assert!(deferred["due_at"].as_str().unwrap() > due.as_str());
    assert_eq!(deferred["deferred"], true);

    // Once the deadline has passed, the sweep flags the case once.
    let later = chrono::Utc::now() + chrono::Duration::days(120);
    assert_eq!(zhili::cases::services::sweep_overdue(&app.db, later).await.unwrap(), 1);
    assert_eq!(zhili::cases::services::sweep_overdue(&app.db, later).await.unwrap(), 0);
    let detail = app.get_json(&manager, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(detail["case"]["overdue"], true);
    assert_eq!(detail["events"].as_array().unwrap().last().unwrap()["action"], "overdue");

    // Still overdue a working day after the reminder: the township above takes it over.
    let township = app.unit_id("410871001000").await;
    assert_eq!(zhili::cases::services::escalate_overdue(&app.db, later).await.unwrap(), 1);
    let up = app.get_json(&manager, &format!("/api/v1/cases/{id}")).await;
    assert_eq!((up["case"]["handler_unit_id"].as_i64(), up["case"]["state"].as_str()), (Some(township), Some("reported")));
    let last = up["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["action"].as_str(), last["actor"].as_str()), (Some("escalate"), Some("system")));
    assert_eq!(zhili::cases::services::escalate_overdue(&app.db, later).await.unwrap(), 0, "its new step has time left");
}

#[tokio::test]
async fn rollups_equal_a_full_recomputation() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let supervisor = app.token("g001-supervisor").await;
    let grid = app.unit_of("g001-manager").await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(report_dispute(&app, &manager, grid).await["id"].as_i64().unwrap());
    }
    for (i, id) in ids.iter().enumerate() {
        let steps: Vec<Value> = match i {
            0 => vec![json!({"action": "refuse", "note": "不属于纠纷"})],
            1 => vec![json!({"action": "merge", "into": ids[0]})],
            2 => vec![json!({"action": "register"}), json!({"action": "withdraw", "note": "当事人撤回"})],
            _ => vec![
                json!({"action": "register"}),
                json!({"action": "dispatch", "unit_id": grid}),
                json!({"action": "accept"}),
                json!({"action": "feedback", "outcome": if i == 5 { "referred" } else { "resolved" }, "note": "处置完毕"}),
            ],
        };
        for body in steps {
            assert_eq!(act(&app, &manager, *id, body.clone()).await.status(), StatusCode::OK, "{body}");
        }
    }
    act(&app, &supervisor, ids[3], json!({"action": "rework", "note": "协议未签字"})).await;
    act(&app, &manager, ids[3], json!({"action": "feedback", "outcome": "resolved", "note": "补签"})).await;
    for id in &ids[3..] {
        assert_eq!(act(&app, &supervisor, *id, json!({"action": "verify"})).await.status(), StatusCode::OK);
    }
    act(&app, &manager, ids[4], json!({"action": "reopen", "note": "当事人反悔"})).await;

    let snapshot = || async {
        let rows: Vec<RollupRow> = sqlx::query_as(
            "SELECT unit_id, day, category_id, found, resolved, closed, left_out, reworked FROM case_rollups \
             WHERE found <> 0 OR resolved <> 0 OR closed <> 0 ORDER BY unit_id, day, category_id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        rows
    };
    let kept = snapshot().await;
    zhili::cases::services::recompute_rollups(&app.db).await.unwrap();
    assert_eq!(snapshot().await, kept);
    let zone = app.unit_id("410871000000").await;
    let today = app.db.clock.today();
    let leader = app.token("leader").await;
    let r = app.get_json(&leader, &format!("/api/v1/cases/rates?unit={zone}&from={today}&to={today}")).await;
    assert_eq!((r["found"].as_i64(), r["resolved"].as_i64(), r["closed"].as_i64()), (Some(6), Some(1), Some(4)));
    assert_eq!(r["resolution_rate"], json!({"value": 0.25, "numerator": 1, "denominator": 4, "excluded": 2}));
    assert_eq!(r["rework_rate"]["numerator"], 1);
}

#[tokio::test]
async fn possible_duplicates_are_offered_and_merged() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let grid = app.unit_id("410871100200001").await;
    let boundary: String = sqlx::query_scalar("SELECT boundary FROM units WHERE id = $1").bind(grid).fetch_one(&app.db.pool).await.unwrap();
    let (lon, lat) = zhili::platform::hierarchy::boundary::Boundary::from_stored(&boundary).unwrap().label_point();
    let report = |dlon: f64| {
        app.send(
            Method::POST,
            &token,
            "/api/v1/cases",
            json!({"category": "I0101", "lon": lon + dlon, "lat": lat, "description": "井盖缺失"}),
        )
    };
    let first: Value = report(0.0).await.json().await.unwrap();
    let near: Value = report(0.001).await.json().await.unwrap(); // about 90 m east
    let far: Value = report(0.01).await.json().await.unwrap(); // about 900 m east
    let found = app.get_json(&token, &format!("/api/v1/cases/{}/duplicates", near["id"])).await;
    let ids: Vec<i64> = found.as_array().unwrap().iter().map(|d| d["case"]["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first["id"].as_i64().unwrap()]);
    assert_eq!(found[0]["reason"], "nearby");
    assert!(!ids.contains(&far["id"].as_i64().unwrap()));

    // Two disputes naming the same person are offered too.
    let party = json!([{"name": "王某", "id_number": ID}]);
    let d1: Value = app
        .send(Method::POST, &token, "/api/v1/cases", json!({"category": "D02", "unit_id": grid, "description": "a", "parties": party}))
        .await
        .json()
        .await
        .unwrap();
    let d2: Value = app
        .send(Method::POST, &token, "/api/v1/cases", json!({"category": "D05", "unit_id": grid, "description": "b", "parties": party}))
        .await
        .json()
        .await
        .unwrap();
    let found = app.get_json(&token, &format!("/api/v1/cases/{}/duplicates", d2["id"])).await;
    assert_eq!(found[0]["reason"], "same_party");
    assert_eq!(found[0]["case"]["id"], d1["id"]);

    let merged: Value =
        act(&app, &token, near["id"].as_i64().unwrap(), json!({"action": "merge", "into": first["id"]})).await.json().await.unwrap();
    assert_eq!((merged["state"].as_str(), merged["outcome"].as_str()), (Some("closed"), Some("duplicate")));
    assert_eq!(merged["merged_into"], first["id"]);
}

#[tokio::test]
async fn photos_are_sniffed_kept_with_their_exif_and_served_within_scope() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let case: Value = app
        .send(Method::POST, &token, "/api/v1/cases", json!({"category": "I0101", "unit_id": grid, "description": "井盖缺失"}))
        .await
        .json()
        .await
        .unwrap();
    let id = case["id"].as_i64().unwrap();
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part("photo", reqwest::multipart::Part::bytes(bytes).file_name(name));
        app.client.post(app.url(&format!("/api/v1/cases/{id}/photos"))).bearer_auth(&token).multipart(form).send()
    };
    let res = upload("site.jpg", include_bytes!("../fixtures/photo.jpg").to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    assert_eq!((photo["content_type"].as_str(), photo["taken_at"].as_str()), (Some("image/jpeg"), Some("2015-09-15 09:20:00")));
    assert!((photo["lat"].as_f64().unwrap() - 35.16).abs() < 1e-6);
    // A file that only calls itself a photo is refused by its bytes.
    let res = upload("fake.jpg", b"%PDF-1.7 a document".to_vec()).await.unwrap();
    assert_eq!(invalid_fields(res).await, ["photo"]);

    let res = app.get(&token, &format!("/api/v1/photos/{}", photo["id"])).await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().as_ref(), include_bytes!("../fixtures/photo.jpg"));
    let other = app.token("g002-manager").await;
    error_of(app.get(&other, &format!("/api/v1/photos/{}", photo["id"])).await, StatusCode::NOT_FOUND).await;
    let listed = app.get_json(&token, &format!("/api/v1/cases/{id}/photos")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let detail = app.get_json(&token, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(detail["events"].as_array().unwrap().last().unwrap()["action"], "photo");
}

#[tokio::test]
async fn concurrent_reports_share_commits_and_every_one_lands() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let grid = app.unit_id("410871100200001").await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/cases"), token.clone());
        tasks.push(tokio::spawn(async move {
            let body = json!({"category": "I0301", "unit_id": grid, "description": format!("垃圾堆放 {i}")});
            let res = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap()["id"].as_i64())
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        let (status, id) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        ids.push(id.unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60);
    assert_eq!(app.count("cases").await, 60);
    assert_eq!(zhili::platform::audit::verify(&app.db).await.unwrap().broken, None);
    let township = app.unit_id("410871100000").await;
    let today = app.db.clock.today();
    let r = app.get_json(&token, &format!("/api/v1/cases/rates?unit={township}&from={today}&to={today}")).await;
    assert_eq!(r["found"], 60);
}

#[tokio::test]
async fn the_case_map_draws_each_case_in_its_grid_by_status() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    for _ in 0..3 {
        app.send(Method::POST, &token, "/api/v1/cases", json!({"category": "I0301", "unit_id": grid, "description": "垃圾"})).await;
    }
    let session = crate::pages::page_login(&app, "g001-manager").await;
    let res = app.client.get(app.url("/cases/map")).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert_eq!(html.matches("<circle class=\"marker open\"").count(), 3);
    assert!(html.contains("href=\"/cases/1\""));
}

#[tokio::test]
async fn a_suspension_stops_the_clock_and_resuming_gives_the_time_back() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let id = report_dispute(&app, &manager, grid).await["id"].as_i64().unwrap();
    for step in [json!({"action": "register"}), json!({"action": "dispatch", "unit_id": grid}), json!({"action": "accept"})] {
        act(&app, &manager, id, step).await;
    }
    let before = app.get_json(&manager, &format!("/api/v1/cases/{id}")).await["case"].clone();
    // Only the level above may stop the clock.
    error_of(act(&app, &manager, id, json!({"action": "suspend", "note": "x"})).await, StatusCode::FORBIDDEN).await;
    let township_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'wenchang'").fetch_one(&app.db.pool).await.unwrap();
    let township = zhili::platform::access::actor::Actor::load(&app.db, township_id).await.unwrap().unwrap();
    let t0 = chrono::Utc::now();
    let input = |action: &str, at| zhili::cases::services::ActionInput {
        action: action.into(),
        note: "当事人住院".into(),
        at: Some(at),
        ..Default::default()
    };
    let paused = zhili::cases::services::act(&app.db, &township, id, input("suspend", t0)).await.unwrap();
    assert_eq!((paused.state.as_str(), paused.step_deadline.as_deref()), ("suspended", None));
    // Suspended cases are never overdue, however long they wait.
    assert_eq!(zhili::cases::services::sweep_overdue(&app.db, t0 + chrono::Duration::days(400)).await.unwrap(), 0);
    let resumed = zhili::cases::services::act(&app.db, &township, id, input("resume", t0 + chrono::Duration::days(60))).await.unwrap();
    assert_eq!(resumed.state, "handling");
    let due_before = chrono::DateTime::parse_from_rfc3339(before["due_at"].as_str().unwrap()).unwrap();
    let due_after = chrono::DateTime::parse_from_rfc3339(resumed.due_at.as_deref().unwrap()).unwrap();
    let moved = due_after - due_before;
    assert!(moved > chrono::Duration::days(55) && moved < chrono::Duration::days(70), "the due time moved by the pause: {moved}");
    assert_eq!(resumed.deferred, 1, "a suspended case leaves the on-time rate");
}

#[tokio::test]
async fn a_dispatch_naming_no_target_goes_to_the_catalogues_responsible_department() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let res = app
        .send(
            Method::POST,
            &manager,
            "/api/v1/cases",
            json!({"category": "D05", "unit_id": grid, "description": "工地拖欠三名村民工资", "source": "grid", "parties": [{"name": "张某"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let detail = app.get_json(&manager, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(detail["responsible_department"]["kind"], "human_resources");
    let labour = detail["responsible_department"]["id"].as_i64().unwrap();
    assert_eq!(act(&app, &manager, id, json!({"action": "register"})).await.status(), StatusCode::OK);
    // The page's dispatch form offers that department first.
    let session = crate::pages::page_login(&app, "g001-manager").await;
    let html = app.client.get(app.url(&format!("/cases/{id}"))).header("cookie", &session).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("<option value=\"{labour}\" selected>人力资源和社会保障局</option>")), "{html}");
    // Both targets at once is refused by field; neither sends it where the catalogue says.
    let both = act(&app, &manager, id, json!({"action": "dispatch", "unit_id": grid, "department_id": labour})).await;
    assert_eq!(invalid_fields(both).await, ["unit_id"]);
    let dispatched: Value = act(&app, &manager, id, json!({"action": "dispatch"})).await.json().await.unwrap();
    assert_eq!((dispatched["state"].as_str(), dispatched["department_id"].as_i64()), (Some("dispatched"), Some(labour)));
    // The department's staff now work it.
    let department = app.token("human_resources").await;
    assert_eq!(act(&app, &department, id, json!({"action": "accept"})).await.status(), StatusCode::OK);

    // A homestead dispute has no responsible department: the grid mediates it, so a dispatch
    // must name where it goes.
    let homestead = report_dispute(&app, &manager, grid).await["id"].as_i64().unwrap();
    assert!(app.get_json(&manager, &format!("/api/v1/cases/{homestead}")).await["responsible_department"].is_null());
    assert_eq!(act(&app, &manager, homestead, json!({"action": "register"})).await.status(), StatusCode::OK);
    assert_eq!(invalid_fields(act(&app, &manager, homestead, json!({"action": "dispatch"})).await).await, ["unit_id"]);
}

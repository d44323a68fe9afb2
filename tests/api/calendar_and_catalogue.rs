//! The versioned catalogue and the editable calendar.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn publish(app: &TestApp, session: &str, sheet: Vec<u8>) -> reqwest::Response {
    let csrf = crate::kit::session::page_csrf(app, session, "/admin/catalogue").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("note", "宅基地纠纷调解时限缩短为 10 个工作日")
        .part("file", reqwest::multipart::Part::bytes(sheet).file_name("catalogue.xlsx"));
    app.client
        .post(app.url("/admin/catalogue"))
        .header("cookie", session)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_catalogue_goes_out_to_excel_and_back_as_a_new_version_and_old_cases_keep_theirs() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D01", "unit_id": grid, "description": "x", "parties": [{"name": "甲"}]});
    let before: Value =
        app.send(Method::POST, &token, "/api/v1/cases", body.clone()).await.json().await.unwrap();

    let session = crate::pages::page_login(&app, "admin").await;
    let xlsx = app
        .client
        .get(app.url("/admin/catalogue.xlsx"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut rows = zhili::platform::sheet::read_rows(&xlsx).unwrap();
    let d01 = rows.iter_mut().find(|r| r[0] == "D01").unwrap();
    d01[8] = "10d".into();
    let header = rows[0].clone();
    let sheet = zhili::platform::sheet::xlsx("catalogue", &header, &rows[1..]).unwrap();
    let res = publish(&app, &session, sheet).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let cats = app.get_json(&token, "/api/v1/categories").await;
    let d01 = cats.as_array().unwrap().iter().find(|c| c["code"] == "D01").unwrap();
    assert_eq!(d01["limits"][2], "10d");
    let after: Value =
        app.send(Method::POST, &token, "/api/v1/cases", body).await.json().await.unwrap();
    let category_of = |id: &Value| {
        let id = id.as_i64().unwrap();
        sqlx::query_scalar::<_, i64>("SELECT category_id FROM cases WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
    };
    assert_ne!(
        category_of(&before["id"]).await.unwrap(),
        category_of(&after["id"]).await.unwrap(),
        "each case keeps its version"
    );
}

#[tokio::test]
async fn a_bad_catalogue_sheet_publishes_nothing_and_names_its_rows() {
    let app = TestApp::spawn().await;
    let session = crate::pages::page_login(&app, "admin").await;
    app.client.get(app.url("/admin/catalogue")).header("cookie", &session).send().await.unwrap();
    let versions = app.count("catalogue_versions").await;
    let header: Vec<String> =
        zhili::cases::domain::category::HEADER.iter().map(|h| h.to_string()).collect();
    let rows = vec![
        ["D", "dispute", "纠纷", "", "0", "", "1d", "1d", "22d", "2d", "", ""]
            .map(String::from)
            .to_vec(),
        ["D01", "dispute", "宅基地", "", "0", "", "1d", "1d", "三天", "2d", "", ""]
            .map(String::from)
            .to_vec(),
    ];
    let res =
        publish(&app, &session, zhili::platform::sheet::xlsx("catalogue", &header, &rows).unwrap())
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("row 3: handle_limit"));
    assert_eq!(app.count("catalogue_versions").await, versions);
}

#[tokio::test]
async fn admins_set_calendar_days_and_deadlines_follow() {
    let app = TestApp::spawn().await;
    let admin = app.token("admin").await;
    let res = app
        .send(
            Method::PUT,
            &admin,
            "/api/v1/calendar/2026-12-01",
            json!({"kind": "off", "name": "测试假日"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let days = app.get_json(&admin, "/api/v1/calendar?year=2026").await;
    assert!(
        days.as_array().unwrap().iter().any(|d| d["day"] == "2026-12-01" && d["kind"] == "off")
    );
    assert!(
        days.as_array().unwrap().iter().any(|d| d["day"] == "2026-10-01"),
        "the shipped days are kept"
    );
    // A year no date can hold is an empty year, not a failure (found by fuzzing).
    assert_eq!(app.get_json(&admin, "/api/v1/calendar?year=300000").await, json!([]));
    let cal = zhili::platform::calendar::services::calendar(&app.db).await.unwrap();
    assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
    let leader = app.token("leader").await;
    error_of(
        app.send(
            Method::PUT,
            &leader,
            "/api/v1/calendar/2026-12-02",
            json!({"kind": "off", "name": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let res = app
        .send(
            Method::PUT,
            &admin,
            "/api/v1/calendar/2026-12-02",
            json!({"kind": "holiday", "name": "x"}),
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["kind"]);
}

#[tokio::test]
async fn a_catalogue_published_by_another_server_reaches_intake_at_once() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "I0602", "unit_id": grid, "description": "夜间施工噪声"});
    assert_eq!(
        app.send(Method::POST, &token, "/api/v1/cases", body.clone()).await.status(),
        StatusCode::CREATED
    );
    // Another process publishes a catalogue without noise nuisances; this server's intake,
    // which keeps the catalogue in memory, learns of it through the cache epoch.
    let elsewhere =
        zhili::platform::db::Db::connect(&app.database_url, zhili::CAPABILITIES).await.unwrap();
    let zone = app.unit_id("410871000000").await;
    let (_, all) = zhili::cases::services::catalogue::current(&elsewhere, zone).await.unwrap();
    let header: Vec<String> =
        zhili::cases::domain::category::HEADER.iter().map(|h| h.to_string()).collect();
    let rows: Vec<Vec<String>> = std::iter::once(header)
        .chain(
            all.iter()
                .filter(|c| c.code != "I0602")
                .filter_map(|c| c.category())
                .map(|c| c.to_row().to_vec()),
        )
        .collect();
    zhili::cases::services::catalogue::publish(
        &elsewhere,
        &zhili::platform::access::actor::Actor::system(),
        zone,
        &rows,
        "噪声扰民划归环保",
    )
    .await
    .unwrap();
    let published = std::time::Instant::now();
    loop {
        let res = app.send(Method::POST, &token, "/api/v1/cases", body.clone()).await;
        if res.status() == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(invalid_fields(res).await, ["category"]);
            break;
        }
        assert!(
            published.elapsed() < std::time::Duration::from_secs(3),
            "intake still took the old catalogue"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

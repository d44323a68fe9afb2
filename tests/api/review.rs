//! Holes found by attacking the hardened server as a stranger would: each the same class of
//! defect as one issue 9 closed, on a route the shared mechanism had missed.

use crate::helpers::TestApp;

use crate::helpers::invalid_fields;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn an_open311_page_out_of_range_or_not_a_number_is_refused_not_guessed_or_a_500() {
    let app = TestApp::spawn().await;
    for query in [
        "page=9223372036854775807",
        "page=0",
        "page=abc",
        "page=1000001",
        "page_size=0",
        "page_size=1001",
        "page_size=x",
    ] {
        let res = app
            .client
            .get(app.url(&format!("/open311/v2/requests.json?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        let errors: serde_json::Value = res.json().await.unwrap();
        assert_eq!(errors[0]["code"], 400, "{query}: {errors}");
    }
    let res = app
        .client
        .get(app.url("/open311/v2/requests.json?page=2&page_size=1000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// A point inside 宁郭村's first grid, as Open311's `lat` and `long`.
async fn point(app: &TestApp) -> (String, String) {
    let boundary: String =
        sqlx::query_scalar("SELECT boundary FROM units WHERE code = '410871100200001'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let (lon, lat) = zhili::platform::hierarchy::boundary::Boundary::from_stored(&boundary)
        .unwrap()
        .label_point();
    (lat.to_string(), lon.to_string())
}

#[tokio::test]
async fn text_that_is_not_utf8_is_refused_by_the_public_form_and_open311_not_stored_as_replacement_characters()
 {
    let app = TestApp::spawn().await;
    let key = zhili::cases::services::open311::add_key(
        &app.db,
        &zhili::platform::access::actor::Actor::system(),
        "FixMyStreet",
    )
    .await
    .unwrap()
    .1;
    let (lat, lon) = point(&app).await;
    let before = app.count("cases").await;

    // The public report page: a multipart form whose description is not UTF-8.
    let res = app.client.get(app.url("/report")).send().await.unwrap();
    let cookie =
        res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    let csrf =
        html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let form = Form::new()
        .text("csrf", csrf)
        .text("service_code", "I0102")
        .text("address", "宁郭村口")
        .part("description", Part::bytes(b"\xff\xfe lamp".to_vec()));
    let res = app
        .client
        .post(app.url("/report"))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("UTF-8"));

    // Open311, form-encoded and multipart.
    let body =
        format!("api_key={key}&service_code=I0101&lat={lat}&long={lon}&description=%FF%FE+lamp");
    let res = app
        .client
        .post(app.url("/open311/v2/requests.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("description"));
    let form = Form::new()
        .text("api_key", key.clone())
        .text("service_code", "I0101")
        .text("lat", lat.clone())
        .text("long", lon.clone())
        .part("description", Part::bytes(b"\xff\xfe lamp".to_vec()));
    let res =
        app.client.post(app.url("/open311/v2/requests.json")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("description"));
    assert_eq!(app.count("cases").await, before, "nothing written");
}

async fn dispute(app: &TestApp, token: &str) -> i64 {
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D02", "unit_id": grid, "description": "邻里因排水争执",
        "parties": [{"name": "赵某"}, {"name": "钱某", "role": "respondent"}]});
    let case: Value =
        app.send(Method::POST, token, "/api/v1/cases", body).await.json().await.unwrap();
    let id = case["id"].as_i64().unwrap();
    for step in [
        json!({"action": "register"}),
        json!({"action": "dispatch", "unit_id": grid}),
        json!({"action": "accept"}),
    ] {
        app.send(Method::POST, token, &format!("/api/v1/cases/{id}/actions"), step).await;
    }
    id
}

#[tokio::test]
async fn a_mediation_session_with_an_unknown_field_or_a_committee_out_of_bounds_is_refused_not_cut_or_kept()
 {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let id = dispute(&app, &token).await;
    let session = json!({"held_on": "2026-11-27", "place": "村委会调解室", "summary": "双方陈述", "mediatr": "别人"});
    let res = app
        .send(Method::POST, &token, &format!("/api/v1/cases/{id}/mediation/sessions"), session)
        .await;
    assert_eq!(invalid_fields(res).await, ["mediatr"]);
    assert_eq!(app.count("mediation_sessions").await, 0);
    for committee in ["调解委员会\u{1}", &"很长的委员会名称".repeat(10)] {
        let agreement = json!({"facts": "因排水争执。", "obligations": "改造排水管道。", "performance": "自行施工。",
            "performance_due": "2026-12-10", "signed_on": "2026-11-27", "signed_by_all": true, "committee": committee});
        let res = app
            .send(
                Method::PUT,
                &token,
                &format!("/api/v1/cases/{id}/mediation/agreement"),
                agreement,
            )
            .await;
        assert_eq!(invalid_fields(res).await, ["committee"], "{committee}");
    }
    assert_eq!(app.count("agreements").await, 0);
}

#[tokio::test]
async fn a_page_of_users_with_their_phones_read_over_the_api_or_the_admin_page_is_audited_like_the_workbook()
 {
    let app = TestApp::spawn().await;
    let token = app.token("leader").await;
    let zone = app.unit_of("leader").await;
    let res = app.get(&token, "/api/v1/users?page_size=500&page=2").await;
    assert_eq!(res.status(), StatusCode::OK);
    let rows = res.json::<Value>().await.unwrap()["items"].as_array().unwrap().len();
    assert!(rows > 0 && rows <= 500);
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT actor_name, object, detail FROM audit_log WHERE action = 'users.list' ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&app.db.pool)
            .await
            .unwrap();
    let (actor, object, detail) = row.expect("a page of phones read over the API is audited");
    assert_eq!((actor.as_str(), object.as_str()), ("leader", format!("unit:{zone}").as_str()));
    assert_eq!(
        serde_json::from_str::<Value>(&detail).unwrap(),
        json!({"unit_id": zone, "page": 2, "rows": rows})
    );

    let session = crate::pages::page_login(&app, "admin").await;
    let res =
        app.client.get(app.url("/admin/users")).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let by: Vec<String> = sqlx::query_scalar(
        "SELECT actor_name FROM audit_log WHERE action = 'users.list' ORDER BY seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(by, ["leader", "admin"]);
}

#[tokio::test]
async fn a_catalogues_text_a_calendar_days_name_and_a_publishing_note_are_bounded_and_hold_no_control_character()
 {
    let app = TestApp::spawn().await;
    let zone = app.unit_id("410871000000").await;
    let system = zhili::platform::access::actor::Actor::system();
    let sheet = |edit: &dyn Fn(&mut Vec<String>)| {
        let mut rows = vec![
            zhili::cases::domain::category::HEADER
                .iter()
                .map(|h| h.to_string())
                .collect::<Vec<_>>(),
        ];
        for c in zhili::cases::domain::category::builtin() {
            let mut row = c.to_row().to_vec();
            if c.code == "I0102" {
                edit(&mut row);
            }
            rows.push(row);
        }
        rows
    };
    // A name past what a spreadsheet cell holds would make every later workbook export a 500.
    let long = "路灯".repeat(20_000);
    for (column, text) in [
        (2, long.as_str()),
        (2, "路灯\u{1b}"),
        (3, long.as_str()),
        (10, long.as_str()),
        (11, "\u{0}"),
    ] {
        let rows = sheet(&|row| row[column] = text.to_string());
        match zhili::cases::services::catalogue::publish(&app.db, &system, zone, &rows, "").await {
            Err(zhili::platform::service::AppError::Invalid(fields)) => {
                assert_eq!(
                    fields[0].field,
                    format!("row 5: {}", zhili::cases::domain::category::HEADER[column]),
                    "{column}"
                )
            }
            other => panic!("column {column} taken: {:?}", other.map(|_| ())),
        }
    }
    let rows = sheet(&|_| {});
    let refused = zhili::cases::services::catalogue::publish(
        &app.db,
        &system,
        zone,
        &rows,
        &"说明".repeat(1000),
    )
    .await;
    assert!(
        matches!(refused, Err(zhili::platform::service::AppError::Invalid(ref f)) if f[0].field == "note"),
        "{refused:?}"
    );

    let token = app.token("admin").await;
    for name in ["元旦\u{7}".to_string(), "元旦".repeat(100)] {
        let res = app
            .send(
                Method::PUT,
                &token,
                "/api/v1/calendar/2027-01-01",
                json!({"kind": "off", "name": name}),
            )
            .await;
        assert_eq!(invalid_fields(res).await, ["name"]);
    }
}

#[tokio::test]
async fn what_axum_refuses_on_a_page_is_the_error_page_in_the_readers_language_not_english_text() {
    let app = TestApp::spawn().await;
    let session = crate::pages::page_login(&app, "admin").await;
    for path in
        ["/cases/abc", "/units/x", "/admin/users?unit=abc", "/cases?page=abc", "/no-such-page"]
    {
        let res = app.client.get(app.url(path)).header("cookie", &session).send().await.unwrap();
        assert!(res.status().is_client_error(), "{path}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("<html lang=\"zh-CN\"")
                && !html.contains("Cannot parse")
                && !html.contains("deserialize"),
            "{path}: {html}"
        );
    }
    // The public form, anonymous, with a body that is not the multipart it claims.
    let res = app
        .client
        .post(app.url("/report"))
        .header("content-type", "multipart/form-data")
        .body("zz")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("无法识别这个请求") && !html.contains("boundary"), "{html}");
    // Open311 keeps its own shape.
    let res = app.client.get(app.url("/open311/v2/requests/abc.xml")).send().await.unwrap();
    assert!(res.text().await.unwrap().contains("<errors>"));
}

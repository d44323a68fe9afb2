//! Input a route cannot take as it stands is refused, naming the field and its rule, and writes
//! nothing: nothing is cut short, guessed or replaced.

use crate::helpers::TestApp;

use crate::helpers::invalid_fields;
use crate::pages::page_login;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Logs in over the API and on a page, and publishes the default catalogue (done on first use):
/// what is written before the refusals begin.
async fn ready(app: &TestApp, username: &str) -> (String, String) {
    let token = app.token(username).await;
    app.get_json(&token, "/api/v1/categories").await;
    (token, page_login(app, username).await)
}

/// The rows a refused request must leave as they were.
async fn written(app: &TestApp) -> [i64; 5] {
    let mut counts = [0; 5];
    for (i, table) in ["cases", "case_events", "case_parties", "calendar_days"].iter().enumerate() {
        counts[i] = app.count(table).await;
    }
    // Logging in is audited too; what a refusal must not add is anything else.
    counts[4] = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'auth.%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    counts
}

async fn incident(app: &TestApp, token: &str) -> i64 {
    let grid = app.unit_of("g001-manager").await;
    let res = app
        .send(
            Method::POST,
            token,
            "/api/v1/cases",
            json!({"category": "I0301", "unit_id": grid, "description": "路灯不亮"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_report_over_a_bound_or_naming_a_public_channel_is_refused_whole() {
    let app = TestApp::spawn().await;
    let (token, _) = ready(&app, "admin").await;
    let grid = app.unit_of("g001-manager").await;
    let before = written(&app).await;
    let post = |body: Value| app.send(Method::POST, &token, "/api/v1/cases", body);
    let title = "题".repeat(1 << 20);
    let res =
        post(json!({"category": "I0301", "unit_id": grid, "description": "x", "title": title}))
            .await;
    assert_eq!(
        invalid_fields(res).await,
        ["title"],
        "a 1 MB title is refused, not cut to 100 characters"
    );
    let parties: Vec<Value> = (0..20_000).map(|i| json!({"name": format!("某{i}")})).collect();
    let res =
        post(json!({"category": "D01", "unit_id": grid, "description": "x", "parties": parties}))
            .await;
    assert_eq!(invalid_fields(res).await, ["parties"]);
    for channel in ["public", "hotline"] {
        let res = post(
            json!({"category": "I0301", "unit_id": grid, "description": "x", "source": channel}),
        )
        .await;
        assert_eq!(
            invalid_fields(res).await,
            ["source"],
            "staff may not claim the {channel} channel"
        );
    }
    let res =
        post(json!({"category": "I0301", "unit_id": grid, "description": "x", "urgent": true}))
            .await;
    assert_eq!(invalid_fields(res).await, ["urgent"]);
    assert_eq!(written(&app).await, before);
    for channel in ["grid", "api"] {
        let res = post(
            json!({"category": "I0301", "unit_id": grid, "description": "x", "source": channel}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{channel}");
    }
}

#[tokio::test]
async fn control_characters_in_a_note_and_bytes_that_are_not_utf8_in_a_form_are_refused() {
    let app = TestApp::spawn().await;
    let (token, session) = ready(&app, "admin").await;
    let id = incident(&app, &token).await;
    let before = written(&app).await;
    for note in ["a\u{0}b", "\u{1b}[31mred"] {
        let res = app
            .send(
                Method::POST,
                &token,
                &format!("/api/v1/cases/{id}/actions"),
                json!({"action": "register", "note": note}),
            )
            .await;
        assert_eq!(invalid_fields(res).await, ["note"], "{note:?}");
    }
    let html = crate::kit::session::page_html(&app, &session, &format!("/cases/{id}")).await;
    let csrf =
        html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let body = format!("csrf={csrf}&action=register&note=%FF%FEbad");
    let res = app
        .client
        .post(app.url(&format!("/cases/{id}/act")))
        .header("cookie", &session)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("UTF-8"), "the page says why");
    assert_eq!(written(&app).await, before, "no U+FFFD was stored in place of the bytes");
}

#[tokio::test]
async fn days_outside_the_rule_are_refused_wherever_a_day_is_named() {
    let app = TestApp::spawn().await;
    let (token, _) = ready(&app, "admin").await;
    let (_, session) = ready(&app, "leader").await;
    let zone = app.unit_of("leader").await;
    let before = written(&app).await;
    for day in ["0001-01-01", "9999-12-31", "26-1-1", "2026-1-01", "garbage"] {
        let list = app.get(&token, &format!("/api/v1/cases?unit={zone}&from={day}")).await;
        assert_eq!(invalid_fields(list).await, ["from"], "{day}");
        let rates = app
            .get(&token, &format!("/api/v1/cases/rates?unit={zone}&from=2026-01-01&to={day}"))
            .await;
        assert_eq!(invalid_fields(rates).await, ["to"], "{day}");
        let set = app
            .send(
                Method::PUT,
                &token,
                &format!("/api/v1/calendar/{day}"),
                json!({"kind": "off", "name": "假"}),
            )
            .await;
        assert_eq!(invalid_fields(set).await, ["day"], "{day}");
    }
    for path in ["/dashboard?from=garbage", "/dashboard?to=26-1-1", "/cases?from=9999-12-31"] {
        let res = app.client.get(app.url(path)).header("cookie", &session).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(res.text().await.unwrap().contains("2100-12-31"), "{path}: the page says the rule");
    }
    assert_eq!(written(&app).await, before);
    let res = app
        .get(&token, &format!("/api/v1/cases/rates?unit={zone}&from=2026-01-01&to=2026-12-31"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_page_past_the_last_is_refused_not_read_as_the_first() {
    let app = TestApp::spawn().await;
    let (token, session) = ready(&app, "admin").await;
    let zone = app.unit_of("leader").await;
    let before = written(&app).await;
    for path in [
        format!("/api/v1/cases?unit={zone}&page=9223372036854775807"),
        format!("/api/v1/users?unit={zone}&page=1000001"),
    ] {
        assert_eq!(invalid_fields(app.get(&token, &path).await).await, ["page"], "{path}");
    }
    for path in ["/cases?page=9223372036854775807", "/cases?page=0"] {
        let res = app.client.get(app.url(path)).header("cookie", &session).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn a_change_with_a_field_the_route_does_not_take_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'g001-manager'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let audit = app.count("audit_log").await;
    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/users/{id}"),
            json!({"disabled": true, "role": "admin"}),
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["role"]);
    let disabled: i64 = sqlx::query_scalar("SELECT disabled FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        (disabled, app.count("audit_log").await),
        (0, audit),
        "the account was not disabled"
    );
}

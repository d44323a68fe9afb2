//! What the public views show: a public report by its token (the status page) or as a request
//! (Open311), never what staff, the hotline or the API reported, unless the category publishes
//! every report.

use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A street light out reported by grid staff in their grid (a public category).
async fn staff_report(app: &TestApp) -> i64 {
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "I0102", "unit_id": grid, "description": "巡查发现路灯不亮", "source": "grid"});
    let res = app.send(Method::POST, &token, "/api/v1/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// A report through Open311: its number and its token.
async fn open311_report(app: &TestApp) -> (String, String) {
    let key = zhili::cases::services::open311::add_key(
        &app.db,
        &zhili::platform::access::actor::Actor::system(),
        "城市App",
    )
    .await
    .unwrap()
    .1;
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "I0102"),
        ("address_string", "宁郭村口"),
        ("description", "路灯不亮"),
    ];
    let answer: Value = app
        .client
        .post(app.url("/open311/v2/requests.json"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        answer[0]["service_request_id"].as_str().unwrap().to_string(),
        answer[0]["token"].as_str().unwrap().to_string(),
    )
}

async fn listed(app: &TestApp) -> Vec<String> {
    let list: Value = app.public_json("/open311/v2/requests.json?service_code=I0102").await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_string())
        .collect()
}

async fn status(app: &TestApp, path: &str) -> StatusCode {
    app.client.get(app.url(path)).send().await.unwrap().status()
}

#[tokio::test]
async fn staff_cases_are_not_public_and_a_public_report_is_by_its_token() {
    let app = TestApp::spawn().await;
    let staff = staff_report(&app).await;
    let (public, token) = open311_report(&app).await;
    assert_eq!(status(&app, &format!("/report/{staff}")).await, StatusCode::NOT_FOUND);
    assert_eq!(
        status(&app, &format!("/open311/v2/requests/{staff}.json")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        listed(&app).await,
        vec![public.clone()],
        "only the public channel's report is listed"
    );
    assert_eq!(
        status(&app, &format!("/report/{public}")).await,
        StatusCode::NOT_FOUND,
        "a number opens no status page"
    );
    assert_eq!(status(&app, &format!("/report/{token}")).await, StatusCode::OK);
    assert_eq!(status(&app, &format!("/report/{}", "0".repeat(32))).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&app, &format!("/open311/v2/requests/{public}.json")).await, StatusCode::OK);
}

#[tokio::test]
async fn a_category_that_publishes_every_report_shows_staff_cases_too() {
    let app = TestApp::spawn().await;
    let staff = staff_report(&app).await;
    let zone = app.unit_id("410871000000").await;
    let mut rows = vec![
        zhili::cases::domain::category::HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ];
    for mut c in zhili::cases::domain::category::builtin() {
        c.publish_all = c.code == "I0102";
        rows.push(c.to_row().to_vec());
    }
    zhili::cases::services::catalogue::publish(
        &app.db,
        &zhili::platform::access::actor::Actor::system(),
        zone,
        &rows,
        "路灯公开",
    )
    .await
    .unwrap();
    assert_eq!(listed(&app).await, vec![staff.to_string()]);
    assert_eq!(status(&app, &format!("/open311/v2/requests/{staff}.json")).await, StatusCode::OK);
    // The catalogue sheet carries the setting out and back.
    let sheet =
        zhili::cases::domain::category::builtin().into_iter().find(|c| c.code == "I0102").unwrap();
    assert_eq!(sheet.to_row()[12], "0", "off by default");
}

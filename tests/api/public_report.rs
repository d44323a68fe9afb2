//! The public report form: anyone reports without an account, bad input writes nothing, and the
//! status page shows where the report stands without anyone's personal details.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// Opens the form: its CSRF token and the cookie that must come back with it.
async fn open_form(app: &TestApp) -> (String, String) {
    let res = app.client.get(app.url("/report")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    assert!(html.contains("路灯不亮"), "public categories are offered");
    assert!(!html.contains("宅基地纠纷"), "disputes are not public categories");
    let csrf = html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (csrf, cookie)
}

fn form(csrf: &str, fields: &[(&str, &str)]) -> Form {
    let mut form = Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form
}

async fn post(app: &TestApp, cookie: &str, form: Form) -> reqwest::Response {
    app.client.post(app.url("/report")).header("cookie", cookie).multipart(form).send().await.unwrap()
}

async fn cases(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn anyone_reports_with_a_photo_and_follows_it_by_its_number() {
    let app = TestApp::spawn().await;
    let before = cases(&app).await;
    let village: i64 = sqlx::query_scalar("SELECT id FROM units WHERE name = '宁郭村'").fetch_one(&app.db.pool).await.unwrap();
    let (csrf, cookie) = open_form(&app).await;

    // Without the form's token: refused.
    let res = post(&app, "", form(&csrf, &[("service_code", "I0102"), ("description", "路灯不亮"), ("address", "宁郭村口")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A file that is not an image: named, nothing written, what was typed comes back.
    let bad = form(&csrf, &[("service_code", "I0102"), ("description", "村口路灯不亮"), ("address", "宁郭村口")])
        .part("photo", Part::bytes(b"not an image".to_vec()).file_name("x.jpg"));
    let res = post(&app, &cookie, bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("村口路灯不亮") && html.contains("宁郭村口"), "what was typed comes back");
    assert_eq!(cases(&app).await, before);
    // No place at all, or a phone number no phone has.
    let res = post(&app, &cookie, form(&csrf, &[("service_code", "I0102"), ("description", "村口路灯不亮")])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("请选择村或社区、填写地址或使用定位"));
    let long = "1".repeat(40);
    let res = post(
        &app,
        &cookie,
        form(&csrf, &[("service_code", "I0102"), ("description", "x"), ("address", "村口"), ("reporter_phone", &long)]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("最多 32 个字"));
    assert_eq!(cases(&app).await, before);
    // A category the public cannot use.
    let res = post(&app, &cookie, form(&csrf, &[("service_code", "D01"), ("description", "x"), ("unit_id", &village.to_string())])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cases(&app).await, before);

    let photo = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/photo.jpg")).unwrap();
    let good = form(
        &csrf,
        &[
            ("service_code", "I0102"),
            ("description", "村口路灯连续三晚不亮"),
            ("unit_id", &village.to_string()),
            ("reporter_name", "王大妈"),
            ("reporter_phone", "13900000000"),
        ],
    )
    .part("photo", Part::bytes(photo).file_name("lamp.jpg"));
    let res = post(&app, &cookie, good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let token = location.trim_start_matches("/report/").split('?').next().unwrap().to_string();
    assert!(token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()), "128 random bits: {token}");
    let digest = zhili::platform::audit::sha256_hex(&token);
    let id: i64 =
        sqlx::query_scalar("SELECT case_id FROM case_tokens WHERE digest = $1").bind(&digest).fetch_one(&app.db.pool).await.unwrap();
    let (unit, source, reporter): (i64, String, String) =
        sqlx::query_as("SELECT unit_id, source, reporter_phone FROM cases WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((unit, source.as_str(), reporter.as_str()), (village, "public", "13900000000"));
    let photos: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM case_photos WHERE case_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(photos, 1);

    // The status page needs no account and shows no one's details.
    let html = app.client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("已受理"));
    assert!(html.contains(&format!("#{id}")) && html.contains("路灯不亮") && html.contains("待立案"), "{html}");
    assert!(!html.contains("王大妈") && !html.contains("13900000000"));
    assert!(html.contains(&token), "the token is shown to keep");
    // Its number opens nothing: only the token does.
    assert_eq!(app.client.get(app.url(&format!("/report/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_case_outside_the_public_categories_has_no_public_page() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = serde_json::json!({"category": "D01", "unit_id": grid, "description": "宅基地边界", "parties": [{"name": "甲"}]});
    let id = app.send(reqwest::Method::POST, &token, "/api/v1/cases", body).await.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(app.client.get(app.url(&format!("/report/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

//! The public report form: anyone reports without an account, bad input writes nothing, and the
//! status page shows where the report stands without anyone's personal details.

use crate::helpers::TestApp;
use crate::kit::demo::NINGGUO_VILLAGE;
use crate::kit::{PartyIn, Report};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

fn form(csrf: &str, fields: &[(&str, &str)]) -> Form {
    let mut form = Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form
}

#[tokio::test]
async fn anyone_reports_with_a_photo_and_follows_it_by_its_number() {
    let app = TestApp::spawn().await;
    let before = app.count("cases").await;
    let village = app.unit_named(NINGGUO_VILLAGE).await;
    let public = app.public();
    let opened = public.open_report_form().await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(opened.html.contains("路灯不亮"), "public categories are offered");
    assert!(!opened.html.contains("宅基地纠纷"), "disputes are not public categories");
    let (csrf, cookie) = (opened.csrf, opened.cookie);

    // Without the form's token: refused.
    let res = public
        .send_report(
            "",
            form(
                &csrf,
                &[("service_code", "I0102"), ("description", "路灯不亮"), ("address", "宁郭村口")],
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A file that is not an image: named, nothing written, what was typed comes back.
    let bad = form(
        &csrf,
        &[("service_code", "I0102"), ("description", "村口路灯不亮"), ("address", "宁郭村口")],
    )
    .part("photo", Part::bytes(b"not an image".to_vec()).file_name("x.jpg"));
    let res = public.send_report(&cookie, bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("村口路灯不亮") && html.contains("宁郭村口"),
        "what was typed comes back"
    );
    assert_eq!(app.count("cases").await, before);
    // No place at all, or a phone number no phone has.
    let res = public
        .send_report(
            &cookie,
            form(&csrf, &[("service_code", "I0102"), ("description", "村口路灯不亮")]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("请选择村或社区、填写地址或使用定位"));
    let long = "1".repeat(40);
    let res = public
        .send_report(
            &cookie,
            form(
                &csrf,
                &[
                    ("service_code", "I0102"),
                    ("description", "x"),
                    ("address", "村口"),
                    ("reporter_phone", &long),
                ],
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("最多 32 个字"));
    assert_eq!(app.count("cases").await, before);
    // A category the public cannot use.
    let res = public
        .send_report(
            &cookie,
            form(
                &csrf,
                &[("service_code", "D01"), ("description", "x"), ("unit_id", &village.to_string())],
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("cases").await, before);

    let photo =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/photo.jpg")).unwrap();
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
    let res = public.send_report(&cookie, good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let token = location.trim_start_matches("/report/").split('?').next().unwrap().to_string();
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "128 random bits: {token}"
    );
    let digest = zhili::platform::audit::sha256_hex(&token);
    let id: i64 = sqlx::query_scalar("SELECT case_id FROM case_tokens WHERE digest = $1")
        .bind(&digest)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (unit, source, reporter): (i64, String, String) =
        sqlx::query_as("SELECT unit_id, source, reporter_phone FROM cases WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((unit, source.as_str(), reporter.as_str()), (village, "public", "13900000000"));
    let photos: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_photos WHERE case_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(photos, 1);

    // The status page needs no account and shows no one's details.
    let html = public.page(&location).await.html;
    assert!(html.contains("已受理"));
    assert!(
        html.contains(&format!("#{id}")) && html.contains("路灯不亮") && html.contains("待立案"),
        "{html}"
    );
    assert!(!html.contains("王大妈") && !html.contains("13900000000"));
    assert!(html.contains(&token), "the token is shown to keep");
    // Its number opens nothing: only the token does.
    assert_eq!(public.open(&format!("/report/{id}")).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_case_outside_the_public_categories_has_no_public_page() {
    let app = TestApp::spawn().await;
    let manager = app.grid_manager(1).await;
    let id = manager
        .report(Report::in_grid("D01", manager.unit, "宅基地边界").party(PartyIn::named("甲")))
        .await
        .id;
    assert_eq!(app.public().open(&format!("/report/{id}")).await.status(), StatusCode::NOT_FOUND);
}

//! Reads of personal data in bulk, photo downloads and refused reveals leave their row in the
//! audit chain: what, by whom, of what, and for exports the filter and how many rows.

use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The last audit row of an action: actor, object and detail.
async fn last(app: &TestApp, action: &str) -> Option<(String, String, Value)> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT actor_name, object, detail FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1")
            .bind(action)
            .fetch_optional(&app.db.pool)
            .await
            .unwrap();
    row.map(|(a, o, d)| (a, o, serde_json::from_str(&d).unwrap()))
}

#[tokio::test]
async fn the_users_workbook_is_audited_with_its_filter_and_rows() {
    let app = TestApp::spawn().await;
    let session = crate::pages::page_login(&app, "admin").await;
    let village: i64 = sqlx::query_scalar("SELECT id FROM units WHERE name = '宁郭村'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let res = app
        .client
        .get(app.url(&format!("/admin/users.xlsx?unit={village}")))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (actor, object, detail) = last(&app, "users.export").await.expect("the export is audited");
    assert_eq!((actor.as_str(), object), ("admin", format!("unit:{village}")));
    let staff: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT r.user_id) FROM role_grants r JOIN units u ON u.id = r.unit_id WHERE u.path LIKE (SELECT path FROM units WHERE id = $1) || '%'",
    )
    .bind(village)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(detail, json!({"unit_id": village, "rows": staff}));
}

#[tokio::test]
async fn photo_downloads_are_audited_on_the_api_and_the_pages() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body =
        json!({"category": "I0301", "unit_id": grid, "description": "垃圾堆放", "source": "grid"});
    let case =
        app.send(Method::POST, &token, "/api/v1/cases", body).await.json::<Value>().await.unwrap()
            ["id"]
            .as_i64()
            .unwrap();
    let part = reqwest::multipart::Part::bytes(include_bytes!("../fixtures/photo.jpg").to_vec())
        .file_name("site.jpg");
    let res = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case}/photos")))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("photo", part))
        .send()
        .await
        .unwrap();
    let photo = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(app.get(&token, &format!("/api/v1/photos/{photo}")).await.status(), StatusCode::OK);
    let (actor, object, detail) =
        last(&app, "case.photo_download").await.expect("the API download is audited");
    assert_eq!(
        (actor.as_str(), object.as_str()),
        ("g001-manager", format!("case:{case}").as_str())
    );
    assert_eq!(detail, json!({"photo": photo}));
    let session = crate::pages::page_login(&app, "leader").await;
    let res = app
        .client
        .get(app.url(&format!("/photos/{photo}")))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        last(&app, "case.photo_download").await.unwrap().0,
        "leader",
        "the page download is audited"
    );
}

#[tokio::test]
async fn a_refused_reveal_is_recorded_as_refused() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D01", "unit_id": grid, "description": "两户宅基地边界争议", "source": "grid",
                      "parties": [{"name": "王某", "id_number": "11010519491231002X"}]});
    let case = app
        .send(Method::POST, &manager, "/api/v1/cases", body)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let leader = app.token("leader").await;
    assert_eq!(
        app.get(&leader, &format!("/api/v1/cases/{case}?reveal=true")).await.status(),
        StatusCode::FORBIDDEN
    );
    let (actor, object, detail) =
        last(&app, "case.reveal_id_numbers").await.expect("the refused reveal is audited");
    assert_eq!((actor.as_str(), object), ("leader", format!("case:{case}")));
    assert_eq!(detail, json!({"refused": true}));
    // A reveal allowed is recorded as such.
    assert_eq!(
        app.get(&manager, &format!("/api/v1/cases/{case}?reveal=true")).await.status(),
        StatusCode::OK
    );
    assert_eq!(last(&app, "case.reveal_id_numbers").await.unwrap().2, json!({"parties": 1}));
}

/// The case lists' downloads carry no party and no reporter's phone, so they are not audited
/// as reads of personal data: this keeps it so.
#[tokio::test]
async fn the_case_downloads_carry_no_phone_or_party() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D01", "unit_id": grid, "description": "两户宅基地边界争议", "source": "grid",
                      "reporter_name": "赵报告人", "reporter_phone": "13912345678",
                      "parties": [{"name": "钱当事人", "id_number": "11010519491231002X", "phone": "13787654321"}]});
    assert_eq!(
        app.send(Method::POST, &manager, "/api/v1/cases", body).await.status(),
        StatusCode::CREATED
    );
    let session = crate::pages::page_login(&app, "g001-manager").await;
    let csv = crate::kit::session::page_html(&app, &session, "/cases.csv").await;
    assert!(
        csv.contains("两户宅基地边界争议") || csv.contains("宅基地纠纷"),
        "the case is listed: {csv}"
    );
    for personal in ["赵报告人", "13912345678", "钱当事人", "13787654321", "11010519491231002X"]
    {
        assert!(!csv.contains(personal), "{personal} in /cases.csv");
    }
}

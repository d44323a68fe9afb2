//! Mediating a dispute: sessions, the agreement and its printable text, the follow-up.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn dispute(app: &TestApp, token: &str) -> i64 {
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D02", "unit_id": grid, "description": "邻里因排水争执",
        "parties": [{"name": "赵某", "id_number": "11010519491231002X"}, {"name": "钱某", "role": "respondent"}]});
    let case: Value = app.send(Method::POST, token, "/api/v1/cases", body).await.json().await.unwrap();
    let id = case["id"].as_i64().unwrap();
    for step in [json!({"action": "register"}), json!({"action": "dispatch", "unit_id": grid}), json!({"action": "accept"})] {
        app.send(Method::POST, token, &format!("/api/v1/cases/{id}/actions"), step).await;
    }
    id
}

fn agreement(signed: bool) -> Value {
    json!({"facts": "赵某与钱某因院内排水管道走向发生争执。", "obligations": "钱某于一周内改造排水管道，赵某给予配合。",
           "performance": "钱某自行施工，村委会监督。", "performance_due": "2026-12-10", "signed_on": "2026-11-27",
           "signed_by_all": signed, "committee": "文昌社区人民调解委员会"})
}

#[tokio::test]
async fn a_mediation_is_recorded_agreed_printed_and_followed_up() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let id = dispute(&app, &token).await;
    let res = app
        .send(
            Method::POST,
            &token,
            &format!("/api/v1/cases/{id}/mediation/sessions"),
            json!({"held_on": "2026-11-27", "place": "村委会调解室", "summary": "双方陈述，初步同意改管"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.send(Method::PUT, &token, &format!("/api/v1/cases/{id}/mediation/agreement"), agreement(false)).await;
    assert_eq!(invalid_fields(res).await, ["signed_by_all"], "an unsigned agreement is not recorded");
    let res = app.send(Method::PUT, &token, &format!("/api/v1/cases/{id}/mediation/agreement"), agreement(true)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["number"], format!("(2026)示调字第{id}号"));
    let m = app.get_json(&token, &format!("/api/v1/cases/{id}/mediation")).await;
    assert_eq!(m["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(m["clock_ends"], "2026-12-27");

    let res = app
        .send(Method::POST, &token, &format!("/api/v1/cases/{id}/mediation/performance"), json!({"performed": true, "note": "已改造完毕"}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["performed"], true);
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'mediation.%' ORDER BY seq")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(actions, ["mediation.session", "mediation.agreement", "mediation.performance"]);
}

#[tokio::test]
async fn the_printable_agreement_has_the_required_contents_and_masks_id_numbers() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let id = dispute(&app, &token).await;
    app.send(Method::PUT, &token, &format!("/api/v1/cases/{id}/mediation/agreement"), agreement(true)).await;
    let session = crate::pages::page_login(&app, "g001-manager").await;
    let res = app.client.get(app.url(&format!("/cases/{id}/agreement"))).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for part in
        ["人民调解协议书", "纠纷主要事实", "履行方式和期限", "2026-12-10", "赵某", "钱某", "110105********002X", "文昌社区人民调解委员会"]
    {
        assert!(html.contains(part), "{part}");
    }
    assert!(!html.contains("11010519491231002X"));
}

#[tokio::test]
async fn mediation_is_for_open_disputes_in_ones_scope() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let incident: Value = app
        .send(Method::POST, &token, "/api/v1/cases", json!({"category": "I0301", "unit_id": grid, "description": "垃圾堆放"}))
        .await
        .json()
        .await
        .unwrap();
    let session = json!({"held_on": "2026-11-27", "place": "现场", "summary": "x"});
    let res = app.send(Method::POST, &token, &format!("/api/v1/cases/{}/mediation/sessions", incident["id"]), session.clone()).await;
    error_of(res, StatusCode::CONFLICT).await;
    let id = dispute(&app, &token).await;
    let other = app.token("g002-manager").await;
    error_of(
        app.send(Method::POST, &other, &format!("/api/v1/cases/{id}/mediation/sessions"), session.clone()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let bad = json!({"held_on": "27/11/2026", "place": "", "summary": "x"});
    assert_eq!(
        invalid_fields(app.send(Method::POST, &token, &format!("/api/v1/cases/{id}/mediation/sessions"), bad).await).await,
        ["held_on", "place"]
    );
}

#[tokio::test]
async fn the_agreement_comes_as_a_word_document_too() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let id = dispute(&app, &token).await;
    app.send(Method::PUT, &token, &format!("/api/v1/cases/{id}/mediation/agreement"), agreement(true)).await;
    let session = crate::pages::page_login(&app, "g001-manager").await;
    let res = app.client.get(app.url(&format!("/cases/{id}/agreement.docx"))).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for part in ["人民调解协议书", "履行方式和期限", "钱某于一周内改造排水管道", "110105********002X", "文昌社区人民调解委员会"]
    {
        assert!(xml.contains(part), "{part}");
    }
    assert!(!xml.contains("11010519491231002X"));
}

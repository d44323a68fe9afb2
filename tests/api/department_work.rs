//! A department works a case only while it is dispatched to that department: it acts on it and
//! reveals its parties' ID numbers then, and otherwise reads it as the leader does (403).

use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A registered dispute in grid 001 with a party's whole ID number on file.
async fn registered_dispute(app: &TestApp, manager: &str) -> i64 {
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "D01", "unit_id": grid, "description": "两户宅基地边界争议", "source": "grid",
                      "parties": [{"name": "王某", "id_number": "11010519491231002X"}, {"name": "李某", "role": "respondent"}]});
    let res = app.send(Method::POST, manager, "/api/v1/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    act(app, manager, id, json!({"action": "register"}), StatusCode::OK).await;
    id
}

async fn act(app: &TestApp, token: &str, case: i64, body: Value, status: StatusCode) {
    let res = app.send(Method::POST, token, &format!("/api/v1/cases/{case}/actions"), body.clone()).await;
    assert_eq!(res.status(), status, "{body} on case {case}");
}

async fn reveal(app: &TestApp, token: &str, case: i64) -> StatusCode {
    let res = app.get(token, &format!("/api/v1/cases/{case}?reveal=true")).await;
    let status = res.status();
    if status == StatusCode::OK {
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["parties"][0]["id_number"], "11010519491231002X", "revealed whole");
    }
    status
}

async fn department_id(app: &TestApp, token: &str, kind: &str) -> i64 {
    let list = app.get_json(token, "/api/v1/departments").await;
    list.as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_department_acts_and_reveals_only_while_the_case_is_dispatched_to_it() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (civil, supervision, leader) = (app.token("civil_affairs").await, app.token("supervision").await, app.token("leader").await);

    // Not dispatched: every department reads it, as the leader does, and may neither act nor reveal.
    let undispatched = registered_dispute(&app, &manager).await;
    for token in [&civil, &supervision, &leader] {
        assert_eq!(app.get(token, &format!("/api/v1/cases/{undispatched}")).await.status(), StatusCode::OK);
        assert_eq!(reveal(&app, token, undispatched).await, StatusCode::FORBIDDEN);
        act(&app, token, undispatched, json!({"action": "refuse", "note": "不属于受理范围"}), StatusCode::FORBIDDEN).await;
        act(&app, token, undispatched, json!({"action": "defer", "note": "需时", "days": 5}), StatusCode::FORBIDDEN).await;
    }

    // Dispatched to civil affairs: it reveals and acts; supervision still only reads.
    let dispatched = registered_dispute(&app, &manager).await;
    let to = department_id(&app, &manager, "civil_affairs").await;
    act(&app, &manager, dispatched, json!({"action": "dispatch", "department_id": to}), StatusCode::OK).await;
    assert_eq!(reveal(&app, &supervision, dispatched).await, StatusCode::FORBIDDEN);
    act(&app, &supervision, dispatched, json!({"action": "accept"}), StatusCode::FORBIDDEN).await;
    assert_eq!(reveal(&app, &civil, dispatched).await, StatusCode::OK);
    act(&app, &civil, dispatched, json!({"action": "accept"}), StatusCode::OK).await;

    // Sent back to the grid, it is no longer the department's to work.
    let elsewhere = registered_dispute(&app, &manager).await;
    act(&app, &manager, elsewhere, json!({"action": "dispatch", "department_id": to}), StatusCode::OK).await;
    act(&app, &civil, elsewhere, json!({"action": "object", "note": "应由村里调处"}), StatusCode::OK).await;
    assert_eq!(reveal(&app, &civil, elsewhere).await, StatusCode::FORBIDDEN);
    act(&app, &civil, elsewhere, json!({"action": "refuse", "note": "不属于受理范围"}), StatusCode::FORBIDDEN).await;
}

/// The value of `name="csrf"` in a page.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn the_case_page_offers_a_department_no_actions_on_work_not_its_own_and_refuses_a_forged_post() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let case = registered_dispute(&app, &manager).await;
    let session = crate::pages::page_login(&app, "civil_affairs").await;
    let res = app.client.get(app.url(&format!("/cases/{case}"))).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(!html.contains(&format!("action=\"/cases/{case}/act\"")), "no actions offered");
    assert!(!html.contains("reveal=1"), "no reveal offered");
    let csrf = csrf_of(&html);
    let post = |action: &'static str| {
        app.client.post(app.url(&format!("/cases/{case}/act"))).header("cookie", &session).form(&[
            ("csrf", csrf.as_str()),
            ("action", action),
            ("note", "伪造的表单"),
        ])
    };
    assert_eq!(post("refuse").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = app.client.get(app.url(&format!("/cases/{case}?reveal=1"))).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let state: String = sqlx::query_scalar("SELECT state FROM cases WHERE id = $1").bind(case).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(state, "registered", "nothing changed");

    // Dispatched to it, the same page offers the actions.
    let to = department_id(&app, &manager, "civil_affairs").await;
    act(&app, &manager, case, json!({"action": "dispatch", "department_id": to}), StatusCode::OK).await;
    let html = app.client.get(app.url(&format!("/cases/{case}"))).header("cookie", &session).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("action=\"/cases/{case}/act\"")), "actions offered on its own work");
}

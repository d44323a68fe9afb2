//! The problem ledger on the demo zone: a problem raised with its deadline in working days, its
//! ladder climbed as the scheduler finds it overdue, each climb dated, and its solution.

use crate::helpers::{TestApp, error_of, invalid_fields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn an_overdue_problem_climbs_its_ladder_dated_and_a_solved_one_stays_solved() {
    let at = chrono::DateTime::parse_from_rfc3339("2015-09-10T10:00:00+08:00").unwrap().to_utc();
    let app = TestApp::spawn_at(at).await;
    zhili::registry::demo::places(&app.db, 1).await.unwrap();
    zhili::projects::demo::load(&app.db).await.unwrap();
    let wenchang = app.token("wenchang").await;
    let list = app.get_json(&wenchang, "/api/v1/projects?level=provincial").await;
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with("天宝桓祥"))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let problems = format!("/api/v1/projects/{id}/problems");
    let body = json!({ "description": "施工用电负荷不足，需滨湖变电站提前送电", "owner_unit": "经济发展局", "owner_person": "赵磊",
        "unit_head": "经济发展局局长", "principal": "管委会主任", "working_days": 10 });
    let res = app.send(Method::POST, &wenchang, &problems, body.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let pid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mine =
        |all: Value| all.as_array().unwrap().iter().find(|p| p["id"] == pid).unwrap().clone();
    let mut bad = body.clone();
    bad["working_days"] = json!(0);
    bad["owner_unit"] = json!("");
    assert_eq!(
        invalid_fields(app.send(Method::POST, &wenchang, &problems, bad).await).await,
        ["owner_unit", "working_days"]
    );
    error_of(
        app.send(Method::POST, &app.token("leader").await, &problems, body).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let line = mine(app.get_json(&wenchang, &problems).await);
    assert_eq!(
        (line["deadline"].as_str(), line["rung"].as_str(), line["leader"].as_str()),
        (Some("2015-09-24"), Some("owner"), Some("张志强"))
    );
    // The scheduler sweeps on 25 October: three climbs, each dated the working day it fell due.
    let oct25 = chrono::DateTime::parse_from_rfc3339("2015-10-25T08:00:00+08:00").unwrap().to_utc();
    assert!(zhili::projects::services::problems::sweep(&app.db, oct25).await.unwrap() >= 3);
    assert_eq!(
        zhili::projects::services::problems::sweep(&app.db, oct25).await.unwrap(),
        0,
        "a climb is made once"
    );
    let line = mine(app.get_json(&wenchang, &problems).await);
    assert_eq!(line["rung"], "principal_leader");
    assert_eq!(
        line["climbs"],
        json!([
            ["unit_head", "2015-09-25", "经济发展局局长"],
            ["leader_in_charge", "2015-09-30", "张志强"],
            ["principal_leader", "2015-10-10", "管委会主任"]
        ])
    );
    let solve = format!("{problems}/{pid}/solve");
    assert_eq!(
        invalid_fields(app.send(Method::POST, &wenchang, &solve, json!({ "solution": "" })).await)
            .await,
        ["solution"]
    );
    let res = app
        .send(Method::POST, &wenchang, &solve, json!({ "solution": "供电公司临时增容，已送电" }))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error_of(
        app.send(Method::POST, &wenchang, &solve, json!({ "solution": "再次" })).await,
        StatusCode::CONFLICT,
    )
    .await;
    let open = app.get_json(&wenchang, "/api/v1/project-problems?open=true").await;
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != pid && p["solved_on"].is_null())
    );
    let ledger = app.get_json(&app.token("leader").await, "/api/v1/project-problems").await;
    assert!(
        ledger["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == pid && p["solved_on"] == "2015-09-10")
    );
}

//! The problem ledger on the demo zone: a problem raised with its deadline in working days, its
//! ladder climbed as the scheduler finds it overdue, each climb dated, and its solution.

use crate::helpers::{error_of, invalid_fields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn an_overdue_problem_climbs_its_ladder_dated_and_a_solved_one_stays_solved() {
    let app = crate::project_fixtures::demo_at("2015-09-10T10:00:00+08:00").await;
    let wenchang = app.token("wenchang").await;
    let id = crate::project_fixtures::provincial(&app, &wenchang, "天宝桓祥").await;
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
            { "rung": "unit_head", "climbed_on": "2015-09-25", "to_whom": "经济发展局局长" },
            { "rung": "leader_in_charge", "climbed_on": "2015-09-30", "to_whom": "张志强" },
            { "rung": "principal_leader", "climbed_on": "2015-10-10", "to_whom": "管委会主任" }
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

#[tokio::test]
async fn a_units_sheet_of_reports_comes_in_whole_or_names_its_bad_rows() {
    let app = crate::project_fixtures::demo_at("2015-10-26T10:00:00+08:00").await;
    let wenchang = app.token("wenchang").await;
    let all = app.get_json(&app.token("leader").await, "/api/v1/projects?level=provincial").await;
    let id = |prefix: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"].as_str().unwrap().starts_with(prefix))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (tianbao, jiaokuang) = (id("天宝桓祥"), id("河南焦矿机器"));
    let header = "项目编号,报送期,计算方法,本期完成投资（万元）,是否入库,形象进度\n";
    let good = format!(
        "{tianbao},2014-11,财务支出法,1500,是,基础施工\n{tianbao},2014-12,财务支出法,1200,是,主体施工\n"
    );
    let sheet = |rows: &str| ("reports.csv", format!("{header}{rows}").into_bytes());
    let before = app.count("project_reports").await;
    // 焦矿机器 is 宁郭镇's: 文昌街道 does not work it, and the whole sheet is refused.
    let bad = format!("{good}{jiaokuang},2015-10,财务支出法,10,是,改报\n");
    let res =
        app.upload_sheet(&wenchang, "/api/v1/projects/reports/import", sheet(&bad), false).await;
    assert_eq!(invalid_fields(res).await, ["row 4 project_id"]);
    assert_eq!(app.count("project_reports").await, before, "nothing half-written");
    let res =
        app.upload_sheet(&wenchang, "/api/v1/projects/reports/import", sheet(&bad), true).await;
    assert_eq!(res.status(), StatusCode::OK);
    let r: Value = res.json().await.unwrap();
    assert_eq!((r["imported"].as_i64(), r["errors"][0]["row"].as_i64()), (Some(2), Some(4)));
    assert_eq!(app.count("project_reports").await, before + 2);
    let res = app
        .upload_sheet(
            &wenchang,
            "/api/v1/projects/reports/import",
            ("x.csv", b"name\nx\n".to_vec()),
            false,
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["file"]);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'projects.import'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

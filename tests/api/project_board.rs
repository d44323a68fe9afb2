//! The battle map, the Gantt with its baselines and the schedule worked back from a deadline,
//! on the demo zone the day after the source's.

use crate::helpers::{error_of, invalid_fields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn demo() -> crate::helpers::TestApp {
    crate::project_fixtures::demo_at("2015-10-26T10:00:00+08:00").await
}

#[tokio::test]
async fn the_battle_map_colours_each_project_by_its_gates_and_moves_when_one_passes() {
    let app = demo().await;
    let leader = app.token("leader").await;
    let pins = app.get_json(&leader, "/api/v1/projects/map?level=provincial").await;
    let pins = pins.as_array().unwrap();
    assert_eq!(pins.len(), 9);
    let status = |name: &str, pins: &[Value]| {
        pins.iter().find(|p| p["name"].as_str().unwrap().starts_with(name)).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("天宝桓祥", pins), "behind", "started on 26 September, planned the 1st");
    assert_eq!(
        status("航空航天3D", pins),
        "on_schedule",
        "its approvals passed, its funds due in November"
    );
    let municipal = app.get_json(&leader, "/api/v1/projects/map?level=municipal").await;
    assert_eq!(status("大江重工", municipal.as_array().unwrap()), "done");
    let res = app.get(&leader, "/api/v1/projects/map?industry=XX").await;
    assert_eq!(invalid_fields(res).await, ["industry"]);
    // A gate planned and passed late turns a project from on schedule to behind.
    let wenchang = app.token("wenchang").await;
    let base = pins.iter().find(|p| p["name"].as_str().unwrap().starts_with("航空航天3D")).unwrap()
        ["id"]
        .as_i64()
        .unwrap();
    let res = app
        .send(
            Method::POST,
            &wenchang,
            &format!("/api/v1/projects/{base}/gates/funds"),
            json!({ "actual_on": "2015-10-26", "passed_by": "财务", "evidence": "进账单" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let after = app.get_json(&leader, "/api/v1/projects/map?level=provincial").await;
    let planned_funds = app.get_json(&leader, &format!("/api/v1/projects/{base}")).await["gates"]
        [6]["planned_on"]
        .as_str()
        .unwrap()
        .to_string();
    let expected = if planned_funds.as_str() < "2015-10-26" { "behind" } else { "on_schedule" };
    assert_eq!(status("航空航天3D", after.as_array().unwrap()), expected);
}

#[tokio::test]
async fn a_baseline_never_moves_keeps_cancelled_projects_and_compares_with_todays_plans() {
    let app = demo().await;
    let wenchang = app.token("wenchang").await;
    let township = app.unit_of("wenchang").await;
    let res = app
        .send(
            Method::POST,
            &wenchang,
            "/api/v1/baselines",
            json!({ "unit_id": township, "name": "2015年10月计划" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(
        invalid_fields(
            app.send(
                Method::POST,
                &wenchang,
                "/api/v1/baselines",
                json!({ "unit_id": township, "name": "" })
            )
            .await
        )
        .await,
        ["name"]
    );
    let leader = app.token("leader").await;
    let zone = app.unit_id(zhili::platform::demo::ZONE_CODE).await;
    error_of(
        app.send(
            Method::POST,
            &leader,
            "/api/v1/baselines",
            json!({ "unit_id": zone, "name": "x" }),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    error_of(
        app.send(
            Method::POST,
            &wenchang,
            "/api/v1/baselines",
            json!({ "unit_id": zone, "name": "x" }),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let admin = app.token("admin").await;
    let res = app
        .send(Method::POST, &admin, "/api/v1/baselines", json!({ "unit_id": zone, "name": "全区" }))
        .await;
    let whole = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let cancelled: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT project_id) FROM baseline_gates WHERE baseline_id = $1 AND cancelled_on IS NOT NULL")
        .bind(whole).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(cancelled, 1, "the cancelled project is kept");
    // Nothing changes a baseline, whatever writes to the database.
    let tampered =
        sqlx::query("UPDATE baseline_gates SET planned_on = '2000-01-01' WHERE baseline_id = $1")
            .bind(first)
            .execute(&app.db.pool)
            .await;
    assert!(tampered.is_err());
    assert!(
        sqlx::query("DELETE FROM baseline_gates WHERE baseline_id = $1")
            .bind(first)
            .execute(&app.db.pool)
            .await
            .is_err()
    );

    // Working 天宝桓祥 back from a later deadline moves its unpassed gates; the baseline keeps them.
    let tianbao = crate::project_fixtures::provincial(&app, &wenchang, "天宝桓祥").await;
    assert_eq!(
        app.get_json(&wenchang, &format!("/api/v1/baselines/{first}/compare")).await,
        json!([])
    );
    let s = crate::page_permissions_requests::session(&app, "wenchang").await;
    let form = [("csrf", s.csrf.as_str()), ("end", "2016-09-30"), ("last", "completed")];
    let res = app
        .client
        .post(app.url(&format!("/projects/{tianbao}/schedule")))
        .header("cookie", &s.cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let changes = app.get_json(&wenchang, &format!("/api/v1/baselines/{first}/compare")).await;
    let completed = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["project_id"] == tianbao && c["gate"] == "completed")
        .unwrap();
    assert_eq!(
        (completed["from"].as_str(), completed["to"].as_str(), completed["days"].as_i64()),
        (Some("2016-06-30"), Some("2016-09-30"), Some(92))
    );
    assert!(
        changes.as_array().unwrap().iter().all(|c| c["gate"] != "started"),
        "a gate passed keeps its plan"
    );
    // The Gantt draws the baseline beside today's plans.
    let rows =
        app.get_json(&wenchang, &format!("/api/v1/projects/gantt?rows=500&baseline={first}")).await;
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == tianbao).unwrap();
    assert!(
        row["baseline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["gate"] == "completed" && g["planned_on"] == "2016-06-30")
    );
    assert!(
        row["gates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["gate"] == "completed" && g["planned_on"] == "2016-09-30")
    );
    let ningguo = app.token("ningguo").await;
    error_of(
        app.get(&ningguo, &format!("/api/v1/baselines/{first}/compare")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let html = crate::kit::session::page_html(
        &app,
        &s.cookie,
        &format!("/projects/gantt?baseline={first}"),
    )
    .await;
    assert!(
        html.contains("class=\"baseline\"") && html.contains("天宝桓祥"),
        "the page draws the shadows"
    );
    let xlsx = app
        .client
        .get(app.url("/projects/schedule.xlsx?end=2016-09-30&last=completed"))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn investment_is_measured_against_the_years_plan_and_the_time_elapsed() {
    let app = demo().await;
    let ningguo = app.token("ningguo").await;
    let p = app.get_json(&ningguo, "/api/v1/projects/progress?month=2015-10").await;
    assert_eq!(p["month"], "2015-10");
    assert_eq!(p["total"]["against"]["elapsed_bp"], 8333, "10/12 of the year");
    let id = crate::project_fixtures::provincial(&app, &ningguo, "河南焦矿机器").await;
    let reports = app.get_json(&ningguo, &format!("/api/v1/projects/{id}/reports")).await;
    let completed: i64 = reports
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["period"].as_str().unwrap() <= "2015-10")
        .map(|r| r["counted_fen"].as_i64().unwrap())
        .sum();
    let line = p["projects"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap();
    assert_eq!(line["completed_fen"].as_i64(), Some(completed));
    let planned = line["planned_fen"].as_i64().unwrap();
    let completion = (completed as i128 * 20_000 + planned as i128) / (2 * planned as i128);
    assert_eq!(line["against"]["completion_bp"].as_i64(), Some(completion as i64));
    assert_eq!(line["against"]["gap_bp"].as_i64(), Some(completion as i64 - 8333));
    let pace = if completion > 8333 {
        "ahead"
    } else if completion < 8333 {
        "behind"
    } else {
        "level"
    };
    assert_eq!(line["against"]["pace"], pace);
    let units: i64 =
        p["units"].as_array().unwrap().iter().map(|u| u["completed_fen"].as_i64().unwrap()).sum();
    assert_eq!(p["total"]["completed_fen"].as_i64(), Some(units));
    let res = app.get(&ningguo, "/api/v1/projects/progress?month=2015-10-2").await;
    assert_eq!(invalid_fields(res).await, ["month"]);
    let zone = app.unit_id(zhili::platform::demo::ZONE_CODE).await;
    error_of(
        app.get(&ningguo, &format!("/api/v1/projects/progress?month=2015-10&unit={zone}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

//! Key projects and promotion on the demo zone as of 25 October 2015: the dashboard's figures
//! come out of the records exactly as the source states them, each naming its definition and
//! opening its projects; a new definition version leaves the old figures reproducible; gates
//! pass in order, by day, by whoever works the project.

use crate::helpers::{TestApp, error_of, invalid_fields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const AS_OF: &str = "2015-10-25";

/// The demo zone with the registry's organisations (the owners) and the projects loaded.
pub async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    zhili::registry::demo::places(&app.db, 1).await.expect("organisations load");
    zhili::projects::demo::load(&app.db).await.expect("projects load");
    app
}

fn rate(v: &Value, value: &str, numerator: i64, denominator: i64, definition: &str, version: i64) {
    assert_eq!(v["value"], value, "{v}");
    assert_eq!(
        (v["numerator"].as_i64(), v["denominator"].as_i64()),
        (Some(numerator), Some(denominator)),
        "{v}"
    );
    assert_eq!(
        (v["definition"].as_str(), v["version"].as_i64()),
        (Some(definition), Some(version)),
        "{v}"
    );
}

#[tokio::test]
async fn the_promotion_summary_is_the_sources_figures_out_of_the_records() {
    let app = demo().await;
    let leader = app.token("leader").await;
    let zone = app.unit_id(zhili::platform::demo::ZONE_CODE).await;
    let s = app
        .get_json(&leader, &format!("/api/v1/promotion/summary?unit={zone}&as_of={AS_OF}"))
        .await;
    assert_eq!(s["signed_count"], 73);
    assert_eq!(s["signed_value_fen"], 826_700_000_000i64);
    assert_eq!((s["count_1bn_plus"].as_i64(), s["count_500m_to_1bn"].as_i64()), (Some(3), Some(5)));
    rate(&s["fulfilment_rate"], "100", 73, 73, "fulfilment_rate", 1);
    assert_eq!(s["funds_in_place_rate"]["value"], "30");
    assert_eq!(
        s["funds_in_place_rate"]["numerator"].as_i64().unwrap() * 10,
        s["funds_in_place_rate"]["denominator"].as_i64().unwrap() * 3
    );
    rate(&s["start_rate"], "97", 71, 73, "start_rate", 1);
    assert_eq!(
        (s["higher_funding_count"].as_i64(), s["higher_funding_fen"].as_i64()),
        (Some(118), Some(28_300_000_000))
    );
    // Each figure opens its projects.
    let behind = |q: &str| format!("/api/v1/promotion/projects?unit={zone}&as_of={AS_OF}&{q}");
    for (q, total) in [
        ("figure=signed", 73),
        ("figure=from1bn", 3),
        ("figure=from500m", 5),
        ("figure=start_rate", 71),
        ("figure=start_rate&side=denominator", 73),
        ("figure=fulfilment_rate", 73),
    ] {
        assert_eq!(app.get_json(&leader, &behind(q)).await["total"], total, "{q}");
    }
    let page = app.get_json(&leader, &behind("figure=from1bn")).await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["total_fen"].as_i64().unwrap() >= 100_000_000_000)
    );
    // A day before the year's last signing, the figures are that day's.
    let early = app
        .get_json(&leader, &format!("/api/v1/promotion/summary?unit={zone}&as_of=2015-08-31"))
        .await;
    assert_eq!(early["signed_count"], 71);
    // A township sees its own share, and not the zone's.
    let wenchang = app.token("wenchang").await;
    let own = app.get_json(&wenchang, &format!("/api/v1/promotion/summary?as_of={AS_OF}")).await;
    assert!(
        own["signed_count"].as_i64().unwrap() < 73 && own["signed_count"].as_i64().unwrap() > 0
    );
    let res =
        app.get(&wenchang, &format!("/api/v1/promotion/summary?unit={zone}&as_of={AS_OF}")).await;
    error_of(res, StatusCode::NOT_FOUND).await;
    let res =
        app.get(&leader, &format!("/api/v1/promotion/summary?unit={zone}&as_of=2015-13-01")).await;
    assert_eq!(invalid_fields(res).await, ["as_of"]);
    let res = app.get(&leader, &behind("figure=growth")).await;
    assert_eq!(invalid_fields(res).await, ["figure"]);
}

#[tokio::test]
async fn key_projects_are_listed_by_level_and_unit_paged() {
    let app = demo().await;
    let leader = app.token("leader").await;
    let zone = app.unit_id(zhili::platform::demo::ZONE_CODE).await;
    let list = |q: String| format!("/api/v1/projects?unit={zone}&{q}");
    assert_eq!(app.get_json(&leader, &list("level=provincial".into())).await["total"], 9);
    let page = app.get_json(&leader, &list("level=municipal&page_size=5&page=2".into())).await;
    assert_eq!((page["total"].as_i64(), page["items"].as_array().unwrap().len()), (Some(27), 5));
    let first = app.get_json(&leader, &list("level=provincial&page_size=1".into())).await;
    assert_eq!(first["items"][0]["name"], "航空航天3D制造焦作基地项目");
    assert_eq!(first["items"][0]["total_fen"], 183_000 * 1_000_000i64);
    let machines = app.get_json(&leader, &list("industry=35".into())).await;
    assert!(machines["items"].as_array().unwrap().iter().all(|p| p["industry"] == "C35"));
    let tianbao = app.get_json(&leader, &list("level=provincial&page_size=50".into())).await;
    let tianbao = tianbao["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with("天宝桓祥"))
        .unwrap()
        .clone();
    assert_eq!(tianbao["owner"], "焦作天宝桓祥机械科技有限公司");
    assert_eq!(tianbao["township"], "文昌街道");
    let wenchang = app.token("wenchang").await;
    let own = app.get_json(&wenchang, "/api/v1/projects?level=provincial").await;
    assert_eq!(own["total"], 4, "文昌街道's provincial projects");
    let res = app.get(&wenchang, &list("level=provincial".into())).await;
    error_of(res, StatusCode::NOT_FOUND).await;
    let res = app.get(&leader, &list("level=national".into())).await;
    assert_eq!(invalid_fields(res).await, ["level"]);
    let res = app.get(&leader, &list("industry=99".into())).await;
    assert_eq!(invalid_fields(res).await, ["industry"]);
    let detail = app.get_json(&leader, &format!("/api/v1/projects/{}", tianbao["id"])).await;
    assert_eq!(detail["gates"].as_array().unwrap().len(), 11);
    assert_eq!(detail["gates"][7]["gate"], "started");
    assert_eq!(detail["gates"][7]["actual_on"], "2014-09-26");
    let ningguo = app.token("ningguo").await;
    let res = app.get(&ningguo, &format!("/api/v1/projects/{}", tianbao["id"])).await;
    error_of(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_new_definition_version_leaves_the_old_figures_reproducible() {
    let app = demo().await;
    let promotion = app.token("investment_promotion").await;
    let tomorrow = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
        + chrono::Duration::days(1);
    let started_over_signed = json!({
        "numerator": [{ "reached": "started" }],
        "denominator": [{}],
        "scale": 2, "rounding": "half_up", "valid_from": tomorrow.to_string(), "note": "开工率保留两位小数"
    });
    let res = app
        .send(
            Method::POST,
            &promotion,
            "/api/v1/promotion/rates/start_rate/versions",
            started_over_signed.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    assert_eq!((v["code"].as_str(), v["version"].as_i64()), (Some("start_rate"), Some(2)));
    let leader = app.token("leader").await;
    let zone = app.unit_id(zhili::platform::demo::ZONE_CODE).await;
    let figure =
        |q: &str| format!("/api/v1/promotion/rates/start_rate?unit={zone}&as_of={AS_OF}{q}");
    rate(&app.get_json(&leader, &figure("")).await, "97", 71, 73, "start_rate", 1);
    rate(&app.get_json(&leader, &figure("&version=2")).await, "97.26", 71, 73, "start_rate", 2);
    let s = app
        .get_json(&leader, &format!("/api/v1/promotion/summary?unit={zone}&as_of={AS_OF}"))
        .await;
    rate(&s["start_rate"], "97", 71, 73, "start_rate", 1);
    let now = app
        .get_json(&leader, &format!("/api/v1/promotion/summary?unit={zone}&as_of={tomorrow}"))
        .await;
    assert_eq!(
        (now["start_rate"]["version"].as_i64(), now["start_rate"]["denominator"].as_i64()),
        (Some(2), Some(0))
    );
    assert!(
        now["start_rate"]["value"].is_null(),
        "no deal signed this year: no figure, not a division by zero"
    );
    let all = app.get_json(&leader, "/api/v1/promotion/rates").await;
    assert_eq!(all.as_array().unwrap().len(), 4);
    let res = app.get(&leader, &figure("&version=9")).await;
    error_of(res, StatusCode::NOT_FOUND).await;

    // Bad definitions change nothing.
    let post = |body: Value| {
        app.send(Method::POST, &promotion, "/api/v1/promotion/rates/start_rate/versions", body)
    };
    let mut outside = started_over_signed.clone();
    outside["denominator"] = json!([{ "terminated": false }]);
    assert_eq!(invalid_fields(post(outside).await).await, ["numerator"]);
    let mut backdated = started_over_signed.clone();
    backdated["valid_from"] = json!("2015-01-01");
    assert_eq!(invalid_fields(post(backdated).await).await, ["valid_from"]);
    let mut empty = started_over_signed.clone();
    empty["denominator"] = json!([]);
    assert_eq!(invalid_fields(post(empty).await).await, ["denominator"]);
    let mut unknown = started_over_signed.clone();
    unknown["numerator"] = json!([{ "reached": "opened" }]);
    error_of(post(unknown).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let wenchang = app.token("wenchang").await;
    let res = app
        .send(
            Method::POST,
            &wenchang,
            "/api/v1/promotion/rates/start_rate/versions",
            started_over_signed.clone(),
        )
        .await;
    error_of(res, StatusCode::FORBIDDEN).await;
    let res = app
        .send(
            Method::POST,
            &promotion,
            "/api/v1/promotion/rates/growth_rate/versions",
            started_over_signed,
        )
        .await;
    error_of(res, StatusCode::NOT_FOUND).await;
    assert_eq!(app.get_json(&leader, "/api/v1/promotion/rates").await.as_array().unwrap().len(), 4);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'rate.define'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn gates_pass_in_order_by_day_by_whoever_works_the_project() {
    let app = demo().await;
    let wenchang = app.token("wenchang").await;
    let own = app.get_json(&wenchang, "/api/v1/projects?level=provincial").await;
    let base = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "航空航天3D制造焦作基地项目")
        .unwrap()["id"]
        .clone();
    let gate = |g: &str| format!("/api/v1/projects/{base}/gates/{g}");
    let passing = |on: &str| json!({ "actual_on": on, "passed_by": "项目单位 财务负责人", "evidence": "银行进账单" });
    let res = app.send(Method::POST, &wenchang, &gate("started"), passing("2015-10-20")).await;
    assert_eq!(invalid_fields(res).await, ["gate"], "the funds come before the start");
    let res = app.send(Method::POST, &wenchang, &gate("funds"), passing("2099-01-01")).await;
    assert_eq!(invalid_fields(res).await, ["actual_on"], "not in the future");
    let res = app.send(Method::POST, &wenchang, &gate("funds"), passing("2015-01-01")).await;
    assert_eq!(invalid_fields(res).await, ["actual_on"], "not before the approvals");
    let res = app
        .send(
            Method::POST,
            &wenchang,
            &gate("funds"),
            json!({ "actual_on": "2015-10-20", "passed_by": "", "evidence": "" }),
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["passed_by", "evidence"]);
    let leader = app.token("leader").await;
    let res = app.send(Method::POST, &leader, &gate("funds"), passing("2015-10-20")).await;
    error_of(res, StatusCode::FORBIDDEN).await;
    let ningguo = app.token("ningguo").await;
    let res = app.send(Method::POST, &ningguo, &gate("funds"), passing("2015-10-20")).await;
    error_of(res, StatusCode::NOT_FOUND).await;
    let res = app.send(Method::POST, &wenchang, &gate("opened"), passing("2015-10-20")).await;
    error_of(res, StatusCode::NOT_FOUND).await;
    let res = app.send(Method::POST, &wenchang, &gate("funds"), passing("2015-10-20")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let detail = app.get_json(&leader, &format!("/api/v1/projects/{base}")).await;
    assert_eq!(detail["gates"][6]["actual_on"], "2015-10-20");
    assert_eq!(detail["gates"][6]["evidence"], "银行进账单");
    // The department responsible works it too.
    let development = app.token("development_reform").await;
    let res = app.send(Method::POST, &development, &gate("started"), passing("2015-10-22")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'project.gate'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}

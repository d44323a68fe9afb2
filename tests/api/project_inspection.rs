//! The weekly inspection list (周督查) on the demo zone: a gate past its planned day, a key
//! project's missing report that turns late once sent, and a problem past its deadline, each
//! with who answers for it; the list of an earlier day drawn again; exported and audited.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn of_kind<'a>(list: &'a Value, kind: &str, project: i64) -> Option<&'a Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind && i["project_id"].as_i64() == Some(project))
}

#[tokio::test]
async fn the_inspection_list_names_what_is_overdue_and_who_answers() {
    let app = crate::project_fixtures::demo_at("2015-10-25T10:00:00+08:00").await;
    let wenchang = app.token("wenchang").await;
    let list = |q: &str| {
        let (app, token) = (&app, &wenchang);
        let uri = format!("/api/v1/projects/inspection?page_size=500&{q}");
        async move { app.get_json(token, &uri).await }
    };
    let tianbao = crate::project_fixtures::provincial(&app, &wenchang, "天宝桓祥").await;
    // A project signed on 1 October as planned, not yet: overdue 24 days on the 25th.
    let unit = app.get_json(&wenchang, &format!("/api/v1/projects/{tianbao}")).await["unit_id"]
        .as_i64()
        .unwrap();
    let body = json!({"name": "文昌街道新材料项目", "level": "zone", "unit_id": unit, "total_fen": 200_000_000,
        "industry": "C30", "leader": "王刚", "gates": [{"gate": "signed", "planned_on": "2015-10-01"}]});
    let res = app.send(Method::POST, &wenchang, "/api/v1/projects", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fresh = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // 天宝桓祥's September report, as if it had never been sent.
    for sql in [
        "DELETE FROM report_photos WHERE report_id IN \
         (SELECT id FROM project_reports WHERE project_id = $1 AND period = '2015-09')",
        "DELETE FROM project_reports WHERE project_id = $1 AND period = '2015-09'",
    ] {
        sqlx::query(sql).bind(tianbao).execute(&app.db.pool).await.unwrap();
    }
    let now = list("").await;
    assert_eq!(
        (now["as_of"].as_str(), now["month"].as_str()),
        (Some("2015-10-25"), Some("2015-09"))
    );
    let gate = of_kind(&now, "gate", fresh).expect("the signing overdue");
    assert_eq!(
        (gate["detail"].as_str(), gate["due_on"].as_str(), gate["days_over"].as_i64()),
        (Some("signed"), Some("2015-10-01"), Some(24))
    );
    assert_eq!(gate["owner"], "王刚");
    let missing = of_kind(&now, "report_missing", tianbao).expect("September not reported");
    assert_eq!(
        (missing["detail"].as_str(), missing["due_on"].as_str()),
        (Some("2015-09"), Some("2015-10-05"))
    );
    assert!(of_kind(&now, "report_missing", fresh).is_none(), "not started: nothing to report");
    // The longest overdue first.
    let days: Vec<&str> =
        now["items"].as_array().unwrap().iter().map(|i| i["due_on"].as_str().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(now["total"].as_i64().unwrap() as usize, days.len());
    // Sent now, the report is late, and says who sent it.
    let report = json!({"period": "2015-09", "method": "spending", "invested_fen": 900 * 1_000_000i64,
        "progress": "生产车间主体完工", "in_library": true});
    let res = app
        .send(Method::POST, &wenchang, &format!("/api/v1/projects/{tianbao}/reports"), report)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let now = list("").await;
    assert!(of_kind(&now, "report_missing", tianbao).is_none());
    let late = of_kind(&now, "report_late", tianbao).expect("sent after 5 October");
    assert_eq!((late["detail"].as_str(), late["days_over"].as_i64()), (Some("2015-09"), Some(0)));
    assert!(!late["owner"].as_str().unwrap().is_empty());
    // A problem due in ten working days is on the list once its deadline passed.
    let problem = json!({ "description": "用地指标未落实", "owner_unit": "国土分局", "owner_person": "李娜",
        "unit_head": "国土分局局长", "principal": "管委会主任", "working_days": 10 });
    let res = app
        .send(Method::POST, &wenchang, &format!("/api/v1/projects/{tianbao}/problems"), problem)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let ours = |l: &Value| {
        l["items"].as_array().unwrap().iter().find(|i| i["detail"] == "用地指标未落实").cloned()
    };
    assert!(ours(&list("").await).is_none(), "not yet due");
    let later = list("as_of=2015-11-30").await;
    assert_eq!(later["month"], "2015-10");
    let p = ours(&later).expect("past its deadline");
    assert_eq!((p["kind"].as_str(), p["project_id"].as_i64()), (Some("problem"), Some(tianbao)));
    assert_eq!((p["owner"].as_str(), p["rung"].as_str()), (Some("国土分局 李娜"), Some("owner")));
    let deadline: chrono::NaiveDate = p["due_on"].as_str().unwrap().parse().unwrap();
    let nov30 = chrono::NaiveDate::from_ymd_opt(2015, 11, 30).unwrap();
    assert_eq!(p["days_over"].as_i64(), Some((nov30 - deadline).num_days()));
    // An earlier day's list, drawn again: on 30 September nothing was overdue of the new project.
    let before = list("as_of=2015-09-30").await;
    assert!(of_kind(&before, "gate", fresh).is_none());
    // Bad input changes nothing and names the field.
    let res = app
        .send(Method::GET, &wenchang, "/api/v1/projects/inspection?as_of=2015-13-01", Value::Null)
        .await;
    assert_eq!(crate::helpers::invalid_fields(res).await, ["as_of"]);
    // Another township's list does not hold Wenchang's projects; a unit outside the caller's is 404.
    let ningguo = app.token("ningguo").await;
    let theirs = app.get_json(&ningguo, "/api/v1/projects/inspection?page_size=500").await;
    assert!(of_kind(&theirs, "gate", fresh).is_none());
    let res = app
        .send(
            Method::GET,
            &ningguo,
            &format!("/api/v1/projects/inspection?unit={unit}"),
            Value::Null,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The page and its export, audited.
    let s = crate::page_permissions_requests::session(&app, "wenchang").await;
    let get = |uri: &str| app.client.get(app.url(uri)).header("cookie", &s.cookie).send();
    let page = get("/projects/inspection").await.unwrap().text().await.unwrap();
    assert!(
        page.contains("周督查清单")
            && page.contains("文昌街道新材料项目")
            && page.contains("节点逾期")
    );
    let xlsx = get("/projects/inspection.xlsx?as_of=2015-10-25").await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'projects.inspection_export'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_bulletins_figures_of_projects_come_out_of_the_records() {
    let app = crate::project_fixtures::demo_at("2015-10-25T10:00:00+08:00").await;
    let leader = app.token("leader").await;
    let october = app.get_json(&leader, "/api/v1/projects/bulletin?period=2015-10").await;
    assert_eq!(
        (october["from"].as_str(), october["to"].as_str()),
        (Some("2015-10-01"), Some("2015-10-25"))
    );
    let level = |b: &Value, l: &str| {
        b["levels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["level"] == l)
            .map(|c| c["count"].as_i64().unwrap())
    };
    assert_eq!((level(&october, "provincial"), level(&october, "municipal")), (Some(9), Some(27)));
    let p = &october["promotion"];
    assert_eq!(
        (p["signed_count"].as_i64(), p["signed_value_fen"].as_i64()),
        (Some(73), Some(826_700_000_000))
    );
    assert_eq!((p["count_1bn_plus"].as_i64(), p["count_500m_to_1bn"].as_i64()), (Some(3), Some(5)));
    assert_eq!(p["start_rate"]["value"], "97");
    assert_eq!(october["investment"]["month"], "2015-10");
    // The quarter: July to September, each milestone inside it, counted as listed.
    let q3 = app.get_json(&leader, "/api/v1/projects/bulletin?period=2015-Q3").await;
    assert_eq!((q3["from"].as_str(), q3["to"].as_str()), (Some("2015-07-01"), Some("2015-09-30")));
    let listed = q3["milestones"].as_array().unwrap();
    assert!(
        listed
            .iter()
            .all(|m| ("2015-07-01".."2015-10-01").contains(&m["actual_on"].as_str().unwrap()))
    );
    let counted: i64 = q3["milestone_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_i64().unwrap() + c["promotion"].as_i64().unwrap())
        .sum();
    assert_eq!(counted as usize, listed.len());
    assert!(counted > 0, "the demo's projects started and finished through the year");
    assert_eq!(q3["investment"]["month"], "2015-09");
    assert_eq!(q3["promotion"]["as_of"], "2015-09-30");
    // A township sees its own; a period that is none, or not begun, is refused by name.
    let wenchang = app.token("wenchang").await;
    let theirs = app.get_json(&wenchang, "/api/v1/projects/bulletin?period=2015-10").await;
    assert!(level(&theirs, "provincial").unwrap() < 9);
    for bad in ["2015-Q5", "2015-13", "2016-01", "x"] {
        let res = app
            .send(
                Method::GET,
                &leader,
                &format!("/api/v1/projects/bulletin?period={bad}"),
                Value::Null,
            )
            .await;
        assert_eq!(crate::helpers::invalid_fields(res).await, ["period"], "{bad}");
    }
    let s = crate::page_permissions_requests::session(&app, "leader").await;
    let page = app
        .client
        .get(app.url("/projects/bulletin?period=2015-10"))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("82.67") && page.contains(">73<") && page.contains("97%"), "{page}");
}

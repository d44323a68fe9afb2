//! Entering a project on the page: the form refuses bad input field by field and writes
//! nothing; a good one is one project with its plan, team, planned gates and deal; a caller who
//! works no projects there is refused.

use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_project_entered_on_the_page_is_checked_whole_and_saved_whole() {
    let app = crate::project_fixtures::demo_at("2015-10-25T10:00:00+08:00").await;
    let s = crate::page_permissions_requests::session(&app, "wenchang").await;
    let form =
        app.client.get(app.url("/projects/new")).header("cookie", &s.cookie).send().await.unwrap();
    let form = form.text().await.unwrap();
    assert!(form.contains("新建项目") && form.contains("文昌街道") && form.contains("C35"));
    let unit = app.unit_of("wenchang").await.to_string();
    let post = |fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf", s.csrf.clone()));
        let req = app.client.post(app.url("/projects")).header("cookie", &s.cookie).form(&fields);
        async move { req.send().await.unwrap() }
    };
    let before = app.count("projects").await;
    let bad = vec![
        ("name", String::new()),
        ("level", "promotion".into()),
        ("unit_id", unit.clone()),
        ("total_wan", "很多".into()),
        ("value_wan", "-5".into()),
        ("owner", "不存在的公司".into()),
        ("plan_wan", "100".into()),
        ("plan_year", String::new()),
    ];
    let res = post(bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "shown again with its errors");
    let page = res.text().await.unwrap();
    assert!(page.contains("未保存"), "{page}");
    assert!(page.contains("不存在的公司"), "what was typed stays");
    let marked: Vec<&str> = page
        .split("class=\"field-error\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap())
        .filter(|m| !m.is_empty())
        .collect();
    // The name, the owner, the total, a plan with no year, the contract value, the contract
    // funds left out and the source not chosen, each beside its field.
    assert_eq!(marked.len(), 7, "{marked:?}");
    assert_eq!(app.count("projects").await, before, "nothing written");
    let good = vec![
        ("name", "文昌街道智能装备产业园项目".to_string()),
        ("level", "promotion".into()),
        ("industry", "C35".into()),
        ("unit_id", unit.clone()),
        ("owner", "焦作天宝桓祥机械科技有限公司".into()),
        ("total_wan", "52000".into()),
        ("leader", "张志强".into()),
        ("plan_year", "2016".into()),
        ("plan_wan", "20000".into()),
        ("member1_name", "赵磊".into()),
        ("member1_duty", "项目负责人".into()),
        ("member1_phone", "0391-3561234".into()),
        ("signed_on", "2015-11-10".into()),
        ("started_on", "2016-03-01".into()),
        ("value_wan", "52000".into()),
        ("funds_wan", "30000".into()),
        ("source", "industrial_chain".into()),
    ];
    let res = post(good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to.trim_start_matches("/projects/").split('?').next().unwrap().parse().unwrap();
    assert_eq!(app.count("projects").await, before + 1);
    let token = app.token("wenchang").await;
    let p: Value = app.get_json(&token, &format!("/api/v1/projects/{id}")).await;
    assert_eq!(p["total_fen"].as_i64(), Some(52_000 * 10_000 * 100));
    assert!(p["owner_id"].as_i64().is_some());
    assert_eq!(p["team"][0]["name"], "赵磊");
    assert_eq!(p["plans"][0]["planned_fen"].as_i64(), Some(20_000 * 10_000 * 100));
    let gate = |g: &str| {
        p["gates"].as_array().unwrap().iter().find(|x| x["gate"] == g).unwrap()["planned_on"]
            .clone()
    };
    assert_eq!(
        (gate("signed"), gate("started")),
        (Value::from("2015-11-10"), Value::from("2016-03-01"))
    );
    assert_eq!(p["deal"]["contract_funds_fen"].as_i64(), Some(30_000 * 10_000 * 100));
    // The leader reads projects but enters none: refused, nothing written.
    let leader = crate::page_permissions_requests::session(&app, "leader").await;
    let fields = vec![
        ("name", "越权项目".to_string()),
        ("level", "zone".into()),
        ("unit_id", unit),
        ("total_wan", "100".into()),
        ("csrf", leader.csrf.clone()),
    ];
    let res = app
        .client
        .post(app.url("/projects"))
        .header("cookie", &leader.cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("projects").await, before + 1);
}

#[tokio::test]
async fn a_cancelled_project_keeps_its_record_and_takes_no_more_writes() {
    use reqwest::Method;
    use serde_json::json;
    let app = crate::project_fixtures::demo_at("2015-10-25T10:00:00+08:00").await;
    let wenchang = app.token("wenchang").await;
    let id = crate::project_fixtures::provincial(&app, &wenchang, "天宝桓祥").await;
    let problem = json!({ "description": "用地", "owner_unit": "国土分局", "owner_person": "李娜",
        "unit_head": "局长", "principal": "主任", "working_days": 5 });
    let problems = format!("/api/v1/projects/{id}/problems");
    let res = app.send(Method::POST, &wenchang, &problems, problem.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cancel = format!("/api/v1/projects/{id}/cancel");
    let res =
        app.send(Method::POST, &wenchang, &cancel, json!({"on": "2015-11-01", "reason": ""})).await;
    assert_eq!(crate::helpers::invalid_fields(res).await, ["on", "reason"]);
    let res = app
        .send(Method::POST, &wenchang, &cancel, json!({"on": "2014-01-01", "reason": "早"}))
        .await;
    assert_eq!(crate::helpers::invalid_fields(res).await, ["on"], "before a gate it passed");
    let body = json!({"on": "2015-10-25", "reason": "投资方调整布局，项目终止"});
    let res = app.send(Method::POST, &app.token("leader").await, &cancel, body.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.send(Method::POST, &wenchang, &cancel, body.clone()).await.status(),
        StatusCode::NO_CONTENT
    );
    let p = app.get_json(&wenchang, &format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        (p["cancelled_on"].as_str(), p["cancel_reason"].as_str()),
        (Some("2015-10-25"), Some("投资方调整布局，项目终止"))
    );
    crate::helpers::error_of(
        app.send(Method::POST, &wenchang, &cancel, body).await,
        StatusCode::CONFLICT,
    )
    .await;
    // Every write to it now answers 409, and changes nothing.
    let gate = json!({"actual_on": "2015-10-21", "passed_by": "王刚", "evidence": "施工许可证"});
    let report = json!({"period": "2015-10", "method": "spending", "invested_fen": 1_000_000, "progress": "停工"});
    for (path, body) in [
        (format!("/api/v1/projects/{id}/gates/permit"), gate),
        (format!("/api/v1/projects/{id}/reports"), report),
        (problems.clone(), problem),
    ] {
        let res = app.send(Method::POST, &wenchang, &path, body).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{path}");
    }
    // Its October report is not reviewed now, and its open problem was closed with the reason.
    let review = format!("/api/v1/projects/{id}/reports/2015-10/review");
    let res =
        app.send(Method::POST, &app.token("development_reform").await, &review, json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let open = app.get_json(&wenchang, &problems).await;
    assert!(open.as_array().unwrap().iter().all(|p| p["solved_on"].is_string()), "{open}");
    // A promotion project cancelled: its deal is terminated that day, so the rates say so.
    let promotion =
        app.get_json(&wenchang, "/api/v1/projects?level=promotion").await["items"][0]["id"]
            .as_i64()
            .unwrap();
    let body = json!({"on": "2015-10-25", "reason": "合同解除"});
    let res = app
        .send(Method::POST, &wenchang, &format!("/api/v1/projects/{promotion}/cancel"), body)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let deal = &app.get_json(&wenchang, &format!("/api/v1/projects/{promotion}")).await["deal"];
    assert_eq!(deal["terminated_on"], "2015-10-25");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'project.cancel'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
    // The map leaves it out; its page says why and offers no form.
    let map = app.get_json(&wenchang, "/api/v1/projects/map").await;
    assert!(map.as_array().unwrap().iter().all(|p| p["id"].as_i64() != Some(id)));
    let s = crate::page_permissions_requests::session(&app, "wenchang").await;
    let page = app
        .client
        .get(app.url(&format!("/projects/{id}")))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    assert!(
        page.contains("投资方调整布局")
            && !page.contains("cancel-project")
            && !page.contains("raise-problem")
    );
    // A gate form sent from a page opened before the cancellation says why, in place.
    let gate = [
        ("csrf", s.csrf.as_str()),
        ("gate", "permit"),
        ("actual_on", "2015-10-25"),
        ("passed_by", "王刚"),
        ("evidence", "许可证"),
    ];
    let res = app
        .client
        .post(app.url(&format!("/projects/{id}/gates")))
        .header("cookie", &s.cookie)
        .form(&gate)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("该项目已撤销"));
}

//! The hierarchy: who sees what, and administering it.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_leader_sees_the_whole_zone_and_its_715_grids() {
    let app = TestApp::spawn().await;
    let token = app.token("leader").await;
    let top = app.get_json(&token, "/api/v1/units").await;
    assert_eq!(top["total"], 1);
    let zone = &top["items"][0];
    assert_eq!(zone["level"], "zone");
    assert_eq!(zone["code"], "410871000000");
    assert_eq!(zone["counts"]["grids"], 715);
    assert_eq!(zone["counts"]["children"], 5);

    let townships = app.get_json(&token, &format!("/api/v1/units?parent={}", zone["id"])).await;
    let names: Vec<&str> = townships["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["文昌街道", "李万街道", "宁郭镇", "阳庙镇", "苏家作乡"]);
    let grids: i64 = townships["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["counts"]["grids"].as_i64().unwrap())
        .sum();
    assert_eq!(grids, 715);

    let ningguo =
        townships["items"].as_array().unwrap().iter().find(|t| t["name"] == "宁郭镇").unwrap();
    let villages = app.get_json(&token, &format!("/api/v1/units?parent={}", ningguo["id"])).await;
    let names: Vec<&str> =
        villages["items"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    for source_name in ["宁郭村", "邱庄村", "东尚村", "黄庄村", "大驾村", "北官村", "石庄村"]
    {
        assert!(names.contains(&source_name), "{source_name} in {names:?}");
    }
}

#[tokio::test]
async fn a_unit_answers_with_its_counts_path_and_boundary() {
    let app = TestApp::spawn().await;
    let token = app.token("leader").await;
    let grid = app.unit_of("g001-manager").await;
    let unit = app.get_json(&token, &format!("/api/v1/units/{grid}")).await;
    assert_eq!(unit["level"], "grid");
    assert_eq!(unit["code"].as_str().unwrap().len(), 15);
    assert_eq!(unit["counts"], json!({"children": 0, "grids": 1, "staff": 4}));
    assert!(unit["path"].as_str().unwrap().ends_with(&format!("/{grid}/")));
    assert_eq!(unit["boundary"]["type"], "Polygon");
    let parent = app.get_json(&token, &format!("/api/v1/units/{}", unit["parent_id"])).await;
    assert_eq!(parent["level"], "village");
    assert_eq!(parent["code"].as_str().unwrap(), &unit["code"].as_str().unwrap()[..12]);
}

#[tokio::test]
async fn a_grid_manager_sees_their_grid_and_nothing_else() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let mine = app.unit_of("g001-manager").await;
    let other = app.unit_of("g002-manager").await;
    let village: i64 = sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1")
        .bind(mine)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    let top = app.get_json(&token, "/api/v1/units").await;
    assert_eq!(top["total"], 1);
    assert_eq!(top["items"][0]["id"], mine);
    assert_eq!(app.get_json(&token, &format!("/api/v1/units/{mine}")).await["counts"]["staff"], 4);

    // Another grid, the village above, and a unit that does not exist all answer the same 404.
    for id in [other, village, 999_999] {
        let error =
            error_of(app.get(&token, &format!("/api/v1/units/{id}")).await, StatusCode::NOT_FOUND)
                .await;
        assert_eq!(error["code"], "not_found");
        error_of(
            app.get(&token, &format!("/api/v1/units?parent={id}")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        error_of(app.get(&token, &format!("/api/v1/users?unit={id}")).await, StatusCode::NOT_FOUND)
            .await;
    }
    let staff = app.get_json(&token, &format!("/api/v1/users?unit={mine}")).await;
    assert_eq!(staff["total"], 4);
    let mut roles: Vec<String> = staff["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["roles"][0]["grid_role"].as_str().unwrap().to_string())
        .collect();
    roles.sort();
    assert_eq!(roles, ["assistant", "manager", "police_liaison", "supervisor"]);
    // Nor can they read another grid's staff one by one.
    let other_manager: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'g002-manager'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    error_of(
        app.get(&token, &format!("/api/v1/users/{other_manager}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn township_staff_see_their_township_only() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let top = app.get_json(&token, "/api/v1/units").await;
    assert_eq!(top["items"][0]["name"], "宁郭镇");
    let grids = top["items"][0]["counts"]["grids"].as_i64().unwrap();
    assert!(grids > 100 && grids < 715);
    let wenchang = app.unit_id("410871001000").await;
    error_of(app.get(&token, &format!("/api/v1/units/{wenchang}")).await, StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn lists_are_paged() {
    let app = TestApp::spawn().await;
    let token = app.token("leader").await;
    let zone = app.unit_id("410871000000").await;
    let page =
        app.get_json(&token, &format!("/api/v1/users?unit={zone}&page=2&page_size=100")).await;
    assert_eq!(page["total"], 2879);
    assert_eq!(page["page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 100);
    let fields = invalid_fields(app.get(&token, "/api/v1/units?page=0&page_size=1000").await).await;
    assert_eq!(fields, ["page", "page_size"]);
}

#[tokio::test]
async fn an_admin_creates_renames_and_moves_units_and_each_change_is_audited() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let ningguo = app.unit_id("410871100000").await;
    let audit_before = app.count("audit_log").await;

    let boundary = json!({"type": "Polygon", "coordinates": [[[113.30, 35.10], [113.31, 35.10], [113.31, 35.11], [113.30, 35.10]]]});
    let res = app
        .send(
            Method::POST,
            &token,
            "/api/v1/units",
            json!({"parent_id": ningguo, "name": "新村", "code": "410871100299", "boundary": boundary}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let village: Value = res.json().await.unwrap();
    assert_eq!(village["level"], "village");
    assert_eq!(village["boundary"]["type"], "Polygon");
    let id = village["id"].as_i64().unwrap();

    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/units/{id}"),
            json!({"name": "新兴村", "boundary": null}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let renamed: Value = res.json().await.unwrap();
    assert_eq!(renamed["name"], "新兴村");
    assert!(renamed["boundary"].is_null());

    let grid = app
        .send(
            Method::POST,
            &token,
            "/api/v1/units",
            json!({"parent_id": id, "name": "新兴村第1网格", "code": "410871100299001"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let yangmiao = app.unit_id("410871101000").await;
    let res = app
        .send(
            Method::POST,
            &token,
            &format!("/api/v1/units/{id}/move"),
            json!({"parent_id": yangmiao}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let moved: Value = res.json().await.unwrap();
    assert_eq!(moved["parent_id"], yangmiao);
    // The subtree moved with it.
    let grid_now = app.get_json(&token, &format!("/api/v1/units/{}", grid["id"])).await;
    assert!(grid_now["path"].as_str().unwrap().starts_with(moved["path"].as_str().unwrap()));

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE seq > $1 AND actor_name = 'admin' ORDER BY seq",
    )
    .bind(audit_before)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["unit.create", "unit.update", "unit.create", "unit.move"]);
}

#[tokio::test]
async fn bad_units_are_refused_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let ningguo = app.unit_id("410871100000").await;
    let (units, audit) = (app.count("units").await, app.count("audit_log").await);
    let post = |body: Value| app.send(Method::POST, &token, "/api/v1/units", body);

    assert_eq!(
        invalid_fields(
            post(json!({"parent_id": ningguo, "name": "村", "code": "41087110029"})).await
        )
        .await,
        ["code"]
    );
    assert_eq!(
        invalid_fields(
            post(json!({"parent_id": ningguo, "name": " ", "code": "410871101299"})).await
        )
        .await,
        ["name", "code"]
    );
    assert_eq!(
        invalid_fields(
            post(json!({"parent_id": ningguo, "name": "村", "code": "410871100200"})).await
        )
        .await,
        ["code"]
    );
    let bad_shape =
        json!({"type": "Polygon", "coordinates": [[[113.3, 35.1], [113.4, 35.1], [113.4, 35.2]]]});
    assert_eq!(
        invalid_fields(post(json!({"parent_id": ningguo, "name": "村", "code": "410871100298", "boundary": bad_shape})).await).await,
        ["boundary"]
    );
    assert_eq!(
        invalid_fields(
            post(json!({"parent_id": 999_999, "name": "村", "code": "410871100298"})).await
        )
        .await,
        ["parent_id"]
    );
    let grid = app.unit_of("g001-manager").await;
    assert_eq!(
        invalid_fields(post(json!({"parent_id": grid, "name": "x", "code": "410871100298"})).await)
            .await,
        ["parent_id"]
    );

    // A unit cannot become its own ancestor, nor hang under the wrong level.
    let village = app.unit_id("410871100200").await;
    let its_grid: i64 = sqlx::query_scalar("SELECT MIN(id) FROM units WHERE parent_id = $1")
        .bind(village)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let move_to = async |id: i64, parent: i64| {
        app.send(
            Method::POST,
            &token,
            &format!("/api/v1/units/{id}/move"),
            json!({"parent_id": parent}),
        )
        .await
    };
    assert_eq!(invalid_fields(move_to(village, its_grid).await).await, ["parent_id"]);
    assert_eq!(invalid_fields(move_to(village, village).await).await, ["parent_id"]);
    let zone = app.unit_id("410871000000").await;
    assert_eq!(invalid_fields(move_to(village, zone).await).await, ["parent_id"]);

    assert_eq!(
        (app.count("units").await, app.count("audit_log").await),
        (units, audit),
        "nothing was written"
    );
}

#[tokio::test]
async fn only_admins_change_the_hierarchy() {
    let app = TestApp::spawn().await;
    let zone = app.unit_id("410871000000").await;
    let ningguo = app.unit_id("410871100000").await;
    for who in ["leader", "ningguo", "civil_affairs"] {
        let token = app.token(who).await;
        let res = app
            .send(
                Method::POST,
                &token,
                "/api/v1/units",
                json!({"parent_id": ningguo, "name": "村", "code": "410871100298"}),
            )
            .await;
        error_of(res, StatusCode::FORBIDDEN).await;
        error_of(
            app.send(
                Method::PATCH,
                &token,
                &format!("/api/v1/units/{ningguo}"),
                json!({"name": "x"}),
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let token = app.token("leader").await;
    error_of(
        app.send(Method::PATCH, &token, &format!("/api/v1/units/{zone}"), json!({"name": "x"}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // Outside one's scope the unit does not exist at all.
    let token = app.token("wenchang").await;
    error_of(
        app.send(Method::PATCH, &token, &format!("/api/v1/units/{ningguo}"), json!({"name": "x"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn departments_are_listed() {
    let app = TestApp::spawn().await;
    let token = app.token("civil_affairs").await;
    let deps = app.get_json(&token, "/api/v1/departments").await;
    let kinds: Vec<&str> =
        deps.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"civil_affairs")
            && kinds.contains(&"supervision")
            && kinds.contains(&"statistics")
    );
}

/// Reports by point are placed by a grid index the server keeps between reports and rebuilds
/// when a unit changes: a grid redrawn takes the reports at its new points at once.
#[tokio::test]
async fn a_redrawn_grid_takes_the_reports_at_its_new_points_at_once() {
    use crate::kit::Report;
    use crate::kit::demo::{NINGGUO, NINGGUO_VILLAGE, village_grid_code};
    let app = TestApp::spawn().await;
    let township = app.township(NINGGUO).await;
    let grid = app.unit_id(&village_grid_code(NINGGUO, NINGGUO_VILLAGE, 1)).await;
    let inside = app.point_in(grid).await;
    assert_eq!(township.report(Report::at("I0101", inside, "井盖缺失")).await.unit_id, grid);
    let away = (100.0, 30.0);
    let refused = township.try_report(Report::at("I0101", away, "井盖缺失")).await;
    assert_eq!(invalid_fields(refused).await, ["point"]);

    let square = json!({"type": "Polygon", "coordinates": [[[99.99, 29.99], [100.01, 29.99], [100.01, 30.01], [99.99, 30.01], [99.99, 29.99]]]});
    let res = app
        .admin()
        .await
        .send(Method::PATCH, &format!("/api/v1/units/{grid}"), &json!({"boundary": square}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        township.report(Report::at("I0101", away, "井盖缺失")).await.unit_id,
        grid,
        "found in its new outline"
    );
    let left = township.try_report(Report::at("I0101", inside, "井盖缺失")).await;
    assert_eq!(invalid_fields(left).await, ["point"], "no longer in its old one");
}

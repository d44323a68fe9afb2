//! People: administering accounts and roles.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn an_admin_adds_a_grid_supervisor_who_then_sees_their_grid() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let grid = app.unit_of("g010-manager").await;
    let res = app
        .send(
            Method::POST,
            &token,
            "/api/v1/users",
            json!({"username": "zhang.wei", "display_name": "张伟", "phone": "13900000000", "password": "a-good-password",
                   "roles": [{"role": "grid_staff", "unit_id": grid, "grid_role": "supervisor"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["roles"][0]["grid_role"], "supervisor");
    let theirs = app.login("zhang.wei", "a-good-password").await.json::<Value>().await.unwrap();
    let top = app.get_json(theirs["token"].as_str().unwrap(), "/api/v1/units").await;
    assert_eq!(top["items"][0]["id"], grid);
    assert_eq!(top["items"][0]["counts"]["staff"], 5);
}

#[tokio::test]
async fn bad_accounts_are_refused_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let (users, audit) = (app.count("users").await, app.count("audit_log").await);
    let grid = app.unit_of("g010-manager").await;
    let township = app.unit_id("410871100000").await;
    let zone = app.unit_id("410871000000").await;
    let post = |body: Value| app.send(Method::POST, &token, "/api/v1/users", body);
    let user = |username: &str, password: &str, roles: Value| json!({"username": username, "display_name": "某人", "password": password, "roles": roles});
    let grid_role = json!([{"role": "grid_staff", "unit_id": grid, "grid_role": "manager"}]);
    assert_eq!(
        invalid_fields(post(user("leader", "a-good-password", grid_role.clone())).await).await,
        ["username"]
    );
    assert_eq!(
        invalid_fields(post(user("Bad Name", "short", grid_role.clone())).await).await,
        ["username", "password"]
    );
    assert_eq!(
        invalid_fields(post(user("new.one", "a-good-password", json!([]))).await).await,
        ["roles"]
    );
    let wrong_level = json!([{"role": "township_staff", "unit_id": grid}]);
    assert_eq!(
        invalid_fields(post(user("new.one", "a-good-password", wrong_level)).await).await,
        ["roles[0].unit_id"]
    );
    let no_grid_role = json!([{"role": "grid_staff", "unit_id": grid}]);
    assert_eq!(
        invalid_fields(post(user("new.one", "a-good-password", no_grid_role)).await).await,
        ["roles[0].grid_role"]
    );
    let no_department = json!([{"role": "department_staff", "unit_id": zone}]);
    assert_eq!(
        invalid_fields(post(user("new.one", "a-good-password", no_department)).await).await,
        ["roles[0].department_id"]
    );
    let unknown_role = json!([{"role": "mayor", "unit_id": township}]);
    assert_eq!(
        invalid_fields(post(user("new.one", "a-good-password", unknown_role)).await).await,
        ["roles[0].role"]
    );
    assert_eq!((app.count("users").await, app.count("audit_log").await), (users, audit));
}

#[tokio::test]
async fn non_admins_cannot_add_people() {
    let app = TestApp::spawn().await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"username": "x.y", "display_name": "某人", "password": "a-good-password",
                      "roles": [{"role": "grid_staff", "unit_id": grid, "grid_role": "assistant"}]});
    for who in ["leader", "g001-manager"] {
        let token = app.token(who).await;
        error_of(
            app.send(Method::POST, &token, "/api/v1/users", body.clone()).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    // A grid outside the caller's scope is named as unknown, not as forbidden.
    let token = app.token("g002-manager").await;
    let res = app.send(Method::POST, &token, "/api/v1/users", body).await;
    assert_eq!(invalid_fields(res).await, ["roles[0].unit_id"]);
}

#[tokio::test]
async fn a_disabled_account_loses_its_tokens_and_a_new_password_replaces_the_old() {
    let app = TestApp::spawn().await;
    let admin = app.token("admin").await;
    let theirs = app.token("g003-police").await;
    let id = app.get_json(&theirs, "/api/v1/me").await["id"].as_i64().unwrap();

    let res = app
        .send(Method::PATCH, &admin, &format!("/api/v1/users/{id}"), json!({"disabled": true}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["disabled"], true);
    error_of(app.get(&theirs, "/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(app.login("g003-police", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);

    app.send(
        Method::PATCH,
        &admin,
        &format!("/api/v1/users/{id}"),
        json!({"disabled": false, "password": "another-password"}),
    )
    .await;
    assert_eq!(app.login("g003-police", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("g003-police", "another-password").await.status(), StatusCode::OK);

    // A short password is refused before anything else is written.
    let res = app
        .send(
            Method::PATCH,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"disabled": true, "password": "short"}),
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["password"]);
    assert_eq!(app.get_json(&admin, &format!("/api/v1/users/{id}")).await["disabled"], false);
}

#[tokio::test]
async fn people_change_their_own_password_but_not_others() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let me = app.get_json(&token, "/api/v1/me").await["id"].as_i64().unwrap();
    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/users/{me}"),
            json!({"password": "my-own-password"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The new password ended the old token (tests/api/tokens.rs): log in again with it.
    let res = app.login("g001-manager", "my-own-password").await;
    assert_eq!(res.status(), StatusCode::OK);
    let token =
        res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let colleague: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'g001-assistant'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/users/{colleague}"),
            json!({"disabled": true}),
        )
        .await;
    error_of(res, StatusCode::FORBIDDEN).await;
}

//! A unique value taken twice at once: eight administrators' requests for the same unit code (or
//! the same username) race past the friendly check, and the database's own refusal is answered as
//! the field that is taken, never as a 500, on SQLite and on PostgreSQL.

use crate::helpers::TestApp;
use crate::helpers::error_of;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::task::JoinSet;
use zhili::platform::db::unique::OrTaken;
use zhili::platform::hierarchy::store::NewUnit;
use zhili::platform::service::AppError;
use zhili::platform::users::store::NewUser;

const AT_ONCE: usize = 8;

/// Sends the same POST `AT_ONCE` times at once; the answers' statuses and bodies.
async fn all_at_once(
    app: &Arc<TestApp>,
    token: &str,
    path: &'static str,
    body: Value,
) -> Vec<(StatusCode, Value)> {
    let mut posts = JoinSet::new();
    for _ in 0..AT_ONCE {
        let (app, token, body) = (app.clone(), token.to_string(), body.clone());
        posts.spawn(async move {
            let res = app.send(Method::POST, &token, path, body).await;
            let status = res.status();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    posts.join_all().await
}

/// Exactly one was made; every other was told which field is taken.
fn one_made_the_rest_taken(answers: &[(StatusCode, Value)], field: &str) {
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.0).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::CREATED).count(),
        1,
        "exactly one made: {statuses:?}"
    );
    for (status, body) in answers.iter().filter(|a| a.0 != StatusCode::CREATED) {
        assert_eq!(
            *status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the others refused by field, none failing: {body}"
        );
        assert_eq!(body["error"]["code"], "invalid");
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, [field], "{body}");
    }
}

#[tokio::test]
async fn eight_admins_creating_one_unit_code_at_once_make_one_unit() {
    let app = Arc::new(TestApp::spawn().await);
    let token = app.token("admin").await;
    let ningguo = app.unit_id("410871100000").await;
    let (units, audit) = (app.count("units").await, app.count("audit_log").await);
    let answers = all_at_once(
        &app,
        &token,
        "/api/v1/units",
        json!({"parent_id": ningguo, "name": "新兴村", "code": "410871100298"}),
    )
    .await;
    one_made_the_rest_taken(&answers, "code");
    assert_eq!(
        (app.count("units").await, app.count("audit_log").await),
        (units + 1, audit + 1),
        "one unit, one audit row"
    );
}

#[tokio::test]
async fn eight_admins_adding_one_username_at_once_make_one_account() {
    let app = Arc::new(TestApp::spawn().await);
    let token = app.token("admin").await;
    let grid = app.unit_of("g010-manager").await;
    let users = app.count("users").await;
    let account = json!({"username": "zhang.wei", "display_name": "张伟", "password": "a-good-password",
                         "roles": [{"role": "grid_staff", "unit_id": grid, "grid_role": "supervisor"}]});
    let answers = all_at_once(&app, &token, "/api/v1/users", account).await;
    one_made_the_rest_taken(&answers, "username");
    assert_eq!(app.count("users").await, users + 1);
}

#[tokio::test]
async fn a_code_changed_to_one_taken_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let village = app.unit_id("410871100200").await;
    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/units/{village}"),
            json!({"code": "410871100201"}),
        )
        .await;
    let error = error_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error["fields"][0]["field"], "code");
}

/// Past the friendly check the database refuses, and that refusal itself is read as the field's:
/// the path a race takes, here without needing to win one. (Accounts race less often through the
/// API, their passwords being hashed a few at a time before the transaction.)
#[tokio::test]
async fn the_database_s_own_refusal_names_the_field() {
    let app = TestApp::spawn().await;
    let named = |result: Result<(), AppError>| match result {
        Err(AppError::Invalid(fields)) => (fields[0].field.clone(), fields[0].key),
        other => panic!("the field's error, not {other:?}"),
    };
    let mut tx = app.db.begin().await.unwrap();
    let zone = NewUnit {
        parent: None,
        level: "zone",
        name: "又一区",
        code: "410871000000",
        boundary: None,
    };
    let again = zhili::platform::hierarchy::store::insert(&mut tx, &zone).await;
    assert!(
        zhili::platform::db::unique::is_unique_violation(again.as_ref().unwrap_err()),
        "{again:?}"
    );
    assert_eq!(
        named(again.map(drop).or_taken("code", "error.code_taken")),
        ("code".into(), "error.code_taken")
    );
    tx.rollback().await.unwrap();

    let mut tx = app.db.begin().await.unwrap();
    let leader =
        NewUser { username: "leader", display_name: "又一个", phone: None, password_hash: "x" };
    let again = zhili::platform::users::store::insert(&mut tx, &leader).await;
    assert_eq!(
        named(again.map(drop).or_taken("username", "error.username_taken")),
        ("username".into(), "error.username_taken")
    );
}

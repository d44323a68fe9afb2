//! API tokens expire, record their last use, and end with their user's access: a new password
//! (the command line or the API), a disabled account or a removed role ends every session and
//! token of the user at once, on every server.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;

use crate::helpers::invalid_fields;
use crate::pages::page_login;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Whether the session cookie still opens the home page.
async fn session_works(app: &TestApp, session: &str) -> bool {
    app.client.get(app.url("/")).header("cookie", session).send().await.unwrap().status()
        == StatusCode::OK
}

/// Waits (up to 3 s: the cache epoch's poll is 200 ms) for a token to be refused.
async fn refused_soon(app: &TestApp, token: &str) {
    let since = Instant::now();
    while app.get(token, "/api/v1/me").await.status() == StatusCode::OK {
        assert!(
            since.elapsed() < Duration::from_secs(3),
            "the token was still served after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A user's API token and page session, the token's actor kept in memory by the server.
async fn signed_in(app: &TestApp, username: &str) -> (String, String) {
    let token = app.token(username).await;
    let session = page_login(app, username).await;
    // Once the server has read the cache epoch, the next request keeps the actor in memory.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    assert!(session_works(app, &session).await);
    (token, session)
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn tokens_expire_and_a_lifetime_over_a_year_is_refused() {
    let app = TestApp::spawn().await;
    let login: Value = app.login("statistics", PASSWORD).await.json().await.unwrap();
    let token = login["token"].as_str().unwrap().to_string();
    let expires =
        chrono::DateTime::parse_from_rfc3339(login["expires_at"].as_str().unwrap()).unwrap();
    let hours = (expires.to_utc() - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((11.9..=12.0).contains(&hours), "a login's token lasts a page session: {hours} h");

    let before = app.count("api_tokens").await;
    let ask = |days: Value| {
        app.send(
            Method::POST,
            &token,
            "/api/v1/tokens",
            json!({"name": "import", "lifetime_days": days}),
        )
    };
    assert_eq!(invalid_fields(ask(json!(366)).await).await, ["lifetime_days"]);
    assert_eq!(invalid_fields(ask(json!(0)).await).await, ["lifetime_days"]);
    assert_eq!(app.count("api_tokens").await, before, "nothing written");
    let res = ask(json!(365)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = res.json().await.unwrap();
    let days = (chrono::DateTime::parse_from_rfc3339(made["expires_at"].as_str().unwrap())
        .unwrap()
        .to_utc()
        - chrono::Utc::now())
    .num_days();
    assert_eq!(days, 364, "a year less the moment since");

    // A token whose time is up is refused, even with its actor in memory.
    let secret = made["token"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.get(&secret, "/api/v1/me").await.status(), StatusCode::OK);
    let soon = zhili::platform::db::stamp(chrono::Utc::now() + chrono::Duration::seconds(1));
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind(soon)
        .bind(made["id"].as_i64())
        .execute(&app.db.pool)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.get(&secret, "/api/v1/me").await.status(),
        StatusCode::OK,
        "cached again until it expires"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(app.get(&secret, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_tokens_list_shows_expiry_and_last_use() {
    let app = TestApp::spawn().await;
    let token = app.token("statistics").await;
    let made: Value = app
        .send(Method::POST, &token, "/api/v1/tokens", json!({"name": "directory import"}))
        .await
        .json()
        .await
        .unwrap();
    let listed = app.get_json(&token, "/api/v1/tokens").await;
    let unused = listed.as_array().unwrap().iter().find(|t| t["id"] == made["id"]).unwrap().clone();
    assert!(unused["last_used_at"].is_null() && unused["expires_at"].is_string(), "{unused}");
    assert_eq!(
        app.get(made["token"].as_str().unwrap(), "/api/v1/me").await.status(),
        StatusCode::OK
    );
    // The use is written after the answer.
    let since = Instant::now();
    let used = loop {
        let listed = app.get_json(&token, "/api/v1/tokens").await;
        let row =
            listed.as_array().unwrap().iter().find(|t| t["id"] == made["id"]).unwrap().clone();
        if row["last_used_at"].is_string() || since.elapsed() > Duration::from_secs(3) {
            break row;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(used["last_used_at"].is_string(), "{used}");
    // Written once a minute at most: many uses, one write.
    for _ in 0..20 {
        app.get(made["token"].as_str().unwrap(), "/api/v1/me").await;
    }
    let after = app.get_json(&token, "/api/v1/tokens").await;
    assert_eq!(
        after.as_array().unwrap().iter().find(|t| t["id"] == made["id"]).unwrap()["last_used_at"],
        used["last_used_at"]
    );

    app.send(Method::POST, &token, "/api/v1/tokens", json!({"name": "spare"})).await;
    let session = page_login(&app, "statistics").await;
    let html = crate::kit::session::page_html(&app, &session, "/tokens").await;
    assert!(
        html.contains("到期时间") && html.contains("最近使用") && html.contains("未使用"),
        "expiry and last use are shown"
    );
    assert!(html.contains("name=\"lifetime_days\""));

    // The OpenAPI document says so too.
    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["TokenRow"]["properties"]["expires_at"].is_object()
            && schemas["TokenRow"]["properties"]["last_used_at"].is_object()
    );
    assert_eq!(schemas["TokenRequest"]["properties"]["lifetime_days"]["maximum"], 365);
    assert!(schemas["LoginResponse"]["properties"]["expires_at"].is_object());
}

#[tokio::test]
async fn a_new_password_ends_sessions_and_tokens_from_the_api_and_the_command_line() {
    let app = TestApp::spawn().await;
    // Through the API, one's own: every token and session ends at once, the one used included.
    let (token, session) = signed_in(&app, "g001-manager").await;
    let id = user_id(&app, "g001-manager").await;
    let res = app
        .send(
            Method::PATCH,
            &token,
            &format!("/api/v1/users/{id}"),
            json!({"password": "a-new-password-1"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.get(&token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "at once on this server"
    );
    assert!(!session_works(&app, &session).await);

    // From the command line, another process on the database, like another server.
    let (token, session) = signed_in(&app, "ningguo").await;
    let passwd = crate::cli::zhili(
        &["user", "passwd", "ningguo"],
        &app.database_url,
        Some("a-new-password-2"),
    );
    assert!(passwd.status.success());
    assert!(!session_works(&app, &session).await, "sessions are read from the database");
    refused_soon(&app, &token).await;
    assert_eq!(app.login("ningguo", "a-new-password-2").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn disabling_and_removing_a_role_end_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let admin = app.token("admin").await;
    let (token, session) = signed_in(&app, "g001-manager").await;
    let id = user_id(&app, "g001-manager").await;
    let res = app
        .send(Method::PATCH, &admin, &format!("/api/v1/users/{id}"), json!({"disabled": true}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert!(!session_works(&app, &session).await);
    // Enabled again, the account logs in afresh: what it had before stays ended.
    let res = app
        .send(Method::PATCH, &admin, &format!("/api/v1/users/{id}"), json!({"disabled": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert!(!session_works(&app, &session).await);

    // A role removed, by whatever path writes it (here, straight in the database, as another
    // server or a later use-case would): the holder's sessions and tokens end on every server.
    let (token, session) = signed_in(&app, "ningguo").await;
    let id = user_id(&app, "ningguo").await;
    sqlx::query("DELETE FROM role_grants WHERE user_id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(!session_works(&app, &session).await);
    refused_soon(&app, &token).await;
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(live, 0);
}

//! Logging in, throttling, tokens.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn login_gives_a_token_that_says_who_i_am() {
    let app = TestApp::spawn().await;
    let res = app.login("g001-manager", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["username"], "g001-manager");
    assert_eq!(body["user"]["roles"][0]["role"], "grid_staff");
    assert_eq!(body["user"]["roles"][0]["grid_role"], "manager");
    let token = body["token"].as_str().unwrap();
    let me = app.get_json(token, "/api/v1/me").await;
    assert_eq!(me["username"], "g001-manager");
}

#[tokio::test]
async fn a_wrong_password_is_401_and_five_in_a_row_are_429() {
    let app = TestApp::spawn().await;
    let error =
        error_of(app.login("leader", "wrong-password").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(error["code"], "unauthorized");
    for _ in 0..4 {
        assert_eq!(app.login("leader", "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the username backs off (tests/api/login_throttle.rs).
    let res = app.login("leader", PASSWORD).await;
    assert!(res.headers().get("retry-after").is_some());
    let error = error_of(res, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(error["code"], "too_many_requests");
}

#[tokio::test]
async fn a_good_login_clears_its_usernames_count() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        assert_eq!(app.login("leader", "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("leader", PASSWORD).await.status(), StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(app.login("leader", "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("leader", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_valid_token_the_api_answers_401() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    error_of(res, StatusCode::UNAUTHORIZED).await;
    error_of(app.get("zl_not-a-token", "/api/v1/units").await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn messages_follow_the_callers_language() {
    let app = TestApp::spawn().await;
    let ask = |lang: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("accept-language", lang)
            .json(&json!({"username": "x", "password": "y"}))
            .send()
    };
    let zh: Value = ask("zh-CN").await.unwrap().json().await.unwrap();
    let en: Value = ask("en-US").await.unwrap().json().await.unwrap();
    assert_eq!(zh["error"]["message"], "用户名或密码不正确。");
    assert_eq!(en["error"]["message"], "Wrong username or password.");
}

#[tokio::test]
async fn malformed_json_is_400_and_a_wrong_shape_is_422() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"username\":")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(res, StatusCode::BAD_REQUEST).await["code"], "bad_request");
    let token = app.token("admin").await;
    let res = app
        .send(
            Method::POST,
            &token,
            "/api/v1/units",
            json!({"parent_id": "one", "name": "x", "code": "1"}),
        )
        .await;
    assert_eq!(invalid_fields(res).await, vec!["parent_id"]);
}

#[tokio::test]
async fn tokens_are_made_listed_and_revoked_by_their_owner_only() {
    let app = TestApp::spawn().await;
    let token = app.token("statistics").await;
    let res =
        app.send(Method::POST, &token, "/api/v1/tokens", json!({"name": "directory import"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = res.json().await.unwrap();
    let secret = made["token"].as_str().unwrap().to_string();
    assert_eq!(app.get_json(&secret, "/api/v1/me").await["username"], "statistics");
    let list = app.get_json(&token, "/api/v1/tokens").await;
    assert!(list.as_array().unwrap().iter().any(|t| t["name"] == "directory import"));
    assert!(list.to_string().find(&secret).is_none(), "secrets are never listed");

    // Someone else cannot revoke it, and learns nothing about it.
    let other = app.token("supervision").await;
    let path = format!("/api/v1/tokens/{}", made["id"]);
    error_of(app.send(Method::DELETE, &other, &path, json!({})).await, StatusCode::NOT_FOUND).await;
    assert_eq!(
        app.send(Method::DELETE, &token, &path, json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    error_of(app.get(&secret, "/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(
        invalid_fields(
            app.send(Method::POST, &token, "/api/v1/tokens", json!({"name": "  "})).await
        )
        .await,
        vec!["name"]
    );
}

#[tokio::test]
async fn only_digests_of_secrets_are_stored() {
    let app = TestApp::spawn().await;
    let token = app.token("leader").await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|h| h.len() == 64 && *h != token));
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'leader'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn a_change_made_by_another_server_reaches_cached_actors_at_once() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    // Another process on the same database (a second server, the command line) disables the
    // account; this server learns of it through the cache epoch alone.
    let elsewhere =
        zhili::platform::db::Db::connect(&app.database_url, zhili::CAPABILITIES).await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'g001-manager'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    zhili::platform::users::services::set_disabled(
        &elsewhere,
        &zhili::platform::access::actor::Actor::system(),
        id,
        true,
    )
    .await
    .unwrap();
    let changed = std::time::Instant::now();
    while app.get(&token, "/api/v1/me").await.status() == StatusCode::OK {
        assert!(
            changed.elapsed() < std::time::Duration::from_secs(3),
            "a disabled account was still served from memory"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    error_of(app.get(&token, "/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_tokens_actor_is_served_from_memory_until_the_epoch_moves() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    // Once the server has read the epoch (it polls every 200 ms), the first request keeps the actor.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    // Revoke the token behind the epoch's back (no trigger): memory still answers for it,
    // which shows the actor is not read again on each request...
    let drop_trigger = match app.db.backend {
        zhili::platform::db::Backend::Sqlite => "DROP TRIGGER api_tokens_update_epoch",
        zhili::platform::db::Backend::Postgres => "DROP TRIGGER api_tokens_epoch ON api_tokens",
    };
    sqlx::query(drop_trigger).execute(&app.db.pool).await.unwrap();
    sqlx::query("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    // ...and moving the epoch drops it.
    sqlx::query("UPDATE cache_epoch SET n = n + 1").execute(&app.db.pool).await.unwrap();
    let moved = std::time::Instant::now();
    while app.get(&token, "/api/v1/me").await.status() == StatusCode::OK {
        assert!(
            moved.elapsed() < std::time::Duration::from_secs(3),
            "the epoch moved but memory still answered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

//! The audit chain: every write is in it, and a hand edit breaks it.

use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;
use zhili::store::audit;

#[tokio::test]
async fn every_write_is_chained_and_verifies() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let zone = app.unit_id("410871000000").await;
    app.send(Method::PATCH, &token, &format!("/api/v1/units/{zone}"), json!({"name": "示范区"})).await;
    let verdict = audit::verify(&app.db.pool).await.unwrap();
    assert_eq!(verdict.broken, None);
    assert_eq!(verdict.rows, 4, "demo load, login and its token, rename");
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'unit.update'").fetch_one(&app.db.pool).await.unwrap();
    assert!(detail.contains("示范区"), "the digest covers what changed: {detail}");
}

#[tokio::test]
async fn an_edited_removed_or_inserted_row_breaks_the_chain() {
    let app = TestApp::spawn().await;
    for who in ["leader", "ningguo", "g001-manager", "g002-manager"] {
        app.token(who).await;
    }
    assert_eq!(audit::verify(&app.db.pool).await.unwrap().broken, None);

    let name: String = sqlx::query_scalar("SELECT actor_name FROM audit_log WHERE seq = 3").fetch_one(&app.db.pool).await.unwrap();
    sqlx::query("UPDATE audit_log SET actor_name = 'someone' WHERE seq = 3").execute(&app.db.pool).await.unwrap();
    assert_eq!(audit::verify(&app.db.pool).await.unwrap().broken.unwrap().0, 3);
    sqlx::query("UPDATE audit_log SET actor_name = $1 WHERE seq = 3").bind(name).execute(&app.db.pool).await.unwrap();
    assert_eq!(audit::verify(&app.db.pool).await.unwrap().broken, None, "putting it back mends it");

    sqlx::query("UPDATE audit_log SET detail = '{}' WHERE seq = 2").execute(&app.db.pool).await.unwrap();
    let (seq, why) = audit::verify(&app.db.pool).await.unwrap().broken.unwrap();
    assert_eq!(seq, 2);
    assert!(why.contains("digest"));
}

#[tokio::test]
async fn a_removed_row_and_a_removed_tail_are_caught() {
    let app = TestApp::spawn().await;
    for who in ["leader", "ningguo", "g001-manager"] {
        app.token(who).await;
    }
    sqlx::query("DELETE FROM audit_log WHERE seq = 7").execute(&app.db.pool).await.unwrap();
    assert_eq!(audit::verify(&app.db.pool).await.unwrap().broken.unwrap().0, 7, "the last row, still named by the head");
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(&app.db.pool).await.unwrap();
    assert_eq!(audit::verify(&app.db.pool).await.unwrap().broken.unwrap().0, 2);
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let mut tasks = Vec::new();
    for i in 1..=12 {
        let (client, url) = (app.client.clone(), app.url("/api/v1/auth/login"));
        tasks.push(tokio::spawn(async move {
            let username = format!("g{i:03}-manager");
            client.post(url).json(&json!({"username": username, "password": crate::helpers::PASSWORD})).send().await.unwrap().status()
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().is_success());
    }
    let verdict = audit::verify(&app.db.pool).await.unwrap();
    assert_eq!(verdict.broken, None);
    assert_eq!(verdict.rows, 1 + 12 * 2, "each login appends a login and a token row");
}

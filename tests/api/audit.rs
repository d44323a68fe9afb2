//! The audit chain: every write is in it, and a hand edit breaks it.

use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_write_is_chained_and_verifies() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let zone = app.unit_id("410871000000").await;
    app.send(Method::PATCH, &token, &format!("/api/v1/units/{zone}"), json!({"name": "示范区"}))
        .await;
    let verdict = zhili::platform::audit::verify(&app.db).await.unwrap();
    assert_eq!(verdict.broken, None);
    assert_eq!(verdict.rows, 4, "demo load, login and its token, rename");
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'unit.update'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(detail.contains("示范区"), "the digest covers what changed: {detail}");
}

#[tokio::test]
async fn an_edited_removed_or_inserted_row_breaks_the_chain() {
    let app = TestApp::spawn().await;
    for who in ["leader", "ningguo", "g001-manager", "g002-manager"] {
        app.token(who).await;
    }
    assert_eq!(zhili::platform::audit::verify(&app.db).await.unwrap().broken, None);

    let name: String = sqlx::query_scalar("SELECT actor_name FROM audit_log WHERE seq = 3")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET actor_name = 'someone' WHERE seq = 3")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(zhili::platform::audit::verify(&app.db).await.unwrap().broken.unwrap().0, 3);
    sqlx::query("UPDATE audit_log SET actor_name = $1 WHERE seq = 3")
        .bind(name)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        zhili::platform::audit::verify(&app.db).await.unwrap().broken,
        None,
        "putting it back mends it"
    );

    sqlx::query("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (seq, why) = zhili::platform::audit::verify(&app.db).await.unwrap().broken.unwrap();
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
    assert_eq!(
        zhili::platform::audit::verify(&app.db).await.unwrap().broken.unwrap().0,
        7,
        "the last row, still named by the head"
    );
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(&app.db.pool).await.unwrap();
    assert_eq!(zhili::platform::audit::verify(&app.db).await.unwrap().broken.unwrap().0, 2);
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let mut tasks = Vec::new();
    for i in 1..=12 {
        let (client, url) = (app.client.clone(), app.url("/api/v1/auth/login"));
        tasks.push(tokio::spawn(async move {
            let username = format!("g{i:03}-manager");
            client
                .post(url)
                .json(&json!({"username": username, "password": crate::helpers::PASSWORD}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().is_success());
    }
    let verdict = zhili::platform::audit::verify(&app.db).await.unwrap();
    assert_eq!(verdict.broken, None);
    assert_eq!(verdict.rows, 1 + 12 * 2, "each login appends a login and a token row");
}

/// The hash of a row as the chain computes it, for a forger who can write to the database.
fn forged_hash(row: &(i64, String, Option<i64>, String, String, String, String, String)) -> String {
    let (seq, at, actor, name, action, object, digest, prev) = row;
    let actor = actor.map(|a| a.to_string()).unwrap_or_default();
    zhili::platform::audit::sha256_hex(format!(
        "{seq}\n{at}\n{actor}\n{name}\n{action}\n{object}\n{digest}\n{prev}"
    ))
}

#[tokio::test]
async fn a_cut_tail_with_a_rewritten_head_is_caught_by_the_seal() {
    let app = TestApp::spawn().await;
    for who in ["leader", "ningguo", "g001-manager"] {
        app.token(who).await;
    }
    // The forger deletes the last row and points the head at the row before it.
    let (seq, hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq > $1")
        .bind(seq)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let verdict = zhili::platform::audit::verify(&app.db).await.unwrap();
    assert!(verdict.sealed);
    let (at, why) = verdict.broken.expect("the cut is caught");
    assert_eq!(at, seq + 1);
    assert!(why.contains("head's seal"), "{why}");
}

#[tokio::test]
async fn a_rewritten_row_with_every_hash_recomputed_is_caught_by_the_seal() {
    let app = TestApp::spawn().await;
    for who in ["leader", "ningguo"] {
        app.token(who).await;
    }
    // The forger changes who logged in at row 2 and recomputes every hash after it and the head.
    type Fields = (i64, String, Option<i64>, String, String, String, String, String);
    let rows: Vec<Fields> =
        sqlx::query_as("SELECT seq, at, actor_id, actor_name, action, object, digest, prev_hash FROM audit_log ORDER BY seq")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let mut prev = rows[0].7.clone();
    for mut row in rows {
        if row.0 == 2 {
            row.3 = "someone".into();
        }
        row.7 = prev;
        prev = forged_hash(&row);
        sqlx::query(
            "UPDATE audit_log SET actor_name = $1, prev_hash = $2, hash = $3 WHERE seq = $4",
        )
        .bind(&row.3)
        .bind(&row.7)
        .bind(&prev)
        .bind(row.0)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (at, why) = zhili::platform::audit::verify(&app.db)
        .await
        .unwrap()
        .broken
        .expect("the rewrite is caught");
    assert_eq!(at, 2);
    assert!(why.contains("seal"), "{why}");
}

#[tokio::test]
async fn a_chain_from_before_the_seal_is_sealed_from_its_head_on_the_next_start() {
    let app = TestApp::spawn().await;
    app.token("leader").await;
    // As a database written before the seal existed looks after its migration.
    sqlx::query("UPDATE audit_log SET seal = ''").execute(&app.db.pool).await.unwrap();
    sqlx::query("UPDATE audit_head SET seal = '', sealed_from = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(
        zhili::platform::audit::verify(&app.db).await.unwrap().broken.is_some(),
        "unsealed rows are not taken for sealed ones"
    );
    let again =
        zhili::platform::db::Db::connect(&app.database_url, zhili::CAPABILITIES).await.unwrap();
    let (head, from): (i64, i64) = sqlx::query_as("SELECT seq, sealed_from FROM audit_head")
        .fetch_one(&again.pool)
        .await
        .unwrap();
    assert_eq!(head, from, "the old rows are proven by their hashes, the new by their seals too");
    assert_eq!(zhili::platform::audit::verify(&again).await.unwrap().broken, None);
}

//! Crash safety: grid managers report cases while the server is killed with SIGKILL at random
//! moments and started again, over and over. Afterwards every case whose report was answered
//! `201 Created` is in the database, SQLite's integrity check passes, the audit chain verifies
//! and the rollups equal a recomputation from the cases. Runs on SQLite, or on PostgreSQL when
//! ZHILI_TEST_DATABASE_URL is set; ZHILI_CRASH_KILLS sets how many kills (20 by default).

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

#[path = "support/server.rs"]
mod server;

use helpers::fresh_database;
use server::{free_port, rollups, start, token};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zhili::platform::db::Backend;
use zhili::platform::db::Db;

/// Grid managers reporting at once.
const CLIENTS: usize = 16;

/// Reports in a loop, keeping the id of every report the server acknowledged.
async fn report_forever(
    base: String,
    token: String,
    grid: i64,
    acknowledged: Arc<Mutex<Vec<i64>>>,
) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut n = 0;
    loop {
        n += 1;
        let body = serde_json::json!({"category": "I0301", "unit_id": grid, "description": format!("垃圾堆放 {n}"), "source": "grid"});
        let sent = client
            .post(format!("{base}/api/v1/cases"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(res) if res.status() == reqwest::StatusCode::CREATED => {
                if let Ok(case) = res.json::<serde_json::Value>().await {
                    acknowledged.lock().unwrap().push(case["id"].as_i64().unwrap());
                }
            }
            // The server is down or going down: try again shortly.
            _ => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_case_is_lost_when_the_server_is_killed() {
    let kills: usize =
        std::env::var("ZHILI_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(20);
    let database = fresh_database().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&database.url, port, &[]).await;
    let mut logins = Vec::new();
    for i in 0..CLIENTS {
        logins.push(token(&base, &format!("g{:03}-manager", 1 + i * 40)).await);
    }
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    // A different moment each run: the clock's nanoseconds, stepped through an LCG.
    let mut seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
            as u64;
    let mut killed_after = Vec::new();
    for round in 0..kills {
        if round > 0 {
            server = start(&database.url, port, &[]).await;
        }
        let clients: Vec<_> = logins
            .iter()
            .map(|(token, grid)| {
                tokio::spawn(report_forever(
                    base.clone(),
                    token.clone(),
                    *grid,
                    acknowledged.clone(),
                ))
            })
            .collect();
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let wait = Duration::from_millis(150 + (seed >> 33) % 650);
        tokio::time::sleep(wait).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        killed_after.push(wait.as_millis());
        for c in clients {
            c.abort();
        }
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > kills * 10,
        "too few reports were acknowledged to prove anything: {}",
        acknowledged.len()
    );
    let db = Db::connect(&database.url, zhili::CAPABILITIES).await.unwrap();
    let mut missing: Vec<i64> = Vec::new();
    for chunk in acknowledged.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
        let found: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM cases WHERE id IN ({})",
            ids.join(", ")
        )))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        missing.extend(chunk.iter().filter(|id| !found.contains(id)));
    }
    assert!(missing.is_empty(), "acknowledged but lost after {kills} kills: {missing:?}");
    if db.backend == Backend::Sqlite {
        let check: String =
            sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&db.pool).await.unwrap();
        assert_eq!(check, "ok");
    }
    let verdict = zhili::platform::audit::verify(&db).await.unwrap();
    assert_eq!(verdict.broken, None, "the audit chain after {kills} kills");
    let kept = rollups(&db).await;
    zhili::cases::services::recompute_rollups(&db).await.unwrap();
    assert_eq!(rollups(&db).await, kept, "the rollups after {kills} kills");
    println!(
        "{kills} kills (after {killed_after:?} ms of load each), {} reports acknowledged, none lost",
        acknowledged.len()
    );
}

//! Real `zhili serve` processes for the tests that kill, copy or double them. Included beside
//! `api/helpers.rs`, as `mod helpers`.

use crate::helpers::PASSWORD;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `zhili serve --demo` on the database (the demo is loaded on the first start only) with
/// `extra` arguments, once it answers `/healthz`.
pub async fn start(database: &str, port: u16, extra: &[&str]) -> Child {
    start_logged(database, port, extra, None).await
}

/// The same, writing its log, at the filter `ZHILI_LOG` names, to a file.
pub async fn start_logged(
    database: &str,
    port: u16,
    extra: &[&str],
    log: Option<(&str, &std::path::Path)>,
) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zhili"));
    command
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}"), "--database", database])
        .args(extra)
        .env("ZHILI_DEMO_PASSWORD", PASSWORD)
        // A thinner registry than the zone's 200,000 people: these tests are not about it.
        .env("ZHILI_DEMO_PEOPLE", "10")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some((filter, path)) = log {
        let file = std::fs::File::create(path).unwrap();
        command.env("ZHILI_LOG", filter).stdout(file.try_clone().unwrap()).stderr(file);
    }
    let mut child = command.spawn().expect("zhili starts");
    let started = Instant::now();
    let client = reqwest::Client::new();
    while client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_err() {
        // Loading the demo with every statement logged at trace takes a minute on a busy 2-core
        // machine: the bound is for a server that never comes up, not a measure of start-up.
        if started.elapsed() > Duration::from_secs(240) || child.try_wait().ok().flatten().is_some()
        {
            let _ = child.kill();
            panic!("zhili did not come up");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child
}

/// Logs in over the API: the token and the unit of the user's first role.
pub async fn token(base: &str, username: &str) -> (String, i64) {
    let client = reqwest::Client::new();
    let body: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        body["token"].as_str().unwrap().to_string(),
        body["user"]["roles"][0]["unit_id"].as_i64().unwrap(),
    )
}

type RollupRow = (i64, String, i64, i64, i64, i64, i64);

/// The rollups the dashboards read, to compare with a recomputation from the cases.
pub async fn rollups(db: &zhili::platform::db::Db) -> Vec<RollupRow> {
    sqlx::query_as(
        "SELECT unit_id, day, category_id, found, resolved, closed, on_time FROM case_rollups \
         WHERE found <> 0 OR resolved <> 0 OR closed <> 0 ORDER BY unit_id, day, category_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

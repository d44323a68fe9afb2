//! Real `zhili serve` processes on one database: two servers sharing sessions and the login
//! throttle, and sweeping once between them; and a backup taken while grid staff go on reporting, restored into a fresh
//! database that then serves the same figures with an unbroken audit chain. On SQLite, or on
//! PostgreSQL (pg_dump and pg_restore) when ZHILI_TEST_DATABASE_URL is set.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;
#[path = "support/server.rs"]
mod server;

use helpers::{PASSWORD, TestDatabase, fresh_database};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use server::{free_port, rollups, start, start_logged, token};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zhili::platform::db::Backend;
use zhili::platform::db::Db;

struct Stop(Vec<Child>);

impl Drop for Stop {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The `name=value` of a Set-Cookie header.
fn cookie(res: &reqwest::Response, name: &str) -> String {
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")));
    set.expect("the cookie is set").split(';').next().unwrap().to_string()
}

/// Logs in through the form on one server, as a browser does: the session cookie.
async fn page_login(client: &Client, base: &str, username: &str) -> String {
    let form = client.get(format!("{base}/login")).send().await.unwrap();
    let login_cookie = cookie(&form, "zhili_login_csrf");
    let html = form.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = html[at..].split('"').next().unwrap().to_string();
    let res = client
        .post(format!("{base}/login"))
        .header("cookie", login_cookie)
        .form(&[("csrf", csrf.as_str()), ("username", username), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    cookie(&res, "zhili_session")
}

async fn sweep_runs(db: &Db) -> i64 {
    zhili::platform::db::jobs::runs(&db.pool, zhili::cases::services::schedule::OVERDUE_SWEEP)
        .await
        .unwrap()
        .map(|r| r.0)
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_share_sessions_and_sweep_once_between_them() {
    let database = fresh_database().await;
    let (port_a, port_b) = (free_port(), free_port());
    let a = start(&database.url, port_a, &["--sweep-seconds", "1"]).await;
    let b = start(&database.url, port_b, &["--sweep-seconds", "1"]).await;
    let _stop = Stop(vec![a, b]);
    let (base_a, base_b) =
        (format!("http://127.0.0.1:{port_a}"), format!("http://127.0.0.1:{port_b}"));
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // A session made on one server works on the other, and so does its logout.
    let session = page_login(&client, &base_a, "wenchang").await;
    let home = client.get(format!("{base_b}/")).header("cookie", &session).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK, "the session from server A opens a page on server B");
    assert!(home.text().await.unwrap().contains("文昌街道"));
    let (api_token, _) = token(&base_a, "leader").await;
    let me =
        client.get(format!("{base_b}/api/v1/me")).bearer_auth(&api_token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "a token made on A works on B");
    let logout_form = client
        .get(format!("{base_b}/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = logout_form.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = logout_form[at..].split('"').next().unwrap();
    let out = client
        .post(format!("{base_b}/logout"))
        .header("cookie", &session)
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = client.get(format!("{base_a}/")).header("cookie", &session).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "logged out on B is logged out on A");

    // Failed logins count across servers: four on A and one on B back the username off on both.
    let login = |base: &str, password: &str| {
        client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": "ningguo", "password": password}))
            .send()
    };
    for base in [&base_a, &base_a, &base_a, &base_a, &base_b] {
        assert_eq!(login(base, "wrong-password").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        login(&base_a, PASSWORD).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "locked on A"
    );
    assert_eq!(
        login(&base_b, PASSWORD).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "locked on B"
    );

    // Both servers tick four times a second; the sweep is due once a second. Were the claim
    // not shared, the two would run it about eight times a second between them.
    let db = Db::connect(&database.url, zhili::CAPABILITIES).await.unwrap();
    let before = sweep_runs(&db).await;
    let watched = Duration::from_secs(4);
    tokio::time::sleep(watched).await;
    let runs = sweep_runs(&db).await - before;
    assert!(
        (2..=5).contains(&runs),
        "the sweep ran {runs} times in {watched:?} with a period of one second"
    );
}

/// What the zone's dashboard shows: its rates for the year, with every figure behind them.
async fn dashboard(client: &Client, base: &str, zone: i64) -> Value {
    let (leader, _) = token(base, "leader").await;
    let url = format!("{base}/api/v1/cases/rates?unit={zone}&from=2015-01-01&to=2027-12-31");
    let res = client.get(url).bearer_auth(&leader).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// Reports until told to stop, keeping the ids acknowledged.
async fn report_until(
    base: String,
    token: String,
    grid: i64,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<i64>>>,
) {
    let client = Client::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let body = serde_json::json!({"category": "I0301", "unit_id": grid, "description": format!("垃圾堆放 {n}"), "source": "grid"});
        let res = client
            .post(format!("{base}/api/v1/cases"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        acknowledged.lock().unwrap().push(id);
    }
}

/// Copies the database: `zhili backup` for SQLite, pg_dump for PostgreSQL (docs/operations.md).
fn backup(database: &str, file: &str) {
    let out = if database.starts_with("postgres") {
        Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file", file, database])
            .output()
            .unwrap()
    } else {
        Command::new(env!("CARGO_BIN_EXE_zhili"))
            .args(["backup", "--database", database, "--out", file])
            .output()
            .unwrap()
    };
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
}

/// Restores a copy into a fresh database: `zhili restore`, or pg_restore.
async fn restore(file: &str) -> TestDatabase {
    let target = fresh_database().await;
    let out = if target.url.starts_with("postgres") {
        Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname", &target.url, file])
            .output()
            .unwrap()
    } else {
        Command::new(env!("CARGO_BIN_EXE_zhili"))
            .args(["restore", "--database", &target.url, "--from", file])
            .output()
            .unwrap()
    };
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    target
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_to_the_same_dashboards() {
    let database = fresh_database().await;
    let port = free_port();
    let live = start(&database.url, port, &[]).await;
    let mut stop_servers = Stop(vec![live]);
    let base = format!("http://127.0.0.1:{port}");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-data");
    std::fs::create_dir_all(&dir).unwrap();
    let name = zhili::platform::users::password::random_hex(6);

    // Eight grid managers report while the first copy is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut clients = Vec::new();
    for i in 0..8 {
        let (t, grid) = token(&base, &format!("g{:03}-manager", 1 + i * 90)).await;
        clients.push(tokio::spawn(report_until(
            base.clone(),
            t,
            grid,
            stop.clone(),
            acknowledged.clone(),
        )));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    let under_load = dir.join(format!("under-load-{name}.backup")).display().to_string();
    backup(&database.url, &under_load);
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let after = acknowledged.lock().unwrap().len();
    assert!(
        before.len() > 20 && after > before.len(),
        "reports went on around the copy: {} then {after}",
        before.len()
    );

    // The copy taken under load is whole: everything acknowledged before it began is there, its
    // audit chain verifies and its dashboards' figures equal a recomputation from its cases.
    let copied = restore(&under_load).await;
    let copy = Db::connect(&copied.url, zhili::CAPABILITIES).await.unwrap();
    let ids: Vec<String> = before.iter().map(i64::to_string).collect();
    let sql = format!("SELECT COUNT(*) FROM cases WHERE id IN ({})", ids.join(", "));
    let found: i64 =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&copy.pool).await.unwrap();
    assert_eq!(
        found as usize,
        before.len(),
        "every case acknowledged before the copy began is in it"
    );
    assert_eq!(zhili::platform::audit::verify(&copy).await.unwrap().broken, None);
    let kept = rollups(&copy).await;
    zhili::cases::services::recompute_rollups(&copy).await.unwrap();
    assert_eq!(rollups(&copy).await, kept, "the copy's rollups are its cases' own");
    if copy.backend == Backend::Sqlite {
        let check: String =
            sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&copy.pool).await.unwrap();
        assert_eq!(check, "ok");
    }

    // Once the writes stop, a copy restored and served shows the dashboards the live server shows.
    let quiet = dir.join(format!("quiet-{name}.backup")).display().to_string();
    backup(&database.url, &quiet);
    let restored = restore(&quiet).await;
    let restored_port = free_port();
    stop_servers.0.push(start(&restored.url, restored_port, &[]).await);
    let client = Client::new();
    let (leader, _) = token(&base, "leader").await;
    let me: Value = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let zone = me["roles"][0]["unit_id"].as_i64().unwrap();
    let live_figures = dashboard(&client, &base, zone).await;
    assert!(live_figures["found"].as_i64().unwrap() >= after as i64, "{live_figures}");
    assert_eq!(
        dashboard(&client, &format!("http://127.0.0.1:{restored_port}"), zone).await,
        live_figures
    );
    let restored_db = Db::connect(&restored.url, zhili::CAPABILITIES).await.unwrap();
    let verdict = zhili::platform::audit::verify(&restored_db).await.unwrap();
    assert_eq!(verdict.broken, None);
    println!(
        "{} reports before the copy under load, {after} in all; the restored copy verifies {} audit rows",
        before.len(),
        verdict.rows
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_at_its_most_detailed_holds_no_secret() {
    let database = fresh_database().await;
    let port = free_port();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-data");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join(format!("serve-{}.log", zhili::platform::users::password::random_hex(6)));
    let server = start_logged(&database.url, port, &[], Some(("trace", &log))).await;
    let _stop = Stop(vec![server]);
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::new();

    // A password at login, a token in use, a new account's password, a party's ID number.
    let (admin, _) = token(&base, "admin").await;
    let (_, grid) = token(&base, "g001-manager").await;
    let new_password = "a-new-secret-9314";
    let id_number = "11010519491231002X";
    let body = serde_json::json!({"username": "logcheck", "display_name": "新人", "password": new_password,
                                  "roles": [{"role": "grid_staff", "unit_id": grid, "grid_role": "assistant"}]});
    let res = client
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body = serde_json::json!({"category": "D01", "unit_id": grid, "description": "宅基地争议",
                                  "parties": [{"name": "王某", "id_number": id_number}]});
    let res = client
        .post(format!("{base}/api/v1/cases"))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let db = Db::connect(&database.url, zhili::CAPABILITIES).await.unwrap();
    let token_digest: String =
        sqlx::query_scalar("SELECT token_hash FROM api_tokens ORDER BY id LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.lines().count() > 20, "the trace log was written: {} lines", text.lines().count());
    for secret in [PASSWORD, new_password, admin.as_str(), id_number, token_digest.as_str()] {
        assert!(!text.contains(secret), "the log holds a secret: {secret}");
    }
}

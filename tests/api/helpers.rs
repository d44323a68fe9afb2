//! The test application: a server on a random port, its database, and a client.

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use zhili::platform::db::Db;
use zhili::platform::time::Clock;
use zhili::platform::web::AppState;

/// The demo accounts' password in tests.
pub const PASSWORD: &str = "demo-password-2015";

/// A running zhili and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database behind it.
    pub db: Db,
    /// Its URL, for the command line.
    pub database_url: String,
    /// A client that neither follows redirects nor keeps cookies (tests handle both).
    pub client: Client,
    /// Held so the database goes when the last app on it does.
    pub database: Arc<TestDatabase>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A test's own database, dropped with it: the SQLite file removed, the PostgreSQL database
/// dropped. Shared by the apps on it ([`TestApp::beside`]), so it goes with the last of them.
#[derive(Debug)]
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    /// PostgreSQL: the server's URL to drop it from, and its name.
    postgres: Option<(String, String)>,
}

/// A fresh, empty database: a new PostgreSQL database when ZHILI_TEST_DATABASE_URL is set, else
/// a new SQLite file under target/.
pub async fn fresh_database() -> TestDatabase {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!(
        "zhili_test_{}_{}_{n}",
        std::process::id(),
        zhili::platform::users::password::random_hex(4)
    );
    match std::env::var("ZHILI_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            sqlx::any::install_default_drivers();
            let admin =
                sqlx::AnyPool::connect(&url).await.expect("connect to ZHILI_TEST_DATABASE_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let (base, _) = url.rsplit_once('/').expect("database URL with a name");
            TestDatabase { url: format!("{base}/{name}"), postgres: Some((url, name)) }
        }
        _ => {
            let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-data");
            std::fs::create_dir_all(&dir).unwrap();
            TestDatabase { url: format!("sqlite://{}/{name}.db", dir.display()), postgres: None }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            let file = self.url.trim_start_matches("sqlite://");
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{file}{suffix}"));
            }
            return;
        };
        // This runs inside the test's runtime, often a current-thread one whose only thread is
        // this: the DROP runs on a thread with a runtime of its own, and FORCE ends the
        // connections the server task still holds, so nothing here waits on the test's runtime.
        // The wait is for the test binary, which exits right after its last test.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let dropped = runtime.block_on(async {
                let admin = sqlx::AnyPool::connect(&server).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&admin)
                .await?;
                admin.close().await;
                Ok::<_, sqlx::Error>(())
            });
            let _ = done.send(dropped.map_err(|e| format!("{name}: {e}")));
        });
        match finished.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database not dropped: {e}"),
            Err(_) => eprintln!("test database not dropped within a minute"),
        }
    }
}

impl TestApp {
    /// zhili with the demo zone.
    pub async fn spawn() -> TestApp {
        let app = TestApp::spawn_empty().await;
        zhili::platform::demo::load(&app.db, PASSWORD).await.expect("demo loads");
        app
    }

    /// zhili on an empty database.
    pub async fn spawn_empty() -> TestApp {
        TestApp::spawn_on(
            Arc::new(fresh_database().await),
            zhili::platform::web::client::TrustedProxies::default(),
            Clock::system(),
        )
        .await
    }

    /// zhili with the demo zone on a server whose clock stands still at `at`.
    pub async fn spawn_at(at: chrono::DateTime<chrono::Utc>) -> TestApp {
        let app = TestApp::spawn_on(
            Arc::new(fresh_database().await),
            zhili::platform::web::client::TrustedProxies::default(),
            Clock::fixed(at),
        )
        .await;
        zhili::platform::demo::load(&app.db, PASSWORD).await.expect("demo loads");
        app
    }

    /// zhili with the demo zone behind a reverse proxy on 127.0.0.1: the client is the one its
    /// `X-Forwarded-For` names (see [`TestApp::login_from`]).
    pub async fn spawn_behind_proxy() -> TestApp {
        let proxy = zhili::platform::web::client::TrustedProxies::new(vec![
            zhili::platform::web::client::parse_net("127.0.0.1/32").unwrap(),
        ]);
        let app = TestApp::spawn_on(Arc::new(fresh_database().await), proxy, Clock::system()).await;
        zhili::platform::demo::load(&app.db, PASSWORD).await.expect("demo loads");
        app
    }

    /// A second server on this one's database.
    pub async fn beside(&self) -> TestApp {
        TestApp::spawn_on(
            self.database.clone(),
            zhili::platform::web::client::TrustedProxies::default(),
            self.db.clock,
        )
        .await
    }

    async fn spawn_on(
        database: Arc<TestDatabase>,
        proxies: zhili::platform::web::client::TrustedProxies,
        clock: Clock,
    ) -> TestApp {
        let database_url = database.url.clone();
        // Internal errors are logged; show them beside a failing test.
        let _ =
            tracing_subscriber::fmt().with_test_writer().with_env_filter("zhili=error").try_init();
        let db = Db::connect(&database_url, zhili::CAPABILITIES)
            .await
            .expect("database opens")
            .with_clock(clock);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(db.clone(), zhili::CAPABILITIES, false).trusting(proxies);
        tokio::spawn(zhili::platform::web::serve(listener, state, std::future::pending()));
        let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestApp { base, db, database_url, client, database }
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in over the API and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        let res = self.login(username, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "login as {username}");
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    /// `POST /api/v1/auth/login`.
    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/auth/login` with `X-Forwarded-For: address`.
    pub async fn login_from(&self, address: &str, username: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .header("x-forwarded-for", address)
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// GET with a bearer token.
    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    /// GET without credentials (the public's endpoints), as JSON.
    pub async fn public_json(&self, path: &str) -> Value {
        self.client.get(self.url(path)).send().await.unwrap().json().await.unwrap()
    }

    /// GET with a bearer token, expecting 200, as JSON.
    pub async fn get_json(&self, token: &str, path: &str) -> Value {
        let res = self.get(token, path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    /// A JSON request with a bearer token.
    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Value,
    ) -> Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Uploads a sheet to an import route of the API (`/api/v1/cases/import`), with `partial`.
    pub async fn upload_sheet(
        &self,
        token: &str,
        route: &str,
        (name, bytes): (&str, Vec<u8>),
        partial: bool,
    ) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
        let mut form = reqwest::multipart::Form::new().part("file", part);
        if partial {
            form = form.text("partial", "true");
        }
        self.client.post(self.url(route)).bearer_auth(token).multipart(form).send().await.unwrap()
    }

    /// The id of the unit with a division code.
    pub async fn unit_id(&self, code: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(code)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// The id of the unit where a user holds their (first) role.
    pub async fn unit_of(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT g.unit_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = $1 ORDER BY g.id")
            .bind(username)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// Rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

/// The `error` object of an API error answer, after checking its status.
pub async fn error_of(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["code"].is_string() && body["error"]["message"].is_string(),
        "error shape: {body}"
    );
    body["error"].clone()
}

/// The fields named by a 422 answer.
pub async fn invalid_fields(res: Response) -> Vec<String> {
    let error = error_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error["code"], "invalid");
    error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

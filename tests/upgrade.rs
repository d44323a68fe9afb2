//! Upgrades keep data. The databases in tests/fixtures/upgrade were written by an earlier release
//! (its `make` script says which, and how they were made); this release opens them with
//! `Db::connect`, applying its own migrations over theirs, finds the audit chain whole and sealed
//! with the key kept beside them, and serves the dashboards, unit counts, timelines and photo as
//! that release served them. On SQLite, or on PostgreSQL (the plain dump restored with psql)
//! when ZHILI_TEST_DATABASE_URL is set.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{PASSWORD, TestDatabase, fresh_database};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use zhili::platform::db::Db;
use zhili::platform::web::AppState;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/upgrade");

/// A copy of the fixture where this release will open it, and what the earlier release read.
struct Installed {
    url: String,
    /// The commit that wrote the fixture.
    made_by: String,
    /// expected.json's section for this backend.
    expected: Value,
    /// PostgreSQL: the database restored into, dropped with this.
    _restored: Option<TestDatabase>,
}

fn on_postgres() -> bool {
    std::env::var("ZHILI_TEST_DATABASE_URL").is_ok_and(|url| url.starts_with("postgres"))
}

fn gunzip(file: &str) -> Vec<u8> {
    let gz = std::fs::read(format!("{FIXTURES}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    bytes
}

/// Installs the fixture as an operator would: the SQLite file in a folder of its own with its key
/// beside it, or the dump restored into a fresh PostgreSQL database with the key named by
/// ZHILI_AUDIT_KEY_FILE.
async fn install() -> Installed {
    let all: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{FIXTURES}/expected.json")).unwrap(),
    )
    .unwrap();
    let made_by = all["made_by"].as_str().unwrap().to_string();
    let (url, expected, restored) = if on_postgres() {
        use_postgres_key();
        let restored = restore_dump().await;
        (restored.url.clone(), all["postgres"].clone(), Some(restored))
    } else {
        static COPIES: AtomicU32 = AtomicU32::new(0);
        let n = COPIES.fetch_add(1, Ordering::SeqCst);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("upgrade-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("zhili.db"), gunzip("sqlite.db.gz")).unwrap();
        std::fs::copy(format!("{FIXTURES}/sqlite.audit.key"), dir.join("audit.key")).unwrap();
        (format!("sqlite://{}/zhili.db", dir.display()), all["sqlite"].clone(), None)
    };
    Installed { url, made_by, expected, _restored: restored }
}

/// A PostgreSQL database's key is found through the environment, which is the process's own:
/// it is written once, before any test of this binary reads it (each calls this first, and the
/// `Once` holds the others back until it is written), and the fixture's key is the only one here.
fn use_postgres_key() {
    static KEY: std::sync::Once = std::sync::Once::new();
    // SAFETY: no other thread of this binary reads or writes the environment meanwhile (above).
    KEY.call_once(|| unsafe {
        std::env::set_var("ZHILI_AUDIT_KEY_FILE", format!("{FIXTURES}/postgres.audit.key"))
    });
}

/// Restores the plain dump into a fresh database with psql, stopping at the first error.
async fn restore_dump() -> TestDatabase {
    let database = fresh_database().await;
    let url = &database.url;
    // `\restrict` guards a dump from an untrusted server; psql before 15.14 does not know it.
    let dump = String::from_utf8(gunzip("postgres.sql.gz")).unwrap();
    let sql: String = dump
        .lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut psql = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("psql restores the PostgreSQL fixture; is it installed?");
    psql.stdin.take().unwrap().write_all(sql.as_bytes()).unwrap();
    let out = psql.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "psql could not restore postgres.sql.gz: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    database
}

/// Where `read` differs from what the earlier release read. A field the later release added is
/// no loss; one missing or changed, or a list of another length, is.
fn difference(read: &Value, expected: &Value, at: &str) -> Option<String> {
    match (read, expected) {
        (Value::Object(read), Value::Object(expected)) => {
            expected.iter().find_map(|(key, want)| match read.get(key) {
                Some(got) => difference(got, want, &format!("{at}/{key}")),
                None => Some(format!("{at}/{key} is missing; the earlier release read {want}")),
            })
        }
        (Value::Array(read), Value::Array(expected)) if read.len() == expected.len() => read
            .iter()
            .zip(expected)
            .enumerate()
            .find_map(|(i, (got, want))| difference(got, want, &format!("{at}/{i}"))),
        (Value::Array(read), Value::Array(expected)) => Some(format!(
            "{at} has {} items; the earlier release read {}",
            read.len(),
            expected.len()
        )),
        // The same number written another way (1 or 1.0) reads the same.
        (Value::Number(got), Value::Number(want)) if got.as_f64() == want.as_f64() => None,
        _ if read == expected => None,
        _ => Some(format!("{at} is {read}; the earlier release read {expected}")),
    }
}

#[tokio::test]
async fn a_database_the_earlier_release_wrote_opens_verifies_and_reads_the_same() {
    let old = install().await;
    let made_by = &old.made_by[..7];
    let db = Db::connect(&old.url, zhili::CAPABILITIES).await.unwrap_or_else(|e| {
        panic!("the database {made_by} wrote no longer opens: {e:#}. A migration a release applied is never edited, renumbered or dropped: add a new one")
    });

    let verdict = zhili::platform::audit::verify(&db).await.unwrap();
    assert_eq!(verdict.broken, None, "the audit chain {made_by} wrote is broken after the upgrade");
    assert!(verdict.sealed, "the seals were not checked: the fixture's key was not found");
    assert_eq!(verdict.rows, old.expected["audit_rows"].as_i64().unwrap(), "audit rows");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(zhili::platform::web::serve(
        listener,
        AppState::new(db.clone(), zhili::CAPABILITIES, false),
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "leader", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"]
        .as_str()
        .expect("the demo leader logs in with the password the fixture was made with");

    let reads = old.expected["reads"].as_array().unwrap();
    assert!(reads.len() >= 10, "expected.json lists the reads");
    for read in reads {
        let path = read["path"].as_str().unwrap();
        let res = client.get(format!("{base}{path}")).bearer_auth(token).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK, "GET {path}");
        if let Some(sum) = read["sha256"].as_str() {
            assert_eq!(
                hex::encode(Sha256::digest(res.bytes().await.unwrap())),
                sum,
                "GET {path}: other bytes than {made_by} stored"
            );
        } else {
            let answer: Value = res.json().await.unwrap();
            if let Some(what) = difference(&answer, &shown_now(read["answer"].clone()), "") {
                panic!("GET {path} reads otherwise than {made_by} read it: {what}");
            }
        }
    }
}

/// What the earlier release read, as this release shows the same stored values: the deliberate
/// changes since, each named. A party's phone is masked like the ID number unless revealed; an
/// ID number keeps four leading digits where it kept six (the county hidden with the birth date).
fn shown_now(mut answer: Value) -> Value {
    if let Some(parties) = answer.get_mut("parties").and_then(Value::as_array_mut) {
        for party in parties {
            if let Some(id) = party.get("id_number").and_then(Value::as_str)
                && id.len() == 18
                && id.contains("********")
            {
                party["id_number"] = Value::String(format!("{}**********{}", &id[..4], &id[14..]));
            }
            if let Some(phone) =
                party.get("phone").and_then(Value::as_str).map(zhili::platform::phone::masked)
            {
                party["phone"] = Value::String(phone);
            }
        }
    }
    answer
}

/// The upgrade test relies on sqlx refusing a database whose migrations were edited since they
/// were applied; this proves the refusal reaches `Db::connect` and says which migration.
#[tokio::test]
async fn a_migration_edited_since_the_earlier_release_applied_it_is_refused_by_number() {
    let old = install().await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&old.url).await.unwrap();
    let edited = sqlx::query("UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 2")
        .bind(vec![0u8; 48])
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(edited.rows_affected(), 1, "the fixture records migration 2");
    pool.close().await;
    let refusal = Db::connect(&old.url, zhili::CAPABILITIES)
        .await
        .expect_err("a database whose migration 2 differs from this release's is refused");
    let text = format!("{refusal:#}");
    assert!(text.contains("migration 2 was previously applied but has been modified"), "{text}");
}

#[test]
fn differences_name_the_field_and_allow_added_ones() {
    let was = serde_json::json!({"found": 3, "counts": {"on_time": 1}, "events": [1, 2]});
    assert_eq!(
        difference(
            &serde_json::json!({"found": 3, "counts": {"on_time": 1, "new": 0}, "events": [1, 2]}),
            &was,
            ""
        ),
        None
    );
    assert_eq!(
        difference(
            &serde_json::json!({"found": 3, "counts": {"on_time": 2}, "events": [1, 2]}),
            &was,
            ""
        )
        .as_deref(),
        Some("/counts/on_time is 2; the earlier release read 1")
    );
    assert!(
        difference(&serde_json::json!({"found": 3, "counts": {}, "events": [1, 2]}), &was, "")
            .unwrap()
            .contains("missing")
    );
    assert!(
        difference(
            &serde_json::json!({"found": 3, "counts": {"on_time": 1}, "events": [1]}),
            &was,
            ""
        )
        .unwrap()
        .contains("1 items")
    );
    assert_eq!(
        difference(&serde_json::json!({"value": 1.0}), &serde_json::json!({"value": 1}), ""),
        None
    );
    assert!(
        difference(&serde_json::json!({"value": 0.5}), &serde_json::json!({"value": 1}), "")
            .is_some()
    );
}

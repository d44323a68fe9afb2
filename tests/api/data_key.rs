//! Rotating the data key (`zhili data-key rotate`): every sealed value and blind index is made
//! again under a new version, so the registry still finds its people by ID number, and a key
//! file without the new version no longer opens the database.

use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Command, Output};

fn zhili(args: &[&str], database: &str, key: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(args)
        .env("ZHILI_DATABASE", database)
        .env("ZHILI_DATA_KEY_FILE", key)
        .env_remove("ZHILI_DATA_KEY")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Where the test database's key file is: beside an SQLite file, else in `zhili-data/`.
fn key_of(url: &str) -> PathBuf {
    match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        Some(file) => {
            std::path::Path::new(file.split('?').next().unwrap()).with_file_name("data.key")
        }
        None => PathBuf::from("zhili-data/data.key"),
    }
}

#[tokio::test]
async fn a_rotated_key_seals_everything_again_and_the_old_file_no_longer_opens() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (_, code) = crate::registry::grid(&app, 1).await;
    let number = crate::registry::serial_id(9_001);
    let body = json!({"name": "李小孬", "id_number": number, "phone": "13812345678", "grid": code});
    assert_eq!(
        app.send(Method::POST, &manager, "/api/v1/people", body).await.status(),
        StatusCode::CREATED
    );
    let owner = json!({"number": "K-1", "place_use": "出租", "grid": code, "address": "一组", "owner_id": number});
    assert_eq!(
        app.send(Method::POST, &manager, "/api/v1/places", owner).await.status(),
        StatusCode::CREATED
    );

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("rotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("data.key");
    std::fs::copy(key_of(&app.database_url), &key).unwrap();
    let before: Vec<u8> =
        sqlx::query_scalar("SELECT id_index FROM people").fetch_one(&app.db.pool).await.unwrap();

    // A server seems to be running (its sweep ran a minute ago): refused unless forced.
    sqlx::query("INSERT INTO scheduled_jobs (name, last_run, holder, runs) VALUES ('test_job', $1, 'test', 1)")
        .bind(zhili::platform::time::stamp(chrono::Utc::now()))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let out = zhili(&["data-key", "rotate"], &app.database_url, &key);
    assert!(!out.status.success() && text(&out).contains("stop every server"), "{}", text(&out));
    let out = zhili(&["data-key", "rotate", "--force"], &app.database_url, &key);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("version 2"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&key).unwrap().lines().count(),
        2,
        "the old version is kept"
    );
    let after: Vec<u8> =
        sqlx::query_scalar("SELECT id_index FROM people").fetch_one(&app.db.pool).await.unwrap();
    assert_ne!(before, after, "the blind index is made again under the new key");
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT owner_id_sealed FROM places")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sealed[0], 2, "a record's sealed value is sealed under version 2");

    // Under the new key the same sheet finds the person by their ID number: nothing changes.
    let sheet = dir.join("people.csv");
    std::fs::write(
        &sheet,
        format!("姓名,公民身份号码,联系电话,网格编码\n李小孬,{number},13812345678,{code}\n"),
    )
    .unwrap();
    let out = zhili(&["import", "people", sheet.to_str().unwrap()], &app.database_url, &key);
    assert!(text(&out).contains("0 added, 0 changed, 1 unchanged"), "{}", text(&out));

    let old = dir.join("old.key");
    std::fs::copy(key_of(&app.database_url), &old).unwrap();
    let out = zhili(&["import", "people", sheet.to_str().unwrap()], &app.database_url, &old);
    assert!(!out.status.success() && text(&out).contains("version 2"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

//! The registry's people: written by those who keep a grid, read masked by everyone who sees
//! it, revealed with a purpose into the audit chain, and never stored in a form a stolen
//! database gives up.

use crate::helpers::{TestApp, error_of, invalid_fields};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A valid ID number born on `day` (YYYYMMDD) with the sequence `seq` (odd: male).
pub fn id(day: &str, seq: u32) -> String {
    zhili::platform::id_number::IdNumber::with_check(&format!("410871{day}{seq:03}"))
        .unwrap()
        .reveal()
        .to_string()
}

/// A valid ID number of its own for every `n`: a birth date and sequence of each.
pub fn serial_id(n: u32) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days(i64::from(n / 400));
    id(&day.format("%Y%m%d").to_string(), (n % 400) * 2 + 1)
}

/// The division code of a unit.
pub async fn code_of(app: &TestApp, unit: i64) -> String {
    sqlx::query_scalar("SELECT code FROM units WHERE id = $1")
        .bind(unit)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The grid of grid manager `n` and its code.
pub async fn grid(app: &TestApp, n: usize) -> (i64, String) {
    let unit = app.unit_of(&format!("g{n:03}-manager")).await;
    (unit, code_of(app, unit).await)
}

async fn save(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.send(Method::POST, token, "/api/v1/people", body).await
}

#[tokio::test]
async fn a_grid_worker_adds_a_person_who_is_listed_masked_and_revealed_with_a_purpose() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (unit, code) = grid(&app, 1).await;
    let number = id("19850312", 23);
    let res = save(
        &app,
        &manager,
        json!({"name": "李小孬", "id_number": number, "phone": "13812345678", "grid": code,
               "address": "邱庄村三组", "ethnicity": "汉族", "sex": "男", "birth_date": "1985-03-12"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let person: Value = res.json().await.unwrap();
    let pid = person["id"].as_i64().unwrap();
    assert_eq!(person["name"], "李小孬");
    assert_eq!(person["id_number"], format!("4108**********{}", &number[14..]));
    assert_eq!(person["phone"], "138****5678");
    assert_eq!((person["sex"].as_str(), person["ethnicity"].as_str()), (Some("1"), Some("01")));

    let list = app.get_json(&manager, &format!("/api/v1/people?unit={unit}")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "李**", "names are masked in lists");
    let found = app.get_json(&manager, &format!("/api/v1/people?unit={unit}&q={number}")).await;
    assert_eq!(found["total"], 1, "found by ID number through its blind index");
    let by_phone =
        app.get_json(&manager, &format!("/api/v1/people?unit={unit}&q=13812345678")).await;
    assert_eq!(by_phone["total"], 1);
    let by_name = app.get_json(&manager, &format!("/api/v1/people?unit={unit}&q=李小")).await;
    assert_eq!(by_name["total"], 1);

    let res = app
        .send(
            Method::POST,
            &manager,
            &format!("/api/v1/people/{pid}/reveal"),
            json!({"purpose": ""}),
        )
        .await;
    assert_eq!(invalid_fields(res).await, ["purpose"]);
    let res = app
        .send(
            Method::POST,
            &manager,
            &format!("/api/v1/people/{pid}/reveal"),
            json!({"purpose": "核实低保申请"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let revealed: Value = res.json().await.unwrap();
    assert_eq!(
        (revealed["id_number"].as_str(), revealed["phone"].as_str()),
        (Some(number.as_str()), Some("13812345678"))
    );
    let reveal: (String, String) = sqlx::query_as(
        "SELECT actor_name, detail FROM audit_log WHERE action = 'person.reveal' AND object = $1",
    )
    .bind(format!("person:{pid}"))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(reveal.0, "g001-manager");
    assert!(
        reveal.1.contains("核实低保申请") && !reveal.1.contains(&number),
        "the purpose, never the number"
    );
}

#[tokio::test]
async fn others_see_only_their_part_and_only_keepers_reveal() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (unit, code) = grid(&app, 1).await;
    let res = save(
        &app,
        &manager,
        json!({"name": "毋青", "id_number": id("19700101", 42), "grid": code}),
    )
    .await;
    let pid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let other = app.token("g002-manager").await;
    assert_eq!(
        app.get(&other, &format!("/api/v1/people/{pid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&other, &format!("/api/v1/people?unit={unit}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, other_code) = grid(&app, 2).await;
    // Taking a person of another grid by their ID number and name is refused, and changes nothing.
    let taken = id("19700101", 42);
    let res =
        save(&app, &other, json!({"name": "毋青", "id_number": taken, "grid": other_code})).await;
    assert_eq!(invalid_fields(res).await, ["id_number"]);
    let still = app.get_json(&manager, &format!("/api/v1/people/{pid}")).await;
    assert_eq!(still["unit_id"], unit, "the person stays in their grid");
    let res = save(
        &app,
        &manager,
        json!({"name": "张三", "id_number": id("19700101", 43), "grid": other_code}),
    )
    .await;
    assert_eq!(invalid_fields(res).await, ["grid"], "a grid outside one's own is refused by name");

    let leader = app.token("leader").await;
    let person = app.get_json(&leader, &format!("/api/v1/people/{pid}")).await;
    assert_eq!(person["name"], "毋青", "the leader reads the zone");
    let res = app
        .send(
            Method::POST,
            &leader,
            &format!("/api/v1/people/{pid}/reveal"),
            json!({"purpose": "看看"}),
        )
        .await;
    error_of(res, StatusCode::FORBIDDEN).await;
    let res =
        save(&app, &leader, json!({"name": "王五", "id_number": id("19700101", 45), "grid": code}))
            .await;
    error_of(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn bad_people_are_refused_naming_the_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (_, code) = grid(&app, 1).await;
    let good = id("19850312", 23);
    let mut bad_check = good.clone();
    bad_check.replace_range(17.., if good.ends_with('1') { "2" } else { "1" });
    let before = app.count("people").await;
    for (body, field) in [
        (json!({"name": "甲", "id_number": bad_check, "grid": code}), "id_number"),
        (json!({"name": "甲", "id_number": good, "grid": code, "sex": "女"}), "sex"),
        (
            json!({"name": "甲", "id_number": good, "grid": code, "birth_date": "1985-03-13"}),
            "birth_date",
        ),
        (json!({"name": "甲", "id_number": good, "grid": "999999999999999"}), "grid"),
        (
            json!({"name": "甲", "id_number": good, "grid": code, "ethnicity": "火星族"}),
            "ethnicity",
        ),
        (json!({"name": "甲", "id_number": good, "grid": code, "phone": "12345"}), "phone"),
        (json!({"name": "", "id_number": good, "grid": code}), "name"),
    ] {
        assert_eq!(invalid_fields(save(&app, &manager, body).await).await, [field]);
    }
    assert_eq!(app.count("people").await, before, "nothing was written");
    let old = "410871850312023";
    let res = save(&app, &manager, json!({"name": "甲", "id_number": old, "grid": code})).await;
    assert_eq!(res.status(), StatusCode::CREATED, "an old 15-digit number is taken");
    let person: Value = res.json().await.unwrap();
    assert_eq!(person["birth_date"], "1985-03-12");
    let res = save(&app, &manager, json!({"name": "乙", "id_number": good, "grid": code})).await;
    assert_eq!(
        invalid_fields(res).await,
        ["id_number"],
        "the converted number is the same person's"
    );
}

/// Every byte of the database's files (SQLite) or of a `pg_dump` (PostgreSQL).
fn stored_bytes(app: &TestApp) -> Vec<u8> {
    if let Some(file) = app.database_url.strip_prefix("sqlite://") {
        let file = file.split('?').next().unwrap();
        let mut all = Vec::new();
        for suffix in ["", "-wal"] {
            all.extend(std::fs::read(format!("{file}{suffix}")).unwrap_or_default());
        }
        return all;
    }
    let out = std::process::Command::new("pg_dump")
        .arg(&app.database_url)
        .output()
        .expect("pg_dump runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_stolen_database_holds_no_id_number_or_phone() {
    let app = TestApp::spawn().await;
    let manager = app.token("g001-manager").await;
    let (_, code) = grid(&app, 1).await;
    let number = id("19621108", 57);
    let res = save(
        &app,
        &manager,
        json!({"name": "申安胜", "id_number": number, "phone": "13987654321", "grid": code}),
    )
    .await;
    let pid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.send(
        Method::POST,
        &manager,
        &format!("/api/v1/people/{pid}/reveal"),
        json!({"purpose": "调解登记"}),
    )
    .await;
    let bytes = stored_bytes(&app);
    assert!(holds(&bytes, "申安胜"), "the check itself sees the data");
    assert!(!holds(&bytes, &number), "the ID number is sealed");
    assert!(!holds(&bytes, &number[..17]), "not even its digits before the check");
    assert!(!holds(&bytes, "13987654321"), "the phone is sealed");
}

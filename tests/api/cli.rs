//! The command line, run as the binary a newcomer runs ([`zhili`] runs it for other tests too).

use crate::helpers::TestApp;

use crate::helpers::fresh_database;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn zhili(args: &[&str], database: &str, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhili"))
        .args(args)
        .env("ZHILI_DATABASE", database)
        .env("ZHILI_DEMO_PASSWORD", "cli-demo-password")
        .env("ZHILI_DEMO_PEOPLE", "10")
        .env_remove("ZHILI_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[tokio::test]
async fn demo_loads_into_an_empty_database_only() {
    let database = fresh_database().await;
    let url = &database.url;
    let out = zhili(&["demo"], url, None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("715 grids"), "{}", text(&out));
    // The operator chose the password (ZHILI_DEMO_PASSWORD): it is named, not repeated.
    assert!(
        text(&out).contains("ZHILI_DEMO_PASSWORD") && !text(&out).contains("cli-demo-password"),
        "{}",
        text(&out)
    );
    let again = zhili(&["demo"], url, None);
    assert!(!again.status.success());
    assert!(text(&again).contains("already holds units"));
}

#[tokio::test]
async fn audit_verify_passes_then_fails_after_a_hand_edit() {
    let app = TestApp::spawn().await;
    app.token("leader").await;
    let out = zhili(&["audit", "verify"], &app.database_url, None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("intact and sealed: 3 rows"), "{}", text(&out));
    sqlx::query("UPDATE audit_log SET object = 'unit:2' WHERE seq = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let out = zhili(&["audit", "verify"], &app.database_url, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("broken at row 1"), "{}", text(&out));
}

#[tokio::test]
async fn users_are_added_given_passwords_and_disabled_from_the_command_line() {
    let app = TestApp::spawn().await;
    let add = zhili(
        &[
            "user",
            "add",
            "wang.fang",
            "--name",
            "王芳",
            "--role",
            "village_staff",
            "--unit",
            "410871100201",
        ],
        &app.database_url,
        Some("first-password\n"),
    );
    assert!(add.status.success(), "{}", text(&add));
    assert_eq!(app.login("wang.fang", "first-password").await.status(), 200);
    let passwd =
        zhili(&["user", "passwd", "wang.fang"], &app.database_url, Some("second-password"));
    assert!(passwd.status.success(), "{}", text(&passwd));
    assert_eq!(app.login("wang.fang", "second-password").await.status(), 200);
    let disable = zhili(&["user", "disable", "wang.fang"], &app.database_url, None);
    assert!(disable.status.success(), "{}", text(&disable));
    assert_eq!(app.login("wang.fang", "second-password").await.status(), 401);
    let bad = zhili(
        &["user", "add", "x.y", "--name", "某", "--role", "grid_staff", "--unit", "410871100201"],
        &app.database_url,
        Some("a-good-password"),
    );
    assert!(!bad.status.success());
    assert!(text(&bad).contains("roles[0]"), "{}", text(&bad));
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE actor_name = 'system' ORDER BY seq")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(actions, ["demo.load", "user.create", "user.passwd", "user.disable"]);
}

#[tokio::test]
async fn a_backup_restores_to_the_same_zone() {
    let app = TestApp::spawn().await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-data");
    let name = zhili::platform::users::password::random_hex(6);
    let out_file = dir.join(format!("backup-{name}.db"));
    let out_file = out_file.to_str().unwrap();
    let backup = zhili(&["backup", "--out", out_file], &app.database_url, None);
    if app.db.backend == zhili::platform::db::Backend::Postgres {
        assert!(!backup.status.success());
        assert!(text(&backup).contains("pg_dump"));
        return;
    }
    assert!(backup.status.success(), "{}", text(&backup));
    let target = format!("sqlite://{}/restored-{name}.db", dir.display());
    let restore = zhili(&["restore", "--from", out_file], &target, None);
    assert!(restore.status.success(), "{}", text(&restore));
    let restored = zhili::platform::db::Db::connect(&target, zhili::CAPABILITIES).await.unwrap();
    let grids: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE level = 'grid'")
        .fetch_one(&restored.pool)
        .await
        .unwrap();
    assert_eq!(grids, 715);
    assert_eq!(zhili::platform::audit::verify(&restored).await.unwrap().broken, None);
    let again = zhili(&["restore", "--from", out_file], &target, None);
    assert!(!again.status.success(), "an existing database is not overwritten without --force");
}

#[tokio::test]
async fn an_open311_key_is_printed_alone_on_the_last_line() {
    let app = TestApp::spawn().await;
    let out = zhili(&["open311", "key", "add", "FixMyStreet"], &app.database_url, None);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let key = stdout.trim_end().lines().last().unwrap().to_string();
    assert!(key.starts_with("o311_") && !key.contains(' '));
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "I0301"),
        ("address_string", "示范区某路"),
        ("description", "垃圾堆放"),
    ];
    let res =
        app.client.post(app.url("/open311/v2/requests.json")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_sealed_chain_without_its_key_is_verified_by_links_only_and_not_written() {
    let app = TestApp::spawn().await;
    let elsewhere = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("no-key-{}", zhili::platform::users::password::random_hex(6)));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zhili"))
            .args(args)
            .env("ZHILI_DATABASE", &app.database_url)
            .env("ZHILI_AUDIT_KEY_FILE", elsewhere.join("audit.key"))
            .env("ZHILI_PASSWORD", "a new password")
            .output()
            .unwrap()
    };
    let verify = run(&["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(3), "{}", text(&verify));
    assert!(text(&verify).contains("NOT checked"), "{}", text(&verify));
    let write = run(&["user", "passwd", "leader"]);
    assert!(!write.status.success());
    assert!(text(&write).contains("sealed with a key that is not here"), "{}", text(&write));
    assert!(!elsewhere.join("audit.key").exists(), "no second key is made for a sealed chain");
    let keyed = zhili(&["audit", "verify"], &app.database_url, None);
    assert!(keyed.status.success() && text(&keyed).contains("sealed"), "{}", text(&keyed));
}

#[tokio::test]
async fn zhili_import_people_exits_0_only_when_every_row_went_in() {
    let app = TestApp::spawn().await;
    let (_, code) = crate::registry::grid(&app, 1).await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("people.csv");
    let good = crate::registry::id("19800101", 1);
    let write = |bad: &str| {
        let text = format!("姓名,公民身份号码,网格编码\n张三,{good},{code}\n李四,{bad},{code}\n");
        std::fs::write(&file, encoding_rs::GBK.encode(&text).0).unwrap();
    };
    let other = crate::registry::id("19800101", 3);
    let bad = format!("{}{}", &other[..17], if other.ends_with('0') { '1' } else { '0' });
    write(&bad);
    let path = file.to_str().unwrap();
    let out = zhili(&["import", "people", path], &app.database_url, None);
    assert!(!out.status.success(), "{}", text(&out));
    let report = dir.join("people.errors.xlsx");
    assert!(text(&out).contains(report.to_str().unwrap()), "{}", text(&out));
    assert!(report.exists());
    assert_eq!(app.count("people").await, 0, "nothing imported");
    let out = zhili(&["import", "people", path, "--partial"], &app.database_url, None);
    assert!(!out.status.success() && text(&out).contains("1 added"), "{}", text(&out));
    write(&other);
    let out = zhili(&["import", "people", path], &app.database_url, None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("1 added, 0 changed, 1 unchanged"), "{}", text(&out));
    assert_eq!(app.count("people").await, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn zhili_import_takes_every_kind_of_the_registry_and_matches_rows_by_their_keys() {
    let app = TestApp::spawn().await;
    let (_, code) = crate::registry::grid(&app, 1).await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("import-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orgs = dir.join("orgs.csv");
    let good = crate::registry_records::credit_code(77);
    let mut bad = good.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });
    let write = |credit: &str| {
        let text = format!(
            "单位名称,统一社会信用代码,组织类型,网格编码,法人\n焦作华晶钻石有限公司,{good},企业,{code},李小四\n迪生电子,{credit},企业,{code},毋青\n"
        );
        std::fs::write(&orgs, text).unwrap();
    };
    write(&bad);
    let path = orgs.to_str().unwrap();
    let out = zhili(&["import", "organisations", path], &app.database_url, None);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("统一社会信用代码"), "the report names the column: {}", text(&out));
    assert_eq!(app.count("organisations").await, 0, "nothing imported");
    write(&crate::registry_records::credit_code(78));
    let out = zhili(&["import", "organisations", path], &app.database_url, None);
    assert!(out.status.success() && text(&out).contains("2 added"), "{}", text(&out));
    let out = zhili(&["import", "organisations", path], &app.database_url, None);
    assert!(text(&out).contains("0 added, 0 changed, 2 unchanged"), "{}", text(&out));

    let places = dir.join("places.csv");
    std::fs::write(
        &places,
        format!("房屋编号,房屋用途,网格编码,地址\nQZ-9,出租,{code},邱庄村9号\n"),
    )
    .unwrap();
    let out = zhili(&["import", "places", places.to_str().unwrap()], &app.database_url, None);
    assert!(out.status.success(), "{}", text(&out));
    let people = dir.join("people.csv");
    let tenant = crate::registry::id("19900101", 5);
    let write = |place: &str| {
        std::fs::write(
            &people,
            format!(
                "姓名,公民身份号码,网格编码,房屋编号,人员类型\n毋青,{tenant},{code},{place},流动\n"
            ),
        )
        .unwrap();
    };
    write("QZ-404");
    let out = zhili(&["import", "people", people.to_str().unwrap()], &app.database_url, None);
    assert!(!out.status.success() && text(&out).contains("QZ-404"), "{}", text(&out));
    write("QZ-9");
    let out = zhili(&["import", "people", people.to_str().unwrap()], &app.database_url, None);
    assert!(out.status.success(), "{}", text(&out));
    let place: i64 = sqlx::query_scalar("SELECT id FROM places WHERE number = 'QZ-9'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let tenants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE place_id = $1")
        .bind(place)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(tenants, 1, "the floating resident rents the house");
    let _ = std::fs::remove_dir_all(&dir);
}

//! People sheets: every bad row named (row, column, value, why), nothing imported from a failed
//! all-or-nothing run, the good rows with `partial`, the same file again changing nothing; ID
//! numbers that Excel turned into numbers, GBK files, households with one head.

use crate::helpers::TestApp;
use crate::registry::{grid, id, serial_id};
use reqwest::StatusCode;
use serde_json::Value;

const HEADER: [&str; 7] =
    ["姓名", "身份证号", "手机号", "网格编码", "现住址", "户号", "与户主关系"];

fn rows(code: &str, n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            let head = i % 3 == 0;
            vec![
                format!("村民{i}"),
                serial_id(i as u32),
                format!("1390000{i:04}"),
                code.to_string(),
                format!("文昌社区{}组", i % 5 + 1),
                format!("H{:04}", i / 3),
                if head {
                    "户主".into()
                } else if i % 3 == 1 {
                    "配偶".into()
                } else {
                    "子".into()
                },
            ]
        })
        .collect()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let header: Vec<String> = HEADER.map(String::from).to_vec();
    zhili::platform::sheet::xlsx("人口", &header, rows).unwrap()
}

async fn upload(
    app: &TestApp,
    token: &str,
    bytes: Vec<u8>,
    name: &str,
    partial: bool,
) -> reqwest::Response {
    app.upload_sheet(token, "/api/v1/people/import", (name, bytes), partial).await
}

fn bad_rows(report: &Value) -> Vec<(i64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap().to_string()))
        .collect()
}

/// The people table's indexes by name: a sheet into an empty registry builds them last, inside
/// its transaction, so they are the same after it, whether it was written or rolled back.
async fn people_indexes(app: &TestApp) -> Vec<String> {
    let sql = match app.db.backend {
        zhili::platform::db::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' ORDER BY name"
        }
        zhili::platform::db::Backend::Postgres => {
            "SELECT indexname::text FROM pg_indexes WHERE tablename = 'people' ORDER BY 1"
        }
    };
    sqlx::query_scalar(sql).fetch_all(&app.db.pool).await.unwrap()
}

/// The clerk's sheet: ten thousand people, as the source's townships send them.
const ROWS: usize = 10_000;

#[tokio::test]
async fn three_mistakes_in_a_clerks_sheet_are_named_then_fixed() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let (_, code) = grid(&app, 1).await;
    let mut sheet = rows(&code, ROWS);
    sheet[4][1].replace_range(17.., "0");
    if sheet[4][1] == rows(&code, ROWS)[4][1] {
        sheet[4][1].replace_range(17.., "1");
    }
    sheet[10][3] = "410871999999999".into();
    sheet[20][1] = sheet[19][1].clone();
    let before =
        (app.count("people").await, app.count("households").await, app.count("audit_log").await);
    let indexes = people_indexes(&app).await;
    assert!(indexes.len() >= 7, "{indexes:?}");
    let res = upload(&app, &clerk, xlsx(&sheet), "people.xlsx", false).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        bad_rows(&report),
        [(6, "id_number".into()), (12, "grid".into()), (22, "id_number".into())]
    );
    assert_eq!(report["errors"][1]["column"], "网格编码");
    assert_eq!(report["errors"][1]["value"], "410871999999999");
    assert!(
        report["errors"][0]["value"].as_str().unwrap().contains("**********"),
        "an ID number is masked in the report"
    );
    assert_eq!(report["committed"], false);
    assert_eq!(
        (app.count("people").await, app.count("households").await, app.count("audit_log").await),
        before,
        "nothing was imported"
    );
    assert_eq!(people_indexes(&app).await, indexes, "a failed run leaves every index");

    let res = upload(&app, &clerk, xlsx(&sheet), "people.xlsx", true).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["added"].as_i64(), report["errors"].as_array().unwrap().len()),
        (Some(ROWS as i64 - 3), 3)
    );
    assert_eq!(people_indexes(&app).await, indexes, "the indexes are built again");
    // The three rows fixed, the whole file again: the 27 are matched and unchanged.
    let fixed = rows(&code, ROWS);
    let res = upload(&app, &clerk, xlsx(&fixed), "people.xlsx", false).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["added"].as_i64(), report["unchanged"].as_i64(), report["changed"].as_i64()),
        (Some(3), Some(ROWS as i64 - 3), Some(0))
    );
    let again: Value =
        upload(&app, &clerk, xlsx(&fixed), "people.xlsx", false).await.json().await.unwrap();
    assert_eq!(
        (again["added"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(ROWS as i64)),
        "the same file changes nothing"
    );
    assert_eq!(app.count("people").await, ROWS as i64);
    assert_eq!(app.count("households").await, ROWS.div_ceil(3) as i64);
    // A sheet of names and numbers only erases nobody's phone or address.
    let thin: Vec<Vec<String>> = fixed
        .iter()
        .map(|r| vec![r[0].clone(), r[1].clone(), String::new(), r[3].clone()])
        .collect();
    let header: Vec<String> = ["姓名", "身份证号", "手机号", "网格编码"].map(String::from).to_vec();
    let bytes = zhili::platform::sheet::xlsx("人口", &header, &thin).unwrap();
    let report: Value = upload(&app, &clerk, bytes, "thin.xlsx", false).await.json().await.unwrap();
    assert_eq!(report["unchanged"], ROWS, "{report}");
    let list = app.get_json(&clerk, "/api/v1/people?page_size=1").await;
    assert!(list["items"][0]["phone"].as_str().unwrap().starts_with("139"), "{list}");
    // The kept counts are what counting the people gives.
    let range = ("/".to_string(), "0".to_string());
    let kept = zhili::registry::store::counts::sum(&app.db.pool, &range).await.unwrap();
    assert_eq!(kept, zhili::registry::store::counts::recount(&app.db.pool, &range).await.unwrap());
    assert_eq!((kept.resident, kept.households), (ROWS as i64, ROWS.div_ceil(3) as i64));
}

#[tokio::test]
async fn an_id_number_excel_made_a_number_is_refused_by_its_cell_type() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let (_, code) = grid(&app, 1).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["姓名", "身份证号码", "网格编码"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_number(1, 1, 410871198001010000.0).unwrap();
    ws.write_string(1, 2, &code).unwrap();
    let res = upload(&app, &clerk, book.save_to_buffer().unwrap(), "people.xlsx", false).await;
    let report: Value = res.json().await.unwrap();
    assert_eq!(bad_rows(&report), [(2, "id_number".into())]);
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("文本"), "{report}");
    // The same number as Excel writes it into a CSV.
    let csv = format!("姓名,身份证号,网格编码\n张三,4.10871E+17,{code}\n");
    let report: Value =
        upload(&app, &clerk, csv.into_bytes(), "p.csv", false).await.json().await.unwrap();
    assert_eq!(bad_rows(&report), [(2, "id_number".into())]);
}

#[tokio::test]
async fn a_gbk_file_is_read_and_its_broken_byte_is_a_row_error() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let (_, code) = grid(&app, 1).await;
    let text = format!(
        "姓名,身份证号,网格编码,现住址\n王二,{},{code},文昌社区一组\n赵四,{},{code},",
        id("19600101", 11),
        id("19600101", 13)
    );
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.extend_from_slice(&[0xB5, 0xFF, b'\n']);
    let report: Value =
        upload(&app, &clerk, bytes.clone(), "p.csv", false).await.json().await.unwrap();
    assert_eq!(bad_rows(&report), [(3, "address".into())]);
    let report: Value = upload(&app, &clerk, bytes, "p.csv", true).await.json().await.unwrap();
    assert_eq!(report["added"], 1);
    let list = app.get_json(&clerk, "/api/v1/people").await;
    assert_eq!(list["items"][0]["address"], "文昌社区一组", "GBK read as Chinese");
}

#[tokio::test]
async fn a_household_has_one_head_and_a_person_one_household() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let (_, code) = grid(&app, 1).await;
    let mut sheet = rows(&code, 6);
    sheet[1][6] = "户主".into();
    let report: Value =
        upload(&app, &clerk, xlsx(&sheet), "p.xlsx", false).await.json().await.unwrap();
    assert_eq!(bad_rows(&report), [(3, "relation".into())]);
    upload(&app, &clerk, xlsx(&rows(&code, 6)), "p.xlsx", false).await;
    let mut moved = rows(&code, 6);
    moved[1][5] = "H0001".into();
    let report: Value =
        upload(&app, &clerk, xlsx(&moved[1..2]), "p.xlsx", false).await.json().await.unwrap();
    assert_eq!(bad_rows(&report), [(2, "household".into())]);
    let mut second_head = rows(&code, 7);
    second_head[6][6] = "户主".into();
    second_head[6][5] = "H0000".into();
    let report: Value =
        upload(&app, &clerk, xlsx(&second_head[6..]), "p.xlsx", false).await.json().await.unwrap();
    assert_eq!(
        bad_rows(&report),
        [(2, "relation".into())],
        "the household has its head in the registry"
    );
}

#[tokio::test]
async fn an_unknown_or_missing_column_refuses_the_file() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let csv = "姓名,爱好\n张三,钓鱼\n";
    let report: Value =
        upload(&app, &clerk, csv.as_bytes().to_vec(), "p.csv", true).await.json().await.unwrap();
    let fields: Vec<(i64, String)> = bad_rows(&report);
    assert_eq!(fields, [(1, "file".into()), (1, "id_number".into()), (1, "grid".into())]);
    assert_eq!(app.count("people").await, 0, "not even with partial");
}

#[tokio::test]
async fn a_move_between_grids_keeps_the_stay_it_ends() {
    let app = TestApp::spawn().await;
    let clerk = app.token("wenchang").await;
    let ((first, one), (second, two)) = (grid(&app, 1).await, grid(&app, 2).await);
    let number = id("19660606", 21);
    let csv = |code: &str, address: &str| {
        format!("姓名,身份证号,网格编码,现住址\n周八,{number},{code},{address}\n").into_bytes()
    };
    upload(&app, &clerk, csv(&one, "文昌社区一组"), "p.csv", false).await;
    let report: Value =
        upload(&app, &clerk, csv(&two, "文昌社区二组"), "p.csv", false).await.json().await.unwrap();
    assert_eq!(report["changed"], 1, "{report}");
    let person = app.get_json(&clerk, &format!("/api/v1/people?q={number}")).await;
    assert_eq!(person["items"][0]["unit_id"], second);
    let stays: Vec<(i64, String)> = sqlx::query_as("SELECT unit_id, address FROM residences")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stays, [(first, "文昌社区一组".to_string())], "the stay that ended is kept");
    let range = ("/".to_string(), "0".to_string());
    let kept = zhili::registry::store::counts::sum(&app.db.pool, &range).await.unwrap();
    assert_eq!(kept, zhili::registry::store::counts::recount(&app.db.pool, &range).await.unwrap());
}

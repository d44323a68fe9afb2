//! Hotline imports (all or nothing, or the good rows) and Excel exports.

use crate::helpers::TestApp;

use crate::helpers::invalid_fields;
use reqwest::StatusCode;
use serde_json::Value;

fn sheet(rows: &[[&str; 10]]) -> Vec<u8> {
    let header: Vec<String> = [
        "工单编号",
        "来电时间",
        "类别代码",
        "网格代码",
        "经度",
        "纬度",
        "地址",
        "情况描述",
        "来电人",
        "联系电话",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.map(String::from).to_vec()).collect();
    zhili::platform::sheet::xlsx("热线工单", &header, &rows).unwrap()
}

const GOOD: [&str; 10] = [
    "T-1",
    "2015-10-20 09:30",
    "I0301",
    "410871100200001",
    "",
    "",
    "宁郭村二组",
    "垃圾堆放",
    "张先生",
    "13900000000",
];
const GOOD2: [&str; 10] = [
    "T-2",
    "2015/10/21 10:00",
    "I0102",
    "410871100200002",
    "",
    "",
    "宁郭村三组",
    "路灯不亮",
    "李女士",
    "13900000001",
];
const BAD_CATEGORY: [&str; 10] =
    ["T-3", "2015-10-21 11:00", "X99", "410871100200001", "", "", "", "不明", "", ""];
const BAD_TIME: [&str; 10] =
    ["T-4", "昨天上午", "I0301", "410871100200001", "", "", "", "垃圾", "", ""];

async fn upload(app: &TestApp, token: &str, bytes: Vec<u8>, partial: bool) -> reqwest::Response {
    app.upload_sheet(token, "/api/v1/cases/import", ("hotline.xlsx", bytes), partial).await
}

#[tokio::test]
async fn one_bad_row_refuses_the_whole_sheet_and_names_every_bad_row() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    app.get_json(&token, "/api/v1/categories").await;
    let (cases, audit) = (app.count("cases").await, app.count("audit_log").await);
    let res = upload(&app, &token, sheet(&[GOOD, BAD_CATEGORY, GOOD2, BAD_TIME]), false).await;
    assert_eq!(invalid_fields(res).await, ["row 3 类别代码", "row 5 来电时间"]);
    assert_eq!(
        (app.count("cases").await, app.count("audit_log").await),
        (cases, audit),
        "nothing was written"
    );
}

#[tokio::test]
async fn a_clean_sheet_imports_as_hotline_cases_on_their_own_dates() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let res = upload(&app, &token, sheet(&[GOOD, GOOD2]), false).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["imported"], 2);
    let list = app.get_json(&token, "/api/v1/cases?from=2015-10-20&to=2015-10-21").await;
    assert_eq!(list["total"], 2);
    assert!(list["items"].as_array().unwrap().iter().all(|c| c["source"] == "hotline"));
    assert!(list["items"].as_array().unwrap().iter().any(|c| c["title"] == "12345工单 T-1"));
}

#[tokio::test]
async fn when_asked_the_good_rows_are_taken_and_the_bad_reported() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let res = upload(&app, &token, sheet(&[GOOD, BAD_CATEGORY, GOOD2]), true).await;
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["imported"], 2);
    assert_eq!(report["errors"][0]["row"], 3);
    assert_eq!(report["errors"][0]["column"], "类别代码");
    // Grids outside the importer's township are not theirs to file in.
    let other = app.token("wenchang").await;
    let res = upload(&app, &other, sheet(&[GOOD]), false).await;
    assert_eq!(invalid_fields(res).await, ["row 2 网格代码"]);
}

#[tokio::test]
async fn a_gbk_csv_from_old_excel_imports_too_and_lists_export_to_excel() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let text = "工单编号,来电时间,类别代码,网格代码,情况描述\nT-9,2015-10-22 08:00,I0601,410871100200003,占道经营\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(gbk.into_owned()).file_name("h.csv"));
    let res = app
        .client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["imported"], 1);
    let session = crate::pages::page_login(&app, "ningguo").await;
    let res = app
        .client
        .get(app.url("/cases.xlsx?from=2015-10-01&to=2015-10-31"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = zhili::platform::sheet::read_rows(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "12345工单 T-9");
}

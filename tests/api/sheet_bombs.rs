//! Hostile uploads: spreadsheets and photos built to take the server's memory or time are
//! refused with 422 naming the limit, in the caller's language, and nothing is written.

use crate::helpers::TestApp;

use crate::helpers::error_of;

use crate::helpers::invalid_fields;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::Write;
use std::time::{Duration, Instant};

use crate::server;

/// A workbook whose one sheet holds two cells, `A1` and `XFD1048576`: its declared range is
/// every cell Excel has, 17 billion of them.
fn two_cell_bomb() -> Vec<u8> {
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="r1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="r1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="r1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>工单编号</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn form(bytes: Vec<u8>, name: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()))
}

/// A kB figure of `/proc/PID/status`.
fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn bombs_posted_to_a_real_server_are_refused_at_once_and_its_memory_stays_flat() {
    let database = crate::helpers::fresh_database().await;
    let port = server::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = server::start(&database.url, port, &[]).await;
    let pid = child.id();
    let (token, _) = server::token(&base, "g001-manager").await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    // The peak is counted from here.
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").unwrap();
    let before = status_kb(pid, "VmRSS:");
    let bombs = [
        (two_cell_bomb(), "error.sheet_rows", "The sheet has more than 20000 rows."),
        (
            include_bytes!("../fixtures/zip-bomb.xlsx").to_vec(),
            "error.sheet_part",
            "A part of the file expands to more than 30 MB.",
        ),
        // Its headers say a kilobyte: inflating stops at the first byte past what they say.
        (
            include_bytes!("../fixtures/zip-bomb-lying.xlsx").to_vec(),
            "error.sheet_unreadable",
            "That file cannot be read; upload xlsx or csv.",
        ),
    ];
    for (bomb, key, message) in bombs {
        assert!(bomb.len() < 3 << 20, "{key}: {} bytes", bomb.len());
        let started = Instant::now();
        let res = client
            .post(format!("{base}/api/v1/cases/import"))
            .bearer_auth(&token)
            .header("accept-language", "en")
            .multipart(form(bomb, "hotline.xlsx"))
            .send()
            .await
            .unwrap();
        let error = error_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(started.elapsed() < Duration::from_secs(1), "{key} took {:?}", started.elapsed());
        assert_eq!(error["fields"][0]["field"], "file");
        assert_eq!(error["fields"][0]["message"], message, "{key}");
    }
    let peak = status_kb(pid, "VmHWM:");
    assert!(peak < before + 100 * 1024, "the peak was {peak} kB, from {before} kB");
    assert!(client.get(format!("{base}/healthz")).send().await.unwrap().status().is_success());
    child.kill().unwrap();
    child.wait().unwrap();
}

async fn import(app: &TestApp, token: &str, bytes: Vec<u8>, partial: bool) -> reqwest::Response {
    let mut form = form(bytes, "hotline.csv");
    if partial {
        form = form.text("partial", "true");
    }
    app.client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(token)
        .header("accept-language", "en")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn too_many_rows_or_cells_name_the_limit_and_write_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let cases = app.count("cases").await;
    let row = "T,2015-10-20 09:30,I0301,410871100200001,,,宁郭村,垃圾堆放\n";
    let rows = format!(
        "工单编号,来电时间,类别代码,网格代码,经度,纬度,地址,情况描述\n{}",
        row.repeat(20_000)
    );
    let error = error_of(
        import(&app, &token, rows.into_bytes(), true).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        error["fields"][0],
        json!({"field": "file", "message": "The sheet has more than 20000 rows."})
    );
    let wide = format!("{}\n", ",".repeat(99)).repeat(2_001);
    let error = error_of(
        import(&app, &token, wide.into_bytes(), true).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        error["fields"][0],
        json!({"field": "file", "message": "The sheet has more than 200000 cells."})
    );
    assert_eq!(app.count("cases").await, cases);
}

#[tokio::test]
async fn a_broken_byte_in_a_gbk_csv_is_one_row_error_and_the_good_rows_import_when_asked() {
    let app = TestApp::spawn().await;
    let token = app.token("ningguo").await;
    let gbk = |t: &str| encoding_rs::GBK.encode(t).0.into_owned();
    let mut csv = gbk(
        "工单编号,来电时间,类别代码,网格代码,情况描述,地址\nT-1,2015-10-20 09:30,I0301,410871100200001,垃圾堆放,一组\nT-2,2015-10-20 10:00,I0301,410871100200001,",
    );
    csv.extend_from_slice(&[0xC0, 0xAC, 0xFF]);
    csv.extend(gbk(",二组\nT-3,2015-10-20 11:00,I0102,410871100200002,路灯不亮,三组\n"));
    let cases = app.count("cases").await;
    assert_eq!(
        invalid_fields(import(&app, &token, csv.clone(), false).await).await,
        ["row 3 情况描述"]
    );
    assert_eq!(app.count("cases").await, cases, "nothing was written");
    let report: Value = import(&app, &token, csv, true).await.json().await.unwrap();
    assert_eq!(report["imported"], 2);
    assert_eq!(
        report["errors"],
        json!([{"row": 3, "column": "情况描述", "message": "This is not valid GBK text."}])
    );
    let list = app.get_json(&token, "/api/v1/cases?from=2015-10-20&to=2015-10-20").await;
    let mut titles: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, ["12345工单 T-1", "12345工单 T-3"], "no column shifted");
}

#[tokio::test]
async fn the_import_pages_show_the_limit_with_422() {
    let app = TestApp::spawn().await;
    for (user, path, bomb) in [
        ("ningguo", "/cases/import", two_cell_bomb()),
        (
            "admin",
            "/admin/catalogue",
            include_bytes!("../../fuzz/seeds/imports/zip-bomb-100mb.xlsx").to_vec(),
        ),
    ] {
        let session = crate::pages::page_login(&app, user).await;
        let csrf = crate::kit::session::page_csrf(&app, &session, path).await;
        let res = app
            .client
            .post(app.url(path))
            .header("cookie", &session)
            .multipart(form(bomb, "sheet.xlsx").text("csrf", csrf))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let html = res.text().await.unwrap();
        let message = if path == "/cases/import" {
            "表格超过 20000 行。"
        } else {
            "文件中有一部分解压后超过 30 MB。"
        };
        assert!(html.contains(message), "{path}: {html}");
    }
}

#[tokio::test]
async fn a_photo_declaring_ten_billion_pixels_is_refused_before_it_is_decoded() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body = json!({"category": "I0101", "unit_id": grid, "description": "井盖缺失"});
    let case: Value =
        app.send(reqwest::Method::POST, &token, "/api/v1/cases", body).await.json().await.unwrap();
    let bomb = include_bytes!("../../fuzz/seeds/photo/png-100000x100000.png").to_vec();
    assert!(bomb.len() < 100);
    let form = reqwest::multipart::Form::new()
        .part("photo", reqwest::multipart::Part::bytes(bomb).file_name("site.png"));
    let url = app.url(&format!("/api/v1/cases/{}/photos", case["id"]));
    let res = app
        .client
        .post(url)
        .bearer_auth(&token)
        .header("accept-language", "en")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let error = error_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        error["fields"][0],
        json!({"field": "photo", "message": "A photo has at most 40 megapixels and 12000 pixels a side."})
    );
    assert_eq!(app.count("case_photos").await, 0);
}

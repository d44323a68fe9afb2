//! Exports a spreadsheet opens: a cell that would be a formula goes out as text.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;
use std::io::Read;

const FORMULA: &str = r#"=HYPERLINK("http://x","y")"#;

#[tokio::test]
async fn a_title_that_is_a_formula_is_text_in_the_csv_and_the_xlsx() {
    let app = TestApp::spawn().await;
    let token = app.token("g001-manager").await;
    let grid = app.unit_of("g001-manager").await;
    let body =
        json!({"category": "I0101", "unit_id": grid, "description": "井盖缺失", "title": FORMULA});
    let res = app.send(reqwest::Method::POST, &token, "/api/v1/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let session = crate::pages::page_login(&app, "g001-manager").await;

    let res =
        app.client.get(app.url("/cases.csv")).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let mut csv = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    let cells: Vec<String> = csv
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(cells.contains(&format!("'{FORMULA}")), "{cells:?}");
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r'])), "{cells:?}");

    let res =
        app.client.get(app.url("/cases.xlsx")).header("cookie", &session).send().await.unwrap();
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "no formula cells: {sheet}");
    assert!(
        sheet.matches("<c ").count() == sheet.matches(r#" t="s""#).count(),
        "every cell is a text cell: {sheet}"
    );
    let rows = zhili::platform::sheet::read_rows(&bytes).unwrap();
    assert!(rows.iter().flatten().any(|c| c == FORMULA), "kept as written, as text");
}

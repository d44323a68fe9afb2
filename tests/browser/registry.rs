//! The registry at a desk: a township clerk uploads a people sheet with three mistakes, reads
//! the three rows named, uploads it fixed; a grid worker finds a person masked, reveals the ID
//! number with a purpose and sees the look listed on the person's page.

use crate::harness::{body_text, browser, click, driver, login, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::{Client, Locator};
use std::time::Duration;

fn id(day: &str, seq: u32) -> String {
    zhili::platform::id_number::IdNumber::with_check(&format!("410871{day}{seq:03}"))
        .unwrap()
        .reveal()
        .to_string()
}

/// A people sheet of `n` rows in grid `code`, each its own household head; `bad` rows broken.
fn sheet(code: &str, n: u32, bad: &[u32]) -> String {
    let mut text = String::from("姓名,公民身份号码,联系电话,网格编码,现住址,户号,与户主关系\n");
    for i in 0..n {
        let mut number = id("19750101", 2 * i + 1);
        if bad.contains(&i) {
            number.replace_range(17.., if number.ends_with('0') { "1" } else { "0" });
        }
        text.push_str(&format!("村民{i},{number},1390000{i:04},{code},文昌社区,W{i:04},户主\n"));
    }
    text
}

/// Uploads a file on the import page and waits for its report.
async fn upload(c: &Client, app: &TestApp, path: &std::path::Path) {
    c.goto(&app.url("/registry/import")).await.unwrap();
    let input = c.find(Locator::Css("input[type=file]")).await.unwrap();
    input.send_keys(path.to_str().unwrap()).await.unwrap();
    click(c, "form.stack button[type=submit]").await;
    for _ in 0..200 {
        if c.find(Locator::Css("#outcome")).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the import did not finish: {}", body_text(c).await);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_clerk_fixes_three_rows_and_a_worker_reveals_one_number_on_the_record() {
    let app = TestApp::spawn().await;
    let (_, code) = crate::harness::grid_of(&app, "g001-manager").await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("browser-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("people.csv");
    std::fs::write(&file, sheet(&code, 300, &[4, 150, 299])).unwrap();

    let driver = driver().await;
    let c = browser(&driver, 1280, 900, "zh-CN").await;
    login(&c, &app, "wenchang").await;
    upload(&c, &app, &file).await;
    let rows: Vec<String> = {
        let mut out = Vec::new();
        for cell in c.find_all(Locator::Css("#row-errors tbody tr td:first-child")).await.unwrap() {
            out.push(cell.text().await.unwrap());
        }
        out
    };
    assert_eq!(rows, ["6", "152", "301"], "the three rows are named");
    assert!(body_text(&c).await.contains("全部未导入"));
    shot(&c, "registry-import-report").await;
    std::fs::write(&file, sheet(&code, 300, &[])).unwrap();
    upload(&c, &app, &file).await;
    assert!(body_text(&c).await.contains("300 人新增"), "{}", body_text(&c).await);

    let w = browser(&driver, 390, 844, "zh-CN").await;
    login(&w, &app, "g001-manager").await;
    w.goto(&app.url(&format!("/registry/people?q={}", id("19750101", 9)))).await.unwrap();
    w.wait().for_element(Locator::Css("#list")).await.unwrap();
    assert!(body_text(&w).await.contains("村*"), "names are masked in the list");
    click(&w, "#list tbody a").await;
    w.wait().for_element(Locator::Css("#reveal")).await.unwrap();
    assert!(body_text(&w).await.contains("4108**********"), "the number is masked");
    type_into(&w, "input[name=purpose]", "核实家庭成员").await;
    click(&w, "#reveal button[type=submit]").await;
    // The revealed page has no reveal form; until it is gone, the old page is still showing.
    for _ in 0..100 {
        if w.find(Locator::Css("#reveal")).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    w.wait().for_element(Locator::Css("#looks")).await.unwrap();
    let shown = w.find(Locator::Css("#id-number")).await.unwrap().text().await.unwrap();
    assert_eq!(shown, id("19750101", 9));
    let looks = w.find(Locator::Css("#looks")).await.unwrap().text().await.unwrap();
    assert!(looks.contains("g001-manager") && looks.contains("核实家庭成员"), "{looks}");
    shot(&w, "registry-person-phone").await;
    let _ = std::fs::remove_dir_all(&dir);
}

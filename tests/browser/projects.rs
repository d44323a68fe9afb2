//! Key projects in a browser: the leader reads the promotion dashboard's figures as the source
//! states them and opens the projects behind one; a team on a phone submits October's report
//! with a photo, which, taken in September, is flagged; the battle map and the Gantt are drawn.

use crate::harness::{body_text, browser, click, click_to_leave, driver, login, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::Locator;

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    zhili::registry::demo::places(&app.db, 1).await.unwrap();
    zhili::projects::demo::load(&app.db).await.unwrap();
    app
}

async fn text(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn the_leader_reads_the_promotion_figures_and_opens_the_projects_behind_the_start_rate() {
    let app = demo().await;
    let driver = driver().await;
    let c = browser(&driver, 1920, 1080, "zh-CN").await;
    login(&c, &app, "leader").await;
    c.goto(&app.url("/promotion?as_of=2015-10-25")).await.unwrap();
    assert_eq!(text(&c, "#signed b").await, "73");
    assert_eq!(text(&c, "#signed-value b").await, "82.67");
    assert_eq!(text(&c, "#from1bn b").await, "3");
    assert_eq!(text(&c, "#from500m b").await, "5");
    assert_eq!(text(&c, "#rate-fulfilment_rate .rate-value").await, "100%");
    assert_eq!(text(&c, "#rate-funds_in_place_rate .rate-value").await, "30%");
    assert_eq!(text(&c, "#rate-start_rate .rate-value").await, "97%");
    shot(&c, "promotion-desk").await;
    click_to_leave(&c, "#rate-start_rate td:nth-child(3) a").await;
    c.wait().for_element(Locator::Css("#behind")).await.unwrap();
    let body = body_text(&c).await;
    assert!(body.contains("71") && body.contains("v1"), "{body}");
    c.goto(&app.url("/promotion/rates")).await.unwrap();
    c.wait().for_element(Locator::Css("#start_rate-v1")).await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_team_on_a_phone_reports_october_with_a_photo_and_the_board_draws_it() {
    let app = demo().await;
    let token = app.token("ningguo").await;
    let list = app.get_json(&token, "/api/v1/projects?level=provincial").await;
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with("河南焦矿机器"))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "ningguo").await;
    c.goto(&app.url(&format!("/projects/{id}"))).await.unwrap();
    click(&c, "#submit-report summary").await;
    let period = c.find(Locator::Css("#submit-report input[name=period]")).await.unwrap();
    period.clear().await.unwrap();
    period.send_keys("2015-10").await.unwrap();
    type_into(&c, "#submit-report input[name=progress_percent]", "70").await;
    type_into(
        &c,
        "#submit-report textarea[name=progress]",
        zhili::projects::demo::key::JIAOKUANG_PROGRESS,
    )
    .await;
    let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photo.jpg");
    type_into(&c, "#submit-report input[name=photo]", photo.to_str().unwrap()).await;
    click_to_leave(&c, "#submit-report button[type=submit]").await;
    c.wait().for_element(Locator::Css("#report-2015-10 figure.photo.doubtful")).await.unwrap();
    let report = text(&c, "#report-2015-10").await;
    assert!(report.contains("拍摄时间不在本期"), "a September photo is flagged: {report}");
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    shot(&c, "project-report-phone").await;
    assert!(width.as_u64().unwrap() <= 390, "the project page is {width} px wide on a phone");
    c.goto(&app.url("/projects/map")).await.unwrap();
    c.wait().for_element(Locator::Css("#battle-map svg")).await.unwrap();
    let markers = c.find_all(Locator::Css("#battle-map svg .marker")).await.unwrap();
    assert!(!markers.is_empty(), "宁郭镇's projects are on its map");
    shot(&c, "battle-map-phone").await;
    c.goto(&app.url("/projects/gantt")).await.unwrap();
    c.wait().for_element(Locator::Css("#gantt svg.gantt")).await.unwrap();
    c.close().await.unwrap();
}

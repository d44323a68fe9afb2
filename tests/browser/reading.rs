//! Reading the work: the leader's dashboard and the cases behind its figures, the case list
//! filtered, sorted and exported, and the work pages on a phone.

use crate::harness::{body_text, browser, click, click_to_leave, driver, login, shot, type_into};
use crate::helpers::TestApp;
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn the_leader_reads_the_source_figures_on_the_dashboard_and_opens_the_cases_behind_them() {
    let app = TestApp::spawn().await;
    zhili::cases::demo::load(&app.db).await.unwrap();
    let driver = driver().await;
    let c = browser(&driver, 1920, 1080, "zh-CN").await;
    login(&c, &app, "leader").await;
    c.goto(&app.url("/dashboard?from=2015-01-01&to=2015-10-25")).await.unwrap();
    let panel = c.find(Locator::Css("#panel-D")).await.unwrap();
    assert_eq!(panel.find(Locator::Css("b.found")).await.unwrap().text().await.unwrap(), "1393");
    assert_eq!(panel.find(Locator::Css("b.resolved")).await.unwrap().text().await.unwrap(), "1372");
    assert_eq!(
        panel.find(Locator::Css(".rate-value")).await.unwrap().text().await.unwrap(),
        "98.5%"
    );
    shot(&c, "dashboard-desk").await;
    panel.find(Locator::Css("a.tile b.resolved")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#list")).await.unwrap();
    assert!(body_text(&c).await.contains("1372"));
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn the_work_pages_fit_a_phone() {
    let app = TestApp::spawn().await;
    zhili::cases::demo::load(&app.db).await.unwrap();
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "admin").await;
    for (path, name, marker) in [
        ("/dashboard?from=2015-01-01&to=2015-10-25", "dashboard-phone", "#panel-D"),
        ("/cases/map?from=2015-10-01&to=2015-10-25", "cases-map-phone", "#cases-map"),
        ("/cases?from=2015-10-20&to=2015-10-25", "cases-phone", "#list"),
        ("/cases/import", "import-phone", "input[name=file]"),
        ("/admin/catalogue", "catalogue-phone", "#categories"),
        ("/admin/calendar?year=2015", "calendar-phone", "#days"),
    ] {
        c.goto(&app.url(path)).await.unwrap();
        if let Err(e) = c.wait().for_element(Locator::Css(marker)).await {
            panic!("{path} shows no {marker} ({e}): {}", body_text(&c).await);
        }
        let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
        shot(&c, name).await;
        assert!(width.as_u64().unwrap() <= 390, "{path} is {width} px wide on a 390 px phone");
    }
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn the_case_list_filters_sorts_and_exports_on_a_desk_and_is_cards_on_a_phone() {
    let app = TestApp::spawn().await;
    zhili::cases::demo::load(&app.db).await.unwrap();
    let driver = driver().await;
    let c = browser(&driver, 1920, 1080, "zh-CN").await;
    login(&c, &app, "leader").await;
    c.goto(&app.url("/cases?from=2015-09-01&to=2015-09-30")).await.unwrap();
    c.wait().for_element(Locator::Css("#list")).await.unwrap();
    // A dense table: its headings show, one row a case.
    let display = "return getComputedStyle(document.querySelector(arguments[0])).display";
    let shown = |css: &'static str| {
        let c = &c;
        async move {
            c.execute(display, vec![serde_json::json!(css)])
                .await
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(shown("#list thead").await, "table-header-group");
    assert_eq!(shown("#list tbody tr").await, "table-row");
    // Filter by state from the bar; the filters go into the URL.
    click(&c, "#filters select[name=state] option[value=closed]").await;
    type_into(&c, "#filters input[name=q]", "纠纷").await;
    click_to_leave(&c, "#filters button[type=submit]").await;
    c.wait().for_element(Locator::Css("#list")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.query().unwrap().contains("state=closed"), "{url}");
    let states: Vec<String> = {
        let mut out = Vec::new();
        for cell in c.find_all(Locator::Css("#list tbody tr td:nth-child(4)")).await.unwrap() {
            out.push(cell.text().await.unwrap());
        }
        out
    };
    assert!(!states.is_empty() && states.iter().all(|s| s == "已结案"), "{states:?}");
    // Sort by number, then the other way, by the headings.
    click(&c, "#list thead th:first-child a").await;
    c.wait().for_element(Locator::Css("#list th[aria-sort=ascending]")).await.unwrap();
    let first =
        c.find(Locator::Css("#list tbody tr td:first-child")).await.unwrap().text().await.unwrap();
    click(&c, "#list thead th:first-child a").await;
    c.wait().for_element(Locator::Css("#list th[aria-sort=descending]")).await.unwrap();
    let last =
        c.find(Locator::Css("#list tbody tr td:first-child")).await.unwrap().text().await.unwrap();
    let number = |s: &str| s.trim_start_matches('#').parse::<i64>().unwrap();
    assert!(number(&first) < number(&last), "{first} then {last}");
    shot(&c, "cases-desk").await;
    // The export link carries exactly these filters.
    let href = c
        .find(Locator::Css("a[href^='/cases.xlsx']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(href.contains("state=closed") && href.contains("from=2015-09-01"), "{href}");

    // The same list on a phone: cards, no headings, nothing wider than the screen.
    let list_url = c.current_url().await.unwrap();
    let p = browser(&driver, 390, 844, "zh-CN").await;
    login(&p, &app, "leader").await;
    p.goto(list_url.as_str()).await.unwrap();
    if let Err(e) = p.wait().for_element(Locator::Css("#list")).await {
        panic!("{list_url} shows no list ({e}), but {:?}", p.current_url().await);
    }
    let shown = |css: &'static str| {
        let p = &p;
        async move {
            p.execute(display, vec![serde_json::json!(css)])
                .await
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(shown("#list thead").await, "none");
    assert_eq!(shown("#list tbody tr").await, "block");
    let width = p.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    assert!(width.as_u64().unwrap() <= 390, "the list is {width} px wide on a 390 px phone");
    shot(&p, "cases-list-phone").await;
    c.close().await.unwrap();
    p.close().await.unwrap();
}

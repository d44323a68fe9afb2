//! The browser test: headless Chromium (Debian's `chromium` and `chromium-driver`) driven over
//! WebDriver. A person logs in and walks from the zone down to one grid and its four staff, at
//! a desk screen's size and a phone's. Run by `.ci/run` as
//! `cargo test --test browser -- --ignored`; it needs /usr/bin/chromium and /usr/bin/chromedriver.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use fantoccini::{Client, ClientBuilder, Locator};
use helpers::{PASSWORD, TestApp};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let driver = Driver {
        port,
        child: Command::new(
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
        )
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (apt-get install chromium chromium-driver)"),
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn browser(driver: &Driver, width: u32, height: u32, lang: &str) -> Client {
    let profile = std::env::temp_dir()
        .join(format!("zhili-chromium-{}", zhili::platform::users::password::random_hex(6)));
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     format!("--window-size={width},{height}"), format!("--lang={lang}"),
                     format!("--user-data-dir={}", profile.display())],
            "prefs": {"intl.accept_languages": lang}
        }
    });
    let mut caps = caps;
    // Desktop Chromium keeps windows at least 500 px wide: a phone is emulated instead.
    if width < 500 {
        caps["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": true}});
    }
    let caps = caps.as_object().unwrap().clone();
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

async fn login(c: &Client, app: &TestApp, username: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("input[name=username]")).await.unwrap().send_keys(username).await.unwrap();
    c.find(Locator::Css("input[name=password]")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    c.find(Locator::Css("button[type=submit].primary")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("h1")).await.unwrap();
}

async fn shot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

/// Clicks the link with this text in the main part of the page and waits for the next page.
async fn follow(c: &Client, text: &str) {
    let before = c.current_url().await.unwrap();
    let link = c
        .find(Locator::XPath(&format!("//main//table//a[normalize-space(.)='{text}']")))
        .await
        .unwrap();
    link.click().await.unwrap();
    for _ in 0..50 {
        if c.current_url().await.unwrap() != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.wait().for_element(Locator::Css("h1")).await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_leader_walks_from_the_zone_down_to_a_grid_on_a_desk_screen() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 1920, 1080, "zh-CN").await;
    login(&c, &app, "leader").await;
    assert!(body_text(&c).await.contains("焦作市城乡一体化示范区"));
    shot(&c, "home-desk").await;
    c.find(Locator::LinkText("组织架构")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("svg.map")).await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("715"), "the zone counts its grids");
    shot(&c, "zone-desk").await;
    follow(&c, "宁郭镇").await;
    follow(&c, "宁郭村").await;
    shot(&c, "village-desk").await;
    follow(&c, "宁郭村第1网格").await;
    let text = body_text(&c).await;
    assert!(text.contains("申安胜"));
    for role in ["网格管理员", "网格协管员", "网格警务员", "网格监督员"] {
        assert!(text.contains(role), "{role}");
    }
    let staff = c.find_all(Locator::Css("#staff tbody tr")).await.unwrap();
    assert_eq!(staff.len(), 4);
    shot(&c, "grid-desk").await;
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_grid_manager_on_a_phone_sees_their_grid_and_not_the_next() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "g001-manager").await;
    shot(&c, "home-phone").await;
    c.find(Locator::Css("a.card.unit")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#staff")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css("#staff tbody tr")).await.unwrap().len(), 4);
    // Nothing on the page is wider than the phone.
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    assert!(width.as_u64().unwrap() <= 390, "page is {width} px wide on a 390 px phone");
    shot(&c, "grid-phone").await;
    let other = app.unit_of("g002-manager").await;
    c.goto(&app.url(&format!("/units/{other}"))).await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("404") && !text.contains("第2网格"));
    c.close().await.unwrap();
}

/// Submits the action form for `action` on a case page, filling its note if it has one.
async fn do_action(c: &Client, action: &str, note: Option<&str>) {
    let form = c
        .find(Locator::XPath(&format!("//form[input[@name='action' and @value='{action}']]")))
        .await
        .unwrap();
    if let Some(note) = note {
        form.find(Locator::Css("textarea[name=note]"))
            .await
            .unwrap()
            .send_keys(note)
            .await
            .unwrap();
    }
    let before = c.find_all(Locator::Css("#timeline li")).await.unwrap().len();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    // The page comes back with one more event on the timeline.
    for _ in 0..100 {
        if let Ok(items) = c.find_all(Locator::Css("#timeline li")).await
            && items.len() > before
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{action} did not add an event: {}", body_text(c).await);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_grid_worker_takes_a_dispute_from_report_to_a_verified_close_on_a_phone() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    login(&c, &app, "g001-manager").await;
    c.goto(&app.url("/cases/new")).await.unwrap();
    c.find(Locator::Css("select[name=category] option[value=D01]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("textarea[name=description]"))
        .await
        .unwrap()
        .send_keys("两户因宅基地边界争执")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=party1_name]")).await.unwrap().send_keys("王某").await.unwrap();
    // A wrong check digit is caught, and what was typed stays.
    c.find(Locator::Css("input[name=party1_id]"))
        .await
        .unwrap()
        .send_keys("110105194912310021")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=party2_name]")).await.unwrap().send_keys("李某").await.unwrap();
    c.find(Locator::Css("form.stack button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("p.error")).await.unwrap();
    assert!(body_text(&c).await.contains("校验位"));
    let kept =
        c.find(Locator::Css("textarea[name=description]")).await.unwrap().text().await.unwrap();
    assert_eq!(kept, "两户因宅基地边界争执");
    let id_box = c.find(Locator::Css("input[name=party1_id]")).await.unwrap();
    id_box.clear().await.unwrap();
    id_box.send_keys("11010519491231002X").await.unwrap();
    shot(&c, "report-phone").await;
    c.find(Locator::Css("form.stack button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#timeline")).await.unwrap();
    assert!(body_text(&c).await.contains("110105********002X"), "the ID number is masked");
    let case_url = c.current_url().await.unwrap();

    do_action(&c, "register", None).await;
    do_action(&c, "dispatch", None).await;
    do_action(&c, "accept", None).await;
    // The mediated agreement, written on the phone.
    c.find(Locator::Css("#mediation details:last-of-type summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = c.find(Locator::Css("#agreement-form")).await.unwrap();
    for (name, text) in [
        ("facts", "两户因宅基地边界争执"),
        ("obligations", "以老院墙为界，东移十厘米"),
        ("performance", "三日内砌墙"),
    ] {
        form.find(Locator::Css(&format!("textarea[name={name}]")))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    // Signed today as the zone counts it: the day the case was reported, whatever the UTC date.
    let today = app.db.clock.today();
    for (name, day) in
        [("performance_due", today + chrono::Duration::days(3)), ("signed_on", today)]
    {
        let input = form.find(Locator::Css(&format!("input[name={name}]"))).await.unwrap();
        c.execute(
            "arguments[0].value = arguments[1]",
            vec![serde_json::to_value(&input).unwrap(), serde_json::json!(day.to_string())],
        )
        .await
        .unwrap();
    }
    form.find(Locator::Css("input[name=signed_by_all]")).await.unwrap().click().await.unwrap();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#agreement")).await.unwrap();
    assert!(body_text(&c).await.contains("示调字"));
    do_action(&c, "feedback", Some("双方各让一步，签订调解协议")).await;
    shot(&c, "case-phone").await;
    assert!(body_text(&c).await.contains("待核查"));

    // The grid's supervisor verifies it.
    c.goto(&app.url("/logout")).await.unwrap();
    let c2 = browser(&driver, 390, 844, "zh-CN").await;
    login(&c2, &app, "g001-supervisor").await;
    c2.goto(case_url.as_str()).await.unwrap();
    do_action(&c2, "verify", None).await;
    let text = body_text(&c2).await;
    assert!(text.contains("已结案") && text.contains("已化解"), "{text}");
    c.close().await.unwrap();
    c2.close().await.unwrap();
}

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
        c.wait().for_element(Locator::Css(marker)).await.unwrap();
        let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
        shot(&c, name).await;
        assert!(width.as_u64().unwrap() <= 390, "{path} is {width} px wide on a 390 px phone");
    }
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; .ci/run runs it"]
async fn a_resident_reports_a_street_light_from_a_phone_without_an_account() {
    let app = TestApp::spawn().await;
    let driver = driver().await;
    let c = browser(&driver, 390, 844, "zh-CN").await;
    c.goto(&app.url("/report")).await.unwrap();
    c.wait().for_element(Locator::Css("#public-report")).await.unwrap();
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    assert!(width.as_u64().unwrap() <= 390, "the form is {width} px wide on a 390 px phone");
    // Sent without a place, it comes back saying what is missing, the text kept.
    c.find(Locator::Css("select[name=service_code] option[value=I0102]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("textarea[name=description]"))
        .await
        .unwrap()
        .send_keys("村口路灯连续三晚不亮")
        .await
        .unwrap();
    c.find(Locator::Css("#public-report button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("p.error")).await.unwrap();
    assert!(body_text(&c).await.contains("请选择村或社区、填写地址或使用定位"));
    c.find(Locator::XPath(
        "//select[@name='unit_id']/optgroup/option[normalize-space(.)='宁郭村']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    shot(&c, "public-report-phone").await;
    c.find(Locator::Css("#public-report button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("#public-status")).await.unwrap();
    let text = body_text(&c).await;
    shot(&c, "public-status-phone").await;
    assert!(
        text.contains("路灯不亮") && text.contains("宁郭村") && text.contains("待立案"),
        "{text}"
    );
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
    c.find(Locator::Css("#filters select[name=state] option[value=closed]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("#filters input[name=q]")).await.unwrap().send_keys("纠纷").await.unwrap();
    c.find(Locator::Css("#filters button[type=submit]")).await.unwrap().click().await.unwrap();
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
    c.find(Locator::Css("#list thead th:first-child a")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#list th[aria-sort=ascending]")).await.unwrap();
    let first =
        c.find(Locator::Css("#list tbody tr td:first-child")).await.unwrap().text().await.unwrap();
    c.find(Locator::Css("#list thead th:first-child a")).await.unwrap().click().await.unwrap();
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
    p.wait().for_element(Locator::Css("#list")).await.unwrap();
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

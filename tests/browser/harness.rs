//! The browser test's harness: a chromedriver, a Chromium at a screen's size, and the steps
//! every story takes (log in, take a screenshot, read the page, follow a link).

use crate::helpers::{PASSWORD, TestApp};
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A chromedriver on a free port, stopped when dropped.
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn driver() -> Driver {
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

pub(crate) async fn browser(driver: &Driver, width: u32, height: u32, lang: &str) -> Client {
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

pub(crate) async fn login(c: &Client, app: &TestApp, username: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    type_into(c, "input[name=username]", username).await;
    type_into(c, "input[name=password]", PASSWORD).await;
    click(c, "button[type=submit].primary").await;
    // The login page has an h1 too: wait for the signed-in layout, or the redirect to / can
    // overtake the test's next navigation.
    c.wait().for_element(Locator::Css("form[action='/logout']")).await.unwrap();
}

pub(crate) async fn shot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub(crate) async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

/// Clicks the link with this text in the main part of the page and waits for the next page.
pub(crate) async fn follow(c: &Client, text: &str) {
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

/// Clicks the element a CSS selector finds.
pub(crate) async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

/// Clicks what a CSS selector finds and waits for the page it leads to: waiting for an element
/// alone can find it on the page being left.
pub(crate) async fn click_to_leave(c: &Client, css: &str) {
    let before = c.current_url().await.unwrap();
    click(c, css).await;
    for _ in 0..50 {
        if c.current_url().await.unwrap() != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types into the field a CSS selector finds.
pub(crate) async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css)).await.unwrap().send_keys(text).await.unwrap();
}

/// The grid where `login` holds their role, and its division code.
pub(crate) async fn grid_of(app: &TestApp, login: &str) -> (i64, String) {
    let grid: i64 = app.unit_of(login).await;
    let code: String = sqlx::query_scalar("SELECT code FROM units WHERE id = $1")
        .bind(grid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (grid, code)
}

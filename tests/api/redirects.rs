//! Redirects a request names (`next=`) stay on this site and never fail.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;
use reqwest::StatusCode;

/// `next` values as written in a query string: each would leave the site, or broke the header.
const HOSTILE: &[&str] = &[
    "/%5Cevil.example",
    "/%09/evil.example",
    "/%0D%0ASet-Cookie:%20x=1",
    "/x%0A",
    "//evil",
    "/%5Cevil",
    "https://evil",
    "https%3A%2F%2Fevil",
    "/%2F/evil",
    "/%2F%2Fevil",
    "/%252F%252Fevil",
    "/%255Cevil",
    "%2F%2Fevil",
];

async fn location(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.url());
    res.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn the_language_switch_goes_only_to_a_local_page() {
    let app = TestApp::spawn_empty().await;
    for next in HOSTILE {
        let res = app.client.get(app.url(&format!("/lang/en?next={next}"))).send().await.unwrap();
        assert_eq!(location(res).await, "/", "next={next}");
    }
    for (next, kept) in [
        ("/cases?page=2", "/cases?page=2"),
        ("/cases%3Fpage%3D2%26unit%3D3", "/cases?page=2&unit=3"),
    ] {
        let res = app.client.get(app.url(&format!("/lang/en?next={next}"))).send().await.unwrap();
        assert_eq!(location(res).await, kept);
    }
}

/// Fetches the login form with a `next` and posts it back as a browser does.
async fn login_with_next(app: &TestApp, next: &str) -> reqwest::Response {
    let form = app.client.get(app.url(&format!("/login?next={next}"))).send().await.unwrap();
    let cookie =
        form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = form.text().await.unwrap();
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        html.split(&marker)
            .nth(1)
            .map(|v| v.split('"').next().unwrap().replace("&#x2f;", "/").replace("&amp;", "&"))
    };
    let mut fields = vec![
        ("csrf", value("csrf").unwrap()),
        ("username", "leader".into()),
        ("password", PASSWORD.into()),
    ];
    fields.extend(value("next").map(|n| ("next", n)));
    app.client.post(app.url("/login")).header("cookie", cookie).form(&fields).send().await.unwrap()
}

#[tokio::test]
async fn login_goes_on_to_a_local_page_only() {
    let app = TestApp::spawn().await;
    for next in HOSTILE {
        assert_eq!(location(login_with_next(&app, next).await).await, "/", "next={next}");
    }
    assert_eq!(location(login_with_next(&app, "/cases%3Fpage%3D2").await).await, "/cases?page=2");
}

#[tokio::test]
async fn a_page_asked_for_without_a_session_is_where_login_goes_next() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/cases?page=2")).send().await.unwrap();
    let to = location(res).await;
    assert_eq!(to, "/login?next=/cases%3Fpage%3D2");
    let next = to.split_once("next=").unwrap().1;
    assert_eq!(location(login_with_next(&app, next).await).await, "/cases?page=2");
}

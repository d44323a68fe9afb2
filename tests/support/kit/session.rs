//! Logging in as a browser does: the login form's token and cookie, then the session cookie.

use crate::helpers::{PASSWORD, TestApp};
use reqwest::StatusCode;

/// The value of `name="csrf"` in a page.
pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// The `name=value; attributes` of a Set-Cookie header for `name`.
pub fn cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// Posts the login form as a browser does: fetch the form, send back its token and cookie.
pub async fn post_login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    let form = app.client.get(app.url("/login")).send().await.unwrap();
    let login_cookie = cookie(&form, "zhili_login_csrf").unwrap();
    let csrf = csrf_of(&form.text().await.unwrap());
    app.client
        .post(app.url("/login"))
        .header("cookie", login_cookie.split(';').next().unwrap())
        .form(&[("csrf", csrf.as_str()), ("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// Logs in through the form and returns the session cookie (`zhili_session=…`), checking it is
/// kept from scripts and other sites.
pub async fn page_login(app: &TestApp, username: &str) -> String {
    let res = post_login(app, username, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login as {username}");
    let session = cookie(&res, "zhili_session").expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    session.split(';').next().unwrap().to_string()
}

/// A page as a signed-in person's browser reads it, as text.
pub async fn page_html(app: &TestApp, cookie: &str, path: &str) -> String {
    app.client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The CSRF token of a page's forms, as a signed-in person's browser reads it.
pub async fn page_csrf(app: &TestApp, cookie: &str, path: &str) -> String {
    csrf_of(&page_html(app, cookie, path).await)
}

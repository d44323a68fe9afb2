//! Attacks from outside: forged forms, fixed sessions, oversized uploads, injected SQL.

use crate::helpers::PASSWORD;

use crate::helpers::TestApp;
use crate::pages::page_login;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// What the audit chain, the cases and the accounts hold: a forged form must change none.
async fn state_of(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        app.count("audit_log").await,
        app.count("cases").await,
        app.count("users").await,
        app.count("api_tokens").await,
    )
}

#[tokio::test]
async fn every_form_refuses_a_post_without_its_token() {
    // Every form the router serves, read from its own list: a form added is a form tried.
    let forms: Vec<&str> = zhili::platform::web::pages::page_routes(zhili::CAPABILITIES)
        .into_iter()
        .filter(|r| r.method == Method::POST)
        .map(|r| r.path)
        .collect();
    for known in ["/login", "/report", "/cases/{id}/act", "/admin/users", "/tokens/{id}/revoke"] {
        assert!(
            forms.contains(&known),
            "the list of page routes names the form {known}: {forms:?}"
        );
    }

    let app = TestApp::spawn().await;
    let session = page_login(&app, "admin").await;
    let before = state_of(&app).await;
    for path in forms {
        // Every parameter of the path is 1 (`{id}`, `{problem}`): a number where one is read.
        let filled: Vec<&str> =
            path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect();
        let url = app.url(&filled.join("/"));
        // A form from another site: the session's cookie rides along, its token does not. Sent
        // both url-encoded and as multipart, one of which is the form's own encoding.
        let urlencoded = app
            .client
            .post(&url)
            .header("cookie", &session)
            .form(&[("username", "x"), ("password", PASSWORD)]);
        let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv");
        let multipart = app.client.post(&url).header("cookie", &session).multipart(
            reqwest::multipart::Form::new()
                .text("description", "伪造")
                .text("username", "x")
                .text("password", PASSWORD)
                .part("file", part),
        );
        let statuses =
            [urlencoded.send().await.unwrap().status(), multipart.send().await.unwrap().status()];
        assert!(
            statuses.contains(&StatusCode::FORBIDDEN),
            "POST {path} without its form token: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| s.is_client_error()),
            "POST {path} without its form token: {statuses:?}"
        );
    }
    assert_eq!(state_of(&app).await, before, "forged forms changed nothing");
}

#[tokio::test]
async fn a_session_id_chosen_before_login_is_never_used() {
    let app = TestApp::spawn().await;
    let planted = "zhili_session=0123456789abcdef0123456789abcdef";
    let form = app.client.get(app.url("/login")).header("cookie", planted).send().await.unwrap();
    let set: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let login_cookie = set
        .iter()
        .find(|c| c.starts_with("zhili_login_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = form.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = html[at..].split('"').next().unwrap().to_string();
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", format!("{planted}; {login_cookie}"))
        .form(&[("csrf", csrf.as_str()), ("username", "leader"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let issued = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("zhili_session="));
    let issued = issued.expect("a session is issued").split(';').next().unwrap().to_string();
    assert_ne!(issued, planted, "login issues a session id of its own");
    let with_planted = app.client.get(app.url("/")).header("cookie", planted).send().await.unwrap();
    assert_eq!(with_planted.status(), StatusCode::SEE_OTHER, "the planted id opens nothing");
    let with_issued = app.client.get(app.url("/")).header("cookie", &issued).send().await.unwrap();
    assert_eq!(with_issued.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_upload_over_ten_mebibytes_is_refused_unread() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let before = state_of(&app).await;
    let big = reqwest::multipart::Part::bytes(vec![b'a'; 11 << 20]).file_name("12345.csv");
    let res = app
        .client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", big))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(state_of(&app).await, before);
}

#[tokio::test]
async fn injected_sql_is_only_ever_text() {
    let app = TestApp::spawn().await;
    let res = app.login("admin' OR '1'='1", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.login("admin'--", "x").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let token = app.token("admin").await;
    let before = state_of(&app).await;
    let zone = app.unit_of("leader").await;
    // In a filter: no case has such a category, so none is listed.
    let attempt = format!("/api/v1/cases?unit={zone}&category=%27%20OR%201%3D1%20--");
    let res = app.get(&token, &attempt).await;
    assert!(
        matches!(res.status(), StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY),
        "{}",
        res.status()
    );
    if res.status() == StatusCode::OK {
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["total"], 0);
    }
    // In a path or a number: not a number, so refused before any query.
    for path in [
        "/api/v1/units/1%20OR%201=1",
        "/api/v1/users?unit=1;DROP%20TABLE%20users",
        "/api/v1/cases/1'",
    ] {
        let res = app.get(&token, path).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    // In a stored field: kept as the text it is.
    let grid = app.unit_of("g001-manager").await;
    let sneaky = "'); DELETE FROM cases; --";
    let body = json!({"category": "I0301", "unit_id": grid, "description": sneaky, "address": "Robert'); DROP TABLE units;--"});
    let res = app.send(Method::POST, &token, "/api/v1/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let case = app.get_json(&token, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["case"]["description"], sneaky, "{case}");
    let (audit, cases, users, tokens) = state_of(&app).await;
    assert_eq!((cases, users, tokens), (before.1 + 1, before.2, before.3));
    assert!(audit > before.0);
    assert_eq!(app.count("units").await, 1 + 5 + 44 + 715);
}

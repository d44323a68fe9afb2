//! Health, metrics, the OpenAPI document and its reference page, security headers.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn health_answers_and_metrics_only_on_their_own_address() {
    let app = TestApp::spawn_empty().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.client.get(app.url("/api/v1/units")).send().await.unwrap();
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "the application's address serves no metrics"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = format!("http://{}/metrics", listener.local_addr().unwrap());
    tokio::spawn(zhili::platform::web::serve_metrics(listener, std::future::pending()));
    let text = app.client.get(&metrics).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("zhili_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/units\""), "routes are labelled by pattern");
}

#[tokio::test]
async fn the_openapi_document_says_every_answer_a_route_gives() {
    let app = TestApp::spawn_empty().await;
    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    // Which routes there are is the permission matrix's to check (permissions.rs); here, that each
    // says every answer it can give.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let mut wanted = vec!["400"];
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                wanted.extend(["401", "403"]);
            }
            if path.contains('{') {
                wanted.push("404");
            }
            for status in wanted {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} does not document {status}"
                );
            }
        }
    }
    // Two types once shared the schema name `Counts`, and units were described as rates.
    let unit_counts = &doc["components"]["schemas"]["UnitCounts"]["required"];
    assert_eq!(unit_counts, &serde_json::json!(["children", "grids", "staff"]));
    assert!(
        doc["components"]["schemas"]["Counts"]["required"]
            .as_array()
            .unwrap()
            .contains(&"found".into())
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let docs = app.client.get(app.url("/api/v1/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(!html.contains("https://"), "the reference page loads nothing from the internet");
}

#[tokio::test]
async fn what_the_framework_refuses_is_answered_in_the_apis_error_shape() {
    let app = TestApp::spawn().await;
    let token = app.token("admin").await;
    let too_big = app.get(&token, "/api/v1/cases/9223372036854775808").await;
    let not_multipart = app
        .client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(&token)
        .body("x")
        .send()
        .await
        .unwrap();
    let no_route = app.get(&token, "/api/v1/nowhere").await;
    let wrong_method =
        app.client.delete(app.url("/api/v1/units")).bearer_auth(&token).send().await.unwrap();
    for (res, status, code) in [
        (too_big, StatusCode::BAD_REQUEST, "bad_request"),
        (not_multipart, StatusCode::BAD_REQUEST, "bad_request"),
        (no_route, StatusCode::NOT_FOUND, "not_found"),
        (wrong_method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
    ] {
        let url = res.url().to_string();
        assert_eq!(res.status(), status, "{url}");
        assert!(
            res.headers()["content-type"].to_str().unwrap().starts_with("application/json"),
            "{url}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{url}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn responses_carry_security_headers_and_assets_are_embedded() {
    let app = TestApp::spawn_empty().await;
    let res = app.client.get(app.url("/login")).send().await.unwrap();
    let h = res.headers();
    assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let css = app.client.get(app.url("/assets/style.css")).send().await.unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    // Encoded, so the client does not tidy the dots away before the server sees them.
    for sneaky in [
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2fCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fetc/passwd",
    ] {
        let res = app.client.get(app.url(sneaky)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{sneaky}");
    }
}

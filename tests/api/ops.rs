//! Health, metrics, the OpenAPI document and its reference page, security headers.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn health_and_metrics_answer() {
    let app = TestApp::spawn_empty().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.client.get(app.url("/api/v1/units")).send().await.unwrap();
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("zhili_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/units\""), "routes are labelled by pattern");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn_empty().await;
    let doc: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/auth/login", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/units", "get"),
        ("/api/v1/units", "post"),
        ("/api/v1/units/{id}", "get"),
        ("/api/v1/units/{id}", "patch"),
        ("/api/v1/units/{id}/move", "post"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{id}", "delete"),
        ("/api/v1/departments", "get"),
        ("/api/v1/cases", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/actions", "post"),
        ("/api/v1/cases/rates", "get"),
        ("/api/v1/categories", "get"),
        ("/api/v1/cases/{id}/duplicates", "get"),
        ("/api/v1/cases/import", "post"),
        ("/api/v1/calendar", "get"),
        ("/api/v1/calendar/{day}", "put"),
        ("/api/v1/cases/{id}/photos", "post"),
        ("/api/v1/cases/{id}/photos", "get"),
        ("/api/v1/photos/{id}", "get"),
        ("/api/v1/cases/{id}/mediation", "get"),
        ("/api/v1/cases/{id}/mediation/sessions", "post"),
        ("/api/v1/cases/{id}/mediation/agreement", "put"),
        ("/api/v1/cases/{id}/mediation/performance", "post"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let docs = app.client.get(app.url("/api/v1/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(!html.contains("https://"), "the reference page loads nothing from the internet");
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
    for sneaky in ["/assets/%2e%2e/Cargo.toml", "/assets/..%2fCargo.toml", "/assets/%2e%2e%2f%2e%2e%2fetc/passwd"] {
        let res = app.client.get(app.url(sneaky)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{sneaky}");
    }
}

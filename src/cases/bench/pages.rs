//! The pages of grid events that `zhili bench` times beside the platform's, over the demo's
//! 2015 cases: the dashboard, the list, the map and one dispute.

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

/// The pages to time, a dispute among them found through the API as any program would.
pub async fn sampled(app: axum::Router, token: String) -> anyhow::Result<Vec<(String, String)>> {
    let disputes = Request::get("/api/v1/cases?category=D&page_size=1")
        .header("authorization", format!("Bearer {token}"));
    let res = app.oneshot(disputes.body(Body::empty())?).await?;
    anyhow::ensure!(res.status().is_success(), "the list of disputes answered {}", res.status());
    let page: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(res.into_body(), usize::MAX).await?)?;
    let case = page["items"][0]["id"]
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("the demo made no dispute"))?;
    Ok([
        ("GET /dashboard (page)", "/dashboard".to_string()),
        ("GET /cases (page)", "/cases".to_string()),
        ("GET /cases/map (page)", "/cases/map".to_string()),
        ("GET /cases/{id} (page)", format!("/cases/{case}")),
    ]
    .into_iter()
    .map(|(name, uri)| (name.to_string(), uri))
    .collect())
}

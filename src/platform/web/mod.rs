//! The web application: pages for people, `/api/v1` for programs, `/healthz`; and `/metrics`
//! on an address of its own, as Prometheus scrapes it, never beside the public pages.

pub mod api;
pub mod assets;
pub mod client;
pub mod connections;
pub mod download;
pub mod error;
pub mod home;
pub mod multipart;
pub mod pages;
pub mod redirect;
pub mod session;
pub mod urlencoded;

use crate::platform::capability::{Capabilities, Parts};
use crate::platform::db::Db;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::future::Future;
use std::sync::OnceLock;
use std::time::Instant;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// What every handler shares. Sessions, login throttling, the public form's flood limit and the
/// audit chain are in the database, so several servers can share one PostgreSQL; the process
/// keeps only caches that are dropped when they may be stale.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Whether cookies are marked Secure (behind HTTPS).
    pub secure_cookies: bool,
    /// The capabilities served.
    pub capabilities: Capabilities,
    /// What the capabilities keep running beside the server (an intake writer), by type.
    pub parts: std::sync::Arc<Parts>,
    /// API tokens' actors, kept while the cache epoch holds.
    pub actors: std::sync::Arc<crate::platform::access::cache::ActorCache>,
    /// This server's logins waiting for a password hash.
    pub logins: std::sync::Arc<crate::platform::users::password::Line>,
    /// The reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::platform::web::client::TrustedProxies,
}

impl AppState {
    /// The state of a server of `capabilities` on a database; starts what each keeps running
    /// and the watch on the cache epoch (inside a Tokio runtime).
    pub fn new(db: Db, capabilities: Capabilities, secure_cookies: bool) -> AppState {
        let mut parts = Parts::new();
        for c in capabilities {
            (c.start)(&db, &mut parts);
        }
        db.epoch.watch(db.pool.clone());
        AppState {
            db,
            secure_cookies,
            capabilities,
            parts: std::sync::Arc::new(parts),
            actors: Default::default(),
            logins: Default::default(),
            trusted_proxies: Default::default(),
        }
    }

    /// What a capability started beside the server, by its type.
    pub fn part<T: Send + Sync + 'static>(&self) -> &T {
        self.parts.get::<T>().expect("every capability's start puts its parts in the state")
    }

    /// The same, taking the client from `X-Forwarded-For` when the peer is one of `proxies`.
    pub fn trusting(self, proxies: crate::platform::web::client::TrustedProxies) -> AppState {
        AppState { trusted_proxies: proxies, ..self }
    }
}

/// The process-wide metrics recorder (installed once, however many apps a test process runs).
fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder is installed, in which case that one collects.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts and times every request by its route pattern (never the raw path: bounded labels).
async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let res = next.run(req).await;
    let labels =
        [("method", method), ("route", route), ("status", res.status().as_u16().to_string())];
    metrics::counter!("zhili_http_requests_total", &labels).increment(1);
    metrics::histogram!("zhili_http_request_duration_seconds", &labels[..2])
        .record(start.elapsed().as_secs_f64());
    res
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(_) => "ok".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn metrics_text() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics_handle().render())
}

/// Every route of the application.
pub fn router(state: AppState) -> Router {
    metrics_handle();
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .merge(crate::platform::web::pages::routes(state.capabilities).into_router())
        .merge(crate::platform::web::api::routes(state.capabilities))
        .merge(state.capabilities.iter().fold(Router::new(), |r, c| r.merge((c.routes)())))
        .route("/healthz", get(healthz))
        .nest_service("/assets", crate::platform::web::assets::service())
        .with_state(state)
        // Inside the error renderer, so that a panic and an over-long body are answered like
        // any other error (JSON on the API) and counted by route.
        .layer(CatchPanicLayer::new())
        // A photo of up to 8 MiB and its multipart wrapping.
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn(crate::platform::web::error::render))
        .layer(middleware::from_fn(record_metrics))
        .layer(header(
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route =
                req.extensions().get::<MatchedPath>().map(|p| p.as_str()).unwrap_or("unmatched");
            tracing::info_span!("request", method = %req.method(), route)
        }))
}

/// The metrics address's one route, `/metrics`: what is served, how often and how fast, by route,
/// which is for the operators' scraper, not for anyone who reaches the application.
pub fn metrics_router() -> Router {
    metrics_handle();
    Router::new().route("/metrics", get(metrics_text))
}

/// Serves [`metrics_router`] on a bound listener until `shutdown` completes.
pub async fn serve_metrics(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    crate::platform::web::connections::serve_router(
        listener,
        metrics_router(),
        crate::platform::web::connections::Limits { max_connections: 16, ..Default::default() },
        shutdown,
    )
    .await
}

/// The largest body a request may carry, in bytes.
pub const BODY_LIMIT: usize = 10 << 20;

/// Serves on a bound listener until `shutdown` completes, then finishes the requests in flight.
/// Tests bind port 0 and read the address back from the listener.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_within(listener, state, crate::platform::web::connections::Limits::default(), shutdown)
        .await
}

/// [`serve`] with the connection limits given.
pub async fn serve_within(
    listener: TcpListener,
    state: AppState,
    limits: crate::platform::web::connections::Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    crate::platform::web::connections::serve_router(listener, router(state), limits, shutdown).await
}

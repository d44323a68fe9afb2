//! Start-up, demo loading, and server time of the hierarchy's API and pages at
//! demo scale, on a fresh SQLite file. Prints one line a figure.

use crate::platform::db::Db;
use crate::platform::web::AppState;
use axum::body::Body;
use axum::http::Request;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Runs every scenario and prints its figures.
pub async fn run(
    requests: usize,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("zhili-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}/bench.db", dir.display());
    println!("zhili bench: SQLite at {}, {requests} requests a route", dir.display());

    let db = Db::connect(&url, capabilities).await?;
    let t = Instant::now();
    crate::platform::demo::load(&db, "bench-password").await?;
    println!("demo load (715 grids, 2,860 grid staff)      {}", ms(t.elapsed()));
    db.pool.close().await;

    let t = Instant::now();
    let db = Db::connect(&url, capabilities).await?;
    let state = AppState::new(db.clone(), capabilities, false);
    let app = crate::platform::web::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("start-up on the demo database              {}", ms(t.elapsed()));
    drop(listener);

    let leader = crate::platform::bench::actor_named(&db, crate::platform::demo::LEADER).await?;
    let (_, token) =
        crate::platform::users::auth::create_token(&db, &leader, "bench", None).await?;
    let session = crate::platform::users::auth::open_session(&db, &leader).await?;
    let mut samples = Vec::new();
    for level in ["zone", "township", "village", "grid"] {
        let units = crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", level).await?;
        let id = units
            .first()
            .map(|(id, _, _)| *id)
            .ok_or_else(|| anyhow::anyhow!("the demo made no {level}"))?;
        samples.push((
            format!("GET /api/v1/units/{{{level}}}"),
            format!("/api/v1/units/{id}"),
            false,
        ));
        samples.push((format!("GET /units/{{{level}}} (page)"), format!("/units/{id}"), true));
    }
    samples.push((
        "GET /api/v1/users?unit={zone}".into(),
        "/api/v1/users?unit=1&page_size=50".into(),
        false,
    ));
    // The capabilities' pages, over their demo data.
    let t = Instant::now();
    let progress = crate::platform::cli::progress::Progress::steps(
        capabilities.len() as u64,
        "bench: the capabilities' demo",
    );
    for c in capabilities {
        progress.stage(format!("bench: the demo of {}", c.name));
        (c.demo)(&db).await?;
        progress.inc(1);
    }
    progress.finish();
    println!("capabilities' demo load                    {}", ms(t.elapsed()));
    samples.push(("GET / (home page)".into(), "/".into(), true));
    for c in capabilities {
        for (name, uri) in (c.bench_pages)(app.clone(), token.clone()).await? {
            samples.push((name, uri, true));
        }
    }
    for (name, uri, page) in samples {
        let mut times = Vec::with_capacity(requests);
        let progress = crate::platform::cli::progress::Progress::steps(
            requests as u64,
            format!("bench: {name}"),
        );
        for _ in 0..requests {
            let req = Request::get(&uri);
            let req = if page {
                req.header("cookie", format!("zhili_session={}", session.token))
            } else {
                req.header("authorization", format!("Bearer {token}"))
            };
            let t = Instant::now();
            let res = app.clone().oneshot(req.body(Body::empty())?).await?;
            anyhow::ensure!(res.status().is_success(), "{uri} answered {}", res.status());
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            times.push(t.elapsed());
            progress.inc(1);
        }
        progress.finish();
        times.sort();
        println!(
            "{name:<44} p50 {}  p99 {}",
            ms(quantile(&times, 0.5)),
            ms(quantile(&times, 0.99))
        );
    }
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

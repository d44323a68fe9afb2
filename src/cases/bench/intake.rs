//! Intake over HTTP with everything on (bearer auth, validation, the case, its event, rollups,
//! the audit chain, a durable commit with SQLite synchronous=FULL), against a bare server that
//! only inserts each body with the same group commit, measured in the same run.

use crate::platform::bench::load::post_json;
use crate::platform::db::Db;
use crate::platform::web::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Runs the intake scenario and prints its figures.
pub async fn run(clients: usize, seconds: u64, capabilities: crate::platform::capability::Capabilities) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("zhili-bench-intake-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let duration = Duration::from_secs(seconds);
    println!("intake over HTTP: {clients} clients, {seconds} s each run, SQLite synchronous=FULL at {}", dir.display());

    let bare = bare_server(&dir, capabilities).await?;
    let bare_figures = crate::platform::bench::load::run(bare, clients, duration, 201, |i, n| {
        post_json("/bare", None, &format!(r#"{{"client":{i},"n":{n}}}"#))
    })
    .await;
    println!("bare group-committing insert server            {}", bare_figures.line());

    let db = Db::connect(&format!("sqlite://{}/zhili.db", dir.display()), capabilities).await?;
    crate::platform::demo::load(&db, "bench-password").await?;
    let mut tokens = Vec::new();
    let mut grids = Vec::new();
    for i in 0..clients {
        let username = format!("g{:03}-manager", 1 + i % crate::platform::demo::GRIDS);
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(&username).fetch_one(&db.pool).await?;
        let actor = crate::platform::access::actor::Actor::load(&db, id).await?.ok_or_else(|| anyhow::anyhow!("no {username}"))?;
        let (_, token) = crate::platform::users::auth::create_token(&db, &actor, "bench", None).await?;
        tokens.push(token);
        grids.push(actor.held[0].grant.unit_id);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(crate::platform::web::serve(listener, AppState::new(db.clone(), capabilities, false), std::future::pending()));
    let (tokens, grids) = (Arc::new(tokens), Arc::new(grids));
    let figures = crate::platform::bench::load::run(addr, clients, duration, 201, move |i, n| {
        let body = format!(r#"{{"category":"I0301","unit_id":{},"description":"垃圾堆放 {i}-{n}","source":"grid"}}"#, grids[i]);
        post_json("/api/v1/cases", Some(&tokens[i]), &body)
    })
    .await;
    println!("zhili POST /api/v1/cases (everything on)      {}", figures.line());
    println!("ratio to the bare server                       {:.2}", figures.rate() / bare_figures.rate().max(1e-9));
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(&db.pool).await?;
    let verdict = crate::platform::audit::verify(&db).await?;
    println!("cases stored {cases}, audit chain {}", if verdict.broken.is_none() { "intact" } else { "BROKEN" });
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

type Reply = oneshot::Sender<bool>;

/// The baseline: axum and sqlx, one insert per request, batched into one transaction per
/// commit exactly as zhili's intake writer does, on the same database settings.
async fn bare_server(
    dir: &std::path::Path,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<std::net::SocketAddr> {
    let db = Db::connect(&format!("sqlite://{}/bare.db", dir.display()), capabilities).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").execute(&db.pool).await?;
    let (jobs, mut rx) = mpsc::channel::<(String, Reply)>(2048);
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < 512 {
                match rx.try_recv() {
                    Ok(j) => batch.push(j),
                    Err(_) => break,
                }
            }
            let Ok(mut tx) = db.begin().await else { continue };
            let mut ok = true;
            for (body, _) in &batch {
                ok &= sqlx::query("INSERT INTO bare (body) VALUES ($1)").bind(body).execute(&mut *tx).await.is_ok();
            }
            ok &= tx.commit().await.is_ok();
            for (_, reply) in batch {
                let _ = reply.send(ok);
            }
        }
    });
    async fn insert(State(jobs): State<mpsc::Sender<(String, Reply)>>, body: String) -> StatusCode {
        let (reply, answer) = oneshot::channel();
        if jobs.send((body, reply)).await.is_err() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        match answer.await {
            Ok(true) => StatusCode::CREATED,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    let app = axum::Router::new().route("/bare", post(insert)).with_state(jobs);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(addr)
}

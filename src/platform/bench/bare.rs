//! The baseline of intake: axum and sqlx, one insert per request, batched into one transaction
//! per commit exactly as zhili's intake writer does, on the same database settings. What a
//! report costs beyond it is what zhili's checks, audit and rollups cost.

use crate::platform::db::Db;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use tokio::sync::{mpsc, oneshot};

type Reply = oneshot::Sender<bool>;

/// Starts the bare server on a database file of its own in `dir`; it answers `POST /bare`.
pub async fn serve(
    dir: &std::path::Path,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<std::net::SocketAddr> {
    let db = Db::connect(&format!("sqlite://{}/bare.db", dir.display()), capabilities).await?;
    crate::platform::bench::store::create_bare(&db.pool).await?;
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
                ok &= crate::platform::bench::store::insert_bare(&mut tx, body).await.is_ok();
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

//! How `zhili serve` holds its connections, and where it serves `/metrics`.

use crate::platform::web::connections::Limits;
use anyhow::Context;
use std::time::Duration;

/// The connection flags of `zhili serve`.
#[derive(clap::Args, Clone, Debug)]
pub struct ConnectionArgs {
    /// Seconds a request's headers may take to arrive, and a kept-alive connection may idle.
    #[arg(long, env = "ZHILI_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    header_timeout_seconds: u64,
    /// Connections served at once; past it new ones wait, unaccepted, in the listen queue.
    #[arg(long, env = "ZHILI_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// Where to serve `/metrics` for Prometheus (a private address); not served when unset.
    #[arg(long, env = "ZHILI_METRICS_ADDR")]
    metrics_addr: Option<String>,
}

impl ConnectionArgs {
    /// The limits every connection of the application is served within.
    pub fn limits(&self) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(self.header_timeout_seconds.max(1)),
            max_connections: self.max_connections.max(1),
        }
    }

    /// Starts serving `/metrics` on its own address, if one is given; abort the task to stop it
    /// (a scrape holds nothing that needs finishing).
    pub async fn start_metrics(
        &self,
    ) -> anyhow::Result<Option<tokio::task::JoinHandle<std::io::Result<()>>>> {
        let Some(at) = &self.metrics_addr else { return Ok(None) };
        let listener = tokio::net::TcpListener::bind(at)
            .await
            .with_context(|| format!("cannot listen on {at} for metrics"))?;
        println!("metrics on http://{}/metrics", listener.local_addr()?);
        Ok(Some(tokio::spawn(crate::platform::web::serve_metrics(
            listener,
            std::future::pending(),
        ))))
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

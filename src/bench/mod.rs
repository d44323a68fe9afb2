//! `zhili bench`: measured figures, printed one line each. `core`: start-up, demo loading and the
//! hierarchy's server time; `intake`: reports over HTTP with many clients, beside a bare
//! group-committing insert server measured in the same run.

mod core;
mod intake;
mod load;

/// Runs the named scenario, or all of them.
pub async fn run(scenario: Option<&str>, requests: usize, clients: usize, seconds: u64) -> anyhow::Result<()> {
    match scenario {
        None => {
            core::run(requests).await?;
            intake::run(clients, seconds).await
        }
        Some("core") => core::run(requests).await,
        Some("intake") => intake::run(clients, seconds).await,
        Some(other) => anyhow::bail!("no benchmark called {other}; try core or intake"),
    }
}

//! `zhili bench`: measured figures, printed one line each. `core`: start-up, demo loading and the
//! hierarchy's server time; `intake`: reports over HTTP with many clients, beside a bare
//! group-committing insert server measured in the same run; `dashboard`: a month's rates over
//! millions of cases from the rollups, beside a scan of the cases.

mod core;
mod dashboard;
mod intake;
mod load;

/// Runs the named scenario, or all of them.
pub async fn run(scenario: Option<&str>, requests: usize, clients: usize, seconds: u64, cases: u64) -> anyhow::Result<()> {
    match scenario {
        None => {
            core::run(requests).await?;
            intake::run(clients, seconds).await?;
            dashboard::run(cases, requests).await
        }
        Some("core") => core::run(requests).await,
        Some("intake") => intake::run(clients, seconds).await,
        Some("dashboard") => dashboard::run(cases, requests).await,
        Some(other) => anyhow::bail!("no benchmark called {other}; try core, intake or dashboard"),
    }
}

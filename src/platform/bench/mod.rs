//! `zhili bench`: measured figures, printed one line each. `core`: start-up, demo loading and the
//! server time of the hierarchy's API and pages; `intake`: reports over HTTP at each number of
//! clients, beside a bare group-committing insert server measured in the same run, and by point
//! (no unit: the grid found through the grid index); `dashboard`:
//! a month's rates over millions of cases from the rollups, beside a scan of the cases. Every
//! scenario ends with the process's peak memory while it ran.

pub mod bare;
pub mod core;
pub mod load;
pub mod store;

use crate::platform::capability::{Capabilities, Scenario};

/// What to measure with: `clients` and `cases` run the scenario once for each value.
pub struct Options {
    /// Requests per measured route (core, dashboard).
    pub requests: usize,
    /// Concurrent clients (intake).
    pub clients: Vec<usize>,
    /// Seconds each load runs (intake).
    pub seconds: u64,
    /// Cases to make (dashboard).
    pub cases: Vec<u64>,
    /// People to import from CSV (registry).
    pub people: u64,
    /// People to import from xlsx (registry).
    pub xlsx_people: u64,
}

/// Runs the named scenario, or all of them: the platform's `core`, then each capability's.
pub async fn run(
    scenario: Option<&str>,
    o: &Options,
    capabilities: Capabilities,
) -> anyhow::Result<()> {
    let all: Vec<&Scenario> =
        std::iter::once(&CORE).chain(capabilities.iter().flat_map(|c| c.bench)).collect();
    if let Some(name) = scenario
        && !all.iter().any(|s| s.name == name)
    {
        let names: Vec<&str> = all.iter().map(|s| s.name).collect();
        anyhow::bail!("no benchmark called {name}; try {}", names.join(", "));
    }
    for s in all.into_iter().filter(|s| scenario.is_none_or(|name| name == s.name)) {
        (s.run)(o, capabilities).await?;
    }
    Ok(())
}

/// The platform's scenario: start-up, demo loading and the hierarchy's routes.
static CORE: Scenario = Scenario {
    name: "core",
    run: |o, capabilities| {
        Box::pin(measured("core", crate::platform::bench::core::run(o.requests, capabilities)))
    },
};

/// The actor of a demo login, to make its token or open its session.
pub async fn actor_named(
    db: &crate::platform::db::Db,
    username: &str,
) -> anyhow::Result<crate::platform::access::actor::Actor> {
    let (user, _) = crate::platform::users::store::by_username(&db.pool, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no {username}"))?;
    crate::platform::access::actor::Actor::load(db, user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no {username}"))
}

/// Runs one scenario from a fresh high-water mark and prints the peak it reached.
pub async fn measured(
    name: &str,
    scenario: impl Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    // Writing 5 resets the kernel's peak resident size (VmHWM) of this process to its current size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    scenario.await?;
    match peak_mib() {
        Some(mib) => println!(
            "{name}: peak memory {mib:.0} MiB (server and load generator in one process)\n"
        ),
        None => println!("{name}: peak memory not known on this system\n"),
    }
    Ok(())
}

/// The process's peak resident size in MiB, from /proc (Linux).
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

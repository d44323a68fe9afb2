//! `zhili bench`: measured figures, printed one line each. `core`: start-up, demo loading and the
//! server time of the hierarchy's API and pages; `intake`: reports over HTTP at each number of
//! clients, beside a bare group-committing insert server measured in the same run; `dashboard`:
//! a month's rates over millions of cases from the rollups, beside a scan of the cases. Every
//! scenario ends with the process's peak memory while it ran.

mod core;
mod dashboard;
mod intake;
mod load;

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
}

/// Runs the named scenario, or all of them.
pub async fn run(scenario: Option<&str>, o: &Options) -> anyhow::Result<()> {
    let all = scenario.is_none();
    match scenario {
        None | Some("core" | "intake" | "dashboard") => {}
        Some(other) => anyhow::bail!("no benchmark called {other}; try core, intake or dashboard"),
    }
    if all || scenario == Some("core") {
        measured("core", core::run(o.requests)).await?;
    }
    if all || scenario == Some("intake") {
        for &clients in &o.clients {
            measured(&format!("intake, {clients} clients"), intake::run(clients, o.seconds)).await?;
        }
    }
    if all || scenario == Some("dashboard") {
        for &cases in &o.cases {
            measured(&format!("dashboard, {cases} cases"), dashboard::run(cases, o.requests)).await?;
        }
    }
    Ok(())
}

/// Runs one scenario from a fresh high-water mark and prints the peak it reached.
async fn measured(name: &str, scenario: impl Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    // Writing 5 resets the kernel's peak resident size (VmHWM) of this process to its current size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    scenario.await?;
    match peak_mib() {
        Some(mib) => println!("{name}: peak memory {mib:.0} MiB (server and load generator in one process)\n"),
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

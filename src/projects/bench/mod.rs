//! `zhili bench projects`: a province-sized load (20,000 projects, five years of monthly
//! reports), then the server time of the battle map and the promotion summary of the whole
//! zone, and of the Gantt of the 500 largest projects with a baseline beside them. SQLite.

use crate::platform::bench::measured;
use crate::platform::capability::Scenario;
use crate::platform::db::Db;
use std::time::{Duration, Instant};

/// Projects of the load.
pub const PROJECTS: u64 = 20_000;
/// Months of reports each.
pub const MONTHS: u64 = 60;

/// The scenario.
pub static SCENARIOS: &[Scenario] = &[Scenario {
    name: "projects",
    run: |o, capabilities| Box::pin(measured("projects", run(o.requests, capabilities))),
}];

fn quantiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "p50 {:.1} ms  p99 {:.1} ms",
        ms(times[times.len() / 2]),
        ms(times[(times.len() - 1) * 99 / 100])
    )
}

async fn timed<T, F: std::future::Future<Output = anyhow::Result<T>>>(
    repeats: usize,
    mut f: impl FnMut() -> F,
) -> anyhow::Result<(Vec<Duration>, T)> {
    let mut times = Vec::with_capacity(repeats);
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        last = Some(f().await?);
        times.push(t.elapsed());
    }
    Ok((times, last.expect("measured once")))
}

/// Runs the scenario.
pub async fn run(
    requests: usize,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("zhili-bench-projects-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Db::connect(&format!("sqlite://{}/zhili.db", dir.display()), capabilities).await?;
    crate::platform::demo::load(&db, "bench-password").await?;
    let zone = crate::platform::hierarchy::store::first_zone(&db.pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no zone"))?
        .0;
    println!(
        "projects: {PROJECTS} projects, {MONTHS} monthly reports each (SQLite at {})",
        dir.display()
    );
    let t = Instant::now();
    let mut tx = db.begin().await?;
    crate::projects::store::bench::generate(&mut tx, PROJECTS, MONTHS).await?;
    tx.commit().await?;
    println!(
        "made the projects, gates, deals and {} reports   {:.1} s",
        PROJECTS * MONTHS,
        t.elapsed().as_secs_f64()
    );
    let system = crate::platform::access::actor::Actor::system();
    let repeats = requests.clamp(5, 200);
    let (times, pins) = timed(repeats, || async {
        Ok(crate::projects::services::board::map(&db, &system, zone, None, None).await?)
    })
    .await?;
    println!(
        "battle map of the zone ({} projects)            {}  (target under 50 ms)",
        pins.len(),
        quantiles(times)
    );
    let as_of = chrono::NaiveDate::from_ymd_opt(2015, 10, 25).expect("a day");
    let (times, s) = timed(repeats, || async {
        Ok(crate::projects::services::promotion::summary(&db, &system, Some(zone), as_of).await?)
    })
    .await?;
    println!(
        "promotion summary of the zone ({} deals)         {}  (target under 50 ms; start rate {}%)",
        s.signed_count,
        quantiles(times),
        s.start_rate.value.unwrap_or_default()
    );
    let (times, (groups, _, _)) = timed(repeats, || async {
        Ok(crate::projects::services::promotion::alike(&db, &system, zone, as_of).await?)
    })
    .await?;
    println!("  of which reading the deals in groups ({})      {}", groups.len(), quantiles(times));
    let t = Instant::now();
    let b = crate::projects::services::board::take(&db, &system, zone, "bench").await?;
    println!(
        "a baseline of every project taken              {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let (times, rows) = timed(repeats, || async {
        Ok(crate::projects::services::board::gantt(&db, &system, zone, None, Some(b.id), 500)
            .await?)
    })
    .await?;
    println!(
        "Gantt of the {} largest with the baseline        {}  (target under 100 ms)",
        rows.len(),
        quantiles(times)
    );
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

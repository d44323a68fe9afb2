//! The zone dashboard over millions of cases: the rates of one month read from the rollups,
//! against a plain GROUP BY over the cases in the same run, and the rollups checked against
//! a recomputation from the cases. SQLite; the cases are made by SQL in bulk.

use crate::platform::db::Db;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Runs the dashboard scenario over `cases` generated cases.
pub async fn run(
    cases: u64,
    repeats: usize,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("zhili-bench-dashboard-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Db::connect(&format!("sqlite://{}/zhili.db", dir.display()), capabilities).await?;
    crate::platform::demo::load(&db, "bench-password").await?;
    let zones = crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", "zone").await?;
    let zone = zones
        .first()
        .map(|(id, _, _)| *id)
        .ok_or_else(|| anyhow::anyhow!("the demo made no zone"))?;
    crate::cases::services::catalogue::current(&db, zone).await?;
    println!("dashboard over {cases} cases (SQLite at {})", dir.display());

    let t = Instant::now();
    generate(&db, cases).await?;
    println!("made {cases} cases and their rollups            {:.1} s", t.elapsed().as_secs_f64());

    let system = crate::platform::access::actor::Actor::system();
    let (from, to) = (
        chrono::NaiveDate::from_ymd_opt(2015, 9, 1).expect("date"),
        chrono::NaiveDate::from_ymd_opt(2015, 9, 30).expect("date"),
    );
    let mut times = Vec::new();
    let mut counts = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let (c, _) = crate::cases::services::rates(&db, &system, zone, from, to, None).await?;
        times.push(t.elapsed());
        counts = Some(c);
    }
    times.sort();
    let counts = counts.expect("measured");
    println!(
        "rates of the zone for September from rollups   p50 {}  p99 {}  (found {}, resolved {})",
        ms(times[times.len() / 2]),
        ms(times[(times.len() - 1) * 99 / 100]),
        counts.found,
        counts.resolved
    );
    let t = Instant::now();
    let (found, resolved) =
        crate::cases::store::bench::scan_found_resolved(&db.pool, "2015-09-01", "2015-09-30")
            .await?;
    println!(
        "the same by scanning the cases (GROUP BY)      {}  (found {found}, resolved {resolved})",
        ms(t.elapsed())
    );
    let same = found == counts.found && resolved == counts.resolved;
    println!("rollups equal the scan                          {}", if same { "yes" } else { "NO" });
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    anyhow::ensure!(same, "the rollups differ from the cases");
    Ok(())
}

/// Makes `n` cases and their rollups in one transaction.
async fn generate(db: &Db, n: u64) -> anyhow::Result<()> {
    let progress = crate::platform::cli::progress::Progress::spinner(format!(
        "bench: making {n} cases and their rollups"
    ));
    let mut tx = db.begin().await?;
    crate::cases::store::bench::generate(&mut tx, n).await?;
    tx.commit().await?;
    progress.finish();
    Ok(())
}

//! `zhili bench registry`: the demo's people written to a CSV file and imported with every
//! check, seal and blind index, beside a bare batched insert of the same rows into the same
//! database in the same run (the ratio is the import's rate over the bare one); then the same
//! from xlsx into a fresh database; then zone-wide searches by ID number and by name. SQLite,
//! in a temporary folder.

use crate::platform::access::actor::Actor;
use crate::platform::bench::measured;
use crate::platform::capability::{Capabilities, Scenario};
use crate::platform::db::Db;
use crate::registry::services::import::{Mode, Source};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The scenario.
pub static SCENARIOS: &[Scenario] = &[Scenario {
    name: "registry",
    run: |o, capabilities| {
        Box::pin(measured("registry", run(o.people, o.xlsx_people, o.requests, capabilities)))
    },
}];

fn folder() -> PathBuf {
    std::env::temp_dir().join(format!("zhili-bench-registry-{}", std::process::id()))
}

async fn fresh(name: &str, capabilities: Capabilities) -> anyhow::Result<Db> {
    let db =
        Db::connect(&format!("sqlite://{}/{name}.db", folder().display()), capabilities).await?;
    crate::platform::demo::load(&db, "bench-password").await?;
    Ok(db)
}

/// Writes `people` demo rows (the header first) as CSV or, with `xlsx`, as a workbook.
async fn write_file(db: &Db, people: u64, path: &Path, xlsx: bool) -> anyhow::Result<()> {
    let per_grid = (people as usize).div_ceil(crate::platform::demo::GRIDS);
    // The places their floating residents rent, as the demo has them, before the people.
    crate::registry::demo::places(db, per_grid).await?;
    let rows = crate::registry::demo::rows(db, per_grid).await?;
    let limit = people as usize + 1;
    if xlsx {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet_with_constant_memory()?;
        for (r, row) in rows.take(limit).enumerate() {
            let row = row.map_err(|e| anyhow::anyhow!("{}", e.key))?;
            for (c, cell) in row.cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, cell)?;
            }
        }
        book.save(path)?;
    } else {
        let mut out = csv::Writer::from_path(path)?;
        for row in rows.take(limit) {
            out.write_record(&row.map_err(|e| anyhow::anyhow!("{}", e.key))?.cells)?;
        }
        out.flush()?;
    }
    Ok(())
}

/// The bare insert of a file's rows: read, then written as text in batches, one transaction.
async fn bare(db: &Db, path: &Path, table: &str) -> anyhow::Result<(usize, Duration)> {
    crate::registry::store::bench::create_bare(&db.pool, table).await?;
    let t = Instant::now();
    let mut rows = crate::platform::sheet::stream::of_file(path)?.skip(1);
    let mut tx = db.begin().await?;
    let mut n = 0;
    loop {
        let batch: Vec<Vec<String>> = rows
            .by_ref()
            .take(500)
            .map(|r| r.map(|r| r.cells))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("{}", e.key))?;
        if batch.is_empty() {
            break;
        }
        n += batch.len();
        crate::registry::store::bench::insert_bare(&mut tx, table, &batch).await?;
    }
    tx.commit().await?;
    Ok((n, t.elapsed()))
}

async fn import(db: &Db, path: &Path) -> anyhow::Result<(usize, Duration)> {
    let t = Instant::now();
    let rows = crate::platform::sheet::stream::of_file(path)?;
    let report = crate::registry::services::import::people(
        db,
        &Actor::system(),
        Source::Rows(rows),
        Mode::AllOrNothing,
        &mut |_| {},
    )
    .await?;
    anyhow::ensure!(
        report.committed && report.errors.is_empty(),
        "the import refused rows: {:?}",
        report.errors.first().map(|e| (e.row, e.error.key))
    );
    Ok((report.added, t.elapsed()))
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn quantiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "p50 {:.3} ms  p99 {:.3} ms",
        ms(times[times.len() / 2]),
        ms(times[(times.len() - 1) * 99 / 100])
    )
}

async fn run(
    people: u64,
    xlsx_people: u64,
    repeats: usize,
    capabilities: Capabilities,
) -> anyhow::Result<()> {
    let dir = folder();
    std::fs::create_dir_all(&dir)?;
    let db = fresh("csv", capabilities).await?;
    let csv_path = dir.join("people.csv");
    write_file(&db, people, &csv_path, false).await?;
    let size = std::fs::metadata(&csv_path)?.len() as f64 / (1u64 << 20) as f64;
    println!("registry: {people} people as CSV ({size:.0} MiB), SQLite at {}", dir.display());
    let (n, bare_time) = bare(&db, &csv_path, "bare_people").await?;
    println!(
        "bare batched insert of the rows           {n} rows in {:.1} s, {:.0} rows/s",
        bare_time.as_secs_f64(),
        rate(n, bare_time)
    );
    let (_, indexed_time) = bare(&db, &csv_path, "bare_indexed").await?;
    println!(
        "the same, indexed as the people are      {n} rows in {:.1} s, {:.0} rows/s",
        indexed_time.as_secs_f64(),
        rate(n, indexed_time)
    );
    let (added, import_time) = import(&db, &csv_path).await?;
    let ratio = rate(added, import_time) / rate(n, bare_time);
    let indexed_ratio = rate(added, import_time) / rate(n, indexed_time);
    println!(
        "import from CSV (checked, sealed, indexed) {added} people in {:.1} s, {:.0} rows/s, {:.2} of the bare rate, {:.2} of the indexed bare rate",
        import_time.as_secs_f64(),
        rate(added, import_time),
        ratio,
        indexed_ratio
    );
    let system = Actor::system();
    let zone = crate::platform::hierarchy::store::first_zone(&db.pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no zone"))?
        .0;
    let sample: Vec<(String, String)> = {
        let mut rows = crate::platform::sheet::stream::of_file(&csv_path)?
            .skip(1)
            .step_by((added / repeats.max(1)).max(1));
        let mut out = Vec::new();
        for row in rows.by_ref().take(repeats) {
            let row = row.map_err(|e| anyhow::anyhow!("{}", e.key))?;
            out.push((row.cells[1].clone(), row.cells[0].clone()));
        }
        out
    };
    for (what, by_id) in [("ID number", true), ("name", false)] {
        let mut times = Vec::new();
        for (id, name) in &sample {
            let input = crate::registry::services::people::ListInput {
                unit_id: Some(zone),
                q: Some(if by_id { id.clone() } else { name.clone() }),
                ..Default::default()
            };
            let t = Instant::now();
            let page = crate::registry::services::people::list(
                &db,
                &system,
                input,
                crate::platform::service::Paging::parse(None, None)?,
            )
            .await?;
            times.push(t.elapsed());
            anyhow::ensure!(page.total >= 1, "a search by {what} found nobody");
        }
        println!("zone-wide search of {added} by {what:<10} {}", quantiles(times));
    }
    db.pool.close().await;
    let db = fresh("xlsx", capabilities).await?;
    let xlsx_path = dir.join("people.xlsx");
    write_file(&db, xlsx_people, &xlsx_path, true).await?;
    let (added, time) = import(&db, &xlsx_path).await?;
    println!(
        "import from xlsx                          {added} people in {:.1} s, {:.0} rows/s",
        time.as_secs_f64(),
        rate(added, time)
    );
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The registry's pages `zhili bench core` times, a person found through the API.
pub async fn pages(app: axum::Router, token: String) -> anyhow::Result<Vec<(String, String)>> {
    use tower::ServiceExt;
    let req = axum::http::Request::get("/api/v1/people?page_size=1")
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())?;
    let res = app.oneshot(req).await?;
    anyhow::ensure!(res.status().is_success(), "the list of people answered {}", res.status());
    let page: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(res.into_body(), usize::MAX).await?)?;
    let person =
        page["items"][0]["id"].as_i64().ok_or_else(|| anyhow::anyhow!("the demo made nobody"))?;
    Ok(vec![
        ("GET /registry (page)".into(), "/registry".into()),
        ("GET /registry/people (page)".into(), "/registry/people".into()),
        ("GET /registry/people/{id} (page)".into(), format!("/registry/people/{person}")),
    ])
}

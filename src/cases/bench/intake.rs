//! Intake over HTTP with everything on (bearer auth, validation, the case, its event, rollups,
//! the audit chain, a durable commit with SQLite synchronous=FULL), against a bare server that
//! only inserts each body with the same group commit, measured in the same run; then intake by
//! point: the same reports with a longitude and latitude and no unit, each grid found from the
//! boundaries through the grid index.

use crate::platform::bench::load::post_json;
use crate::platform::db::Db;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::web::AppState;
use std::sync::Arc;
use std::time::Duration;

/// Runs the intake scenario and prints its figures.
pub async fn run(
    clients: usize,
    seconds: u64,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("zhili-bench-intake-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let duration = Duration::from_secs(seconds);
    println!(
        "intake over HTTP: {clients} clients, {seconds} s each run, SQLite synchronous=FULL at {}",
        dir.display()
    );

    let bare = crate::platform::bench::bare::serve(&dir, capabilities).await?;
    let bare_figures = crate::platform::bench::load::run(bare, clients, duration, 201, |i, n| {
        post_json("/bare", None, &format!(r#"{{"client":{i},"n":{n}}}"#))
    })
    .await;
    println!("bare group-committing insert server            {}", bare_figures.line());

    let db = Db::connect(&format!("sqlite://{}/zhili.db", dir.display()), capabilities).await?;
    crate::platform::demo::load(&db, "bench-password").await?;
    let mut tokens = Vec::new();
    let mut grids = Vec::new();
    let mut points = Vec::new();
    for i in 0..clients {
        let actor = crate::platform::bench::actor_named(
            &db,
            &format!("g{:03}-manager", 1 + i % crate::platform::demo::GRIDS),
        )
        .await?;
        let (_, token) =
            crate::platform::users::auth::create_token(&db, &actor, "bench", None).await?;
        tokens.push(token);
        let grid = actor.held[0].grant.unit_id;
        grids.push(grid);
        // The middle of the grid's box, which is inside it: the demo's grids are rectangles.
        let row = crate::platform::hierarchy::store::get(&db.pool, grid).await?;
        let boundary = row.and_then(|u| u.boundary).and_then(|b| Boundary::from_stored(&b));
        points.push(
            boundary.ok_or_else(|| anyhow::anyhow!("grid {grid} has no boundary"))?.label_point(),
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(crate::platform::web::serve(
        listener,
        AppState::new(db.clone(), capabilities, false),
        std::future::pending(),
    ));
    let (tokens, grids, points) = (Arc::new(tokens), Arc::new(grids), Arc::new(points));
    let by_unit = tokens.clone();
    let figures = crate::platform::bench::load::run(addr, clients, duration, 201, move |i, n| {
        let body = format!(r#"{{"category":"I0301","unit_id":{},"description":"垃圾堆放 {i}-{n}","source":"grid"}}"#, grids[i]);
        post_json("/api/v1/cases", Some(&by_unit[i]), &body)
    })
    .await;
    println!("zhili POST /api/v1/cases (everything on)      {}", figures.line());
    println!(
        "ratio to the bare server                       {:.2}",
        figures.rate() / bare_figures.rate().max(1e-9)
    );
    let by_point = crate::platform::bench::load::run(addr, clients, duration, 201, move |i, n| {
        let (lon, lat) = points[i];
        let body = format!(r#"{{"category":"I0301","lon":{lon},"lat":{lat},"description":"垃圾堆放 {i}-{n}","source":"grid"}}"#);
        post_json("/api/v1/cases", Some(&tokens[i]), &body)
    })
    .await;
    println!("intake by point (grid found from the point)   {}", by_point.line());
    println!(
        "ratio to intake by unit                        {:.2}",
        by_point.rate() / figures.rate().max(1e-9)
    );
    let cases = crate::cases::store::bench::count(&db.pool).await?;
    let verdict = crate::platform::audit::verify(&db).await?;
    println!(
        "cases stored {cases}, audit chain {}",
        if verdict.broken.is_none() { "intact" } else { "BROKEN" }
    );
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

//! Where the demo's cases happen: the zone's grids and who works them, and the catalogue that
//! publishes the source's incidents.

use crate::platform::db::Db;

/// A grid of the demo zone with its staff.
pub(super) struct Grid {
    pub(super) id: i64,
    pub(super) path: String,
    pub(super) village: String,
    pub(super) manager: (i64, String),
    pub(super) supervisor: (i64, String),
}

/// The source's incidents were public on its zone's platform, whoever found them: the demo's
/// catalogue publishes every report of its public incident categories (Open311 lists them).
pub(super) async fn publish_incidents(db: &Db, zone_id: i64) -> anyhow::Result<()> {
    let mut rows = vec![
        crate::cases::domain::category::HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ];
    for mut c in crate::cases::domain::category::builtin() {
        c.publish_all = c.public && c.kind == crate::cases::domain::CaseKind::Incident;
        rows.push(c.to_row().to_vec());
    }
    crate::cases::services::catalogue::publish(
        db,
        &crate::platform::access::actor::Actor::system(),
        zone_id,
        &rows,
        "演示区：公开全部事件",
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// The demo zone's grids with the manager and supervisor who report and verify their cases.
pub(super) async fn grids(db: &Db) -> anyhow::Result<Vec<Grid>> {
    let unstaffed = || (0, "system".to_string());
    let grids: Vec<Grid> = crate::cases::store::zone::staffed_grids(&db.pool)
        .await?
        .into_iter()
        .map(|g| Grid {
            manager: g.manager.unwrap_or_else(unstaffed),
            supervisor: g.supervisor.unwrap_or_else(unstaffed),
            id: g.id,
            path: g.path,
            village: g.village,
        })
        .collect();
    anyhow::ensure!(!grids.is_empty(), "load the demo zone first");
    Ok(grids)
}

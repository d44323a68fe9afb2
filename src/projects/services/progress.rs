//! Investment completed against the annual plan and the time elapsed (序时进度), for a unit's
//! projects through the end of a month: each unit of the projects and each project, with the
//! points ahead or behind.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppResult;
use crate::projects::domain::progress::{Against, against};
use crate::projects::domain::reports::LIBRARY_FROM_FEN;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// One line: a unit or a project.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ProgressLine)]
pub struct Line {
    /// The unit's or project's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The year's planned investment, fen.
    pub planned_fen: i64,
    /// Completed in the year through the month, as the statistics count it, fen.
    pub completed_fen: i64,
    /// Against the plan and the time elapsed.
    pub against: Against,
}

/// The progress of a visible unit's projects through a month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = InvestmentProgress)]
pub struct Progress {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The whole unit.
    pub total: Line,
    /// Each unit its projects lie in.
    pub units: Vec<Line>,
    /// Each project.
    pub projects: Vec<Line>,
}

/// The progress through `month` (its first day) of the projects of a visible unit.
pub async fn of_unit(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    month: chrono::NaiveDate,
) -> AppResult<Progress> {
    let unit = actor.unit_path(db, unit_id).await?;
    let through = month.format("%Y-%m").to_string();
    // The projects not cancelled by the month's end (or today, if earlier): a past month's
    // figures stay what they were when a project is cancelled later.
    let end = crate::projects::domain::reports::Period { month, dekad: None }.end();
    let alive_on = end.min(db.clock.today()).to_string();
    let rows = crate::projects::store::board::year_progress(
        &db.pool,
        &unit.subtree_range(),
        (month.year() as i64, &through, &alive_on),
        LIBRARY_FROM_FEN,
    )
    .await?;
    let m = month.month();
    let line = |id, name, planned, completed| Line {
        id,
        name,
        planned_fen: planned,
        completed_fen: completed,
        against: against(completed, planned, m),
    };
    let mut by_unit: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for (_, _, u, planned, completed) in &rows {
        let e = by_unit.entry(*u).or_default();
        (e.0, e.1) = (e.0 + planned, e.1 + completed);
    }
    let names: BTreeMap<i64, String> =
        crate::platform::hierarchy::services::names(db, by_unit.keys().copied().collect())
            .await?
            .into_iter()
            .collect();
    let units = by_unit
        .iter()
        .map(|(u, (p, c))| line(*u, names.get(u).cloned().unwrap_or_default(), *p, *c))
        .collect();
    let (planned, completed) = by_unit.values().fold((0, 0), |a, v| (a.0 + v.0, a.1 + v.1));
    let unit_name = crate::platform::hierarchy::services::names(db, vec![unit_id])
        .await?
        .into_iter()
        .next()
        .map(|n| n.1)
        .unwrap_or_default();
    Ok(Progress {
        month: through,
        total: line(unit_id, unit_name, planned, completed),
        units,
        projects: rows.into_iter().map(|(id, name, _, p, c)| line(id, name, p, c)).collect(),
    })
}

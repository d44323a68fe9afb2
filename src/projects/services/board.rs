//! The battle map (挂图作战) and the Gantt: each project's status by today (done, overdue: a
//! planned gate passed by without it, behind: a gate passed after its plan, or on schedule),
//! named baselines that never move (cancelled projects kept), drawn as shadows on the Gantt,
//! and any two baselines, or one and today's plans, compared gate by gate.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::required_text;
use crate::platform::service::{AppError, AppResult};
use crate::projects::domain::gates::Gate;
pub use crate::projects::store::board::BaselineRow;
use crate::projects::store::board::Pin;
use serde::Serialize;
use std::collections::BTreeMap;

/// A project's status on the battle map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
#[schema(as = ProjectStatus)]
pub enum Status {
    /// Every planned gate so far passed on time.
    OnSchedule,
    /// A gate was passed after its plan.
    Behind,
    /// A planned gate's day went by without it.
    Overdue,
    /// Completed, or further.
    Done,
}

impl Status {
    /// Every status, in the legend's order.
    pub const ALL: [Status; 4] =
        [Status::OnSchedule, Status::Behind, Status::Overdue, Status::Done];

    /// The identifier used in the API and as the marker's class.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The status the store's code stands for (`store::board::pins` computes it: 3 done, 2
    /// overdue, 1 behind, else on schedule, in that order of precedence).
    pub fn of(p: &Pin) -> Status {
        match p.status {
            3 => Status::Done,
            2 => Status::Overdue,
            1 => Status::Behind,
            _ => Status::OnSchedule,
        }
    }
}

/// A project on the map.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PinJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Longitude (GCJ-02).
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Its status today.
    pub status: Status,
}

/// The most projects a map or a Gantt draws.
pub const MAX_PINS: i64 = 50_000;
/// The most rows a Gantt draws.
pub const MAX_ROWS: i64 = 500;

/// The projects of a visible unit's subtree on the map, optionally of a level and industry.
pub async fn map(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    level: Option<&str>,
    industry: Option<&str>,
) -> AppResult<Vec<PinJson>> {
    let unit = actor.unit_path(db, unit_id).await?;
    let today = db.clock.today().to_string();
    let range = unit.subtree_range();
    let pins =
        crate::projects::store::board::pins(&db.pool, &range, &today, level, industry, MAX_PINS)
            .await?;
    Ok(pins
        .into_iter()
        .map(|p| PinJson { status: Status::of(&p), id: p.id, name: p.name, lon: p.lon, lat: p.lat })
        .collect())
}

/// Takes a named baseline of a unit's projects: whoever works projects there may.
pub async fn take(db: &Db, actor: &Actor, unit_id: i64, name: &str) -> AppResult<BaselineRow> {
    let path = actor.unit_path(db, unit_id).await?;
    if !crate::projects::services::access::works_at(actor, &path, None) {
        return Err(AppError::Forbidden);
    }
    let name = required_text("name", name, 50)?;
    let mut tx = db.begin().await?;
    let id = crate::projects::store::board::take(
        &mut tx,
        &name,
        (unit_id, path.as_str()),
        &path.subtree_range(),
        actor.audit_name(),
    )
    .await?;
    let detail = serde_json::json!({ "baseline": id, "name": name, "unit_id": unit_id });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.baseline", format!("unit:{unit_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    crate::projects::store::board::baseline(&db.pool, id).await?.ok_or(AppError::NotFound)
}

/// The baselines of a visible unit's subtree.
pub async fn baselines(db: &Db, actor: &Actor, unit_id: i64) -> AppResult<Vec<BaselineRow>> {
    let unit = actor.unit_path(db, unit_id).await?;
    Ok(crate::projects::store::board::baselines(&db.pool, &unit.subtree_range()).await?)
}

/// A baseline the actor sees (its unit in their subtrees), or `NotFound`.
async fn seen_baseline(db: &Db, actor: &Actor, id: i64) -> AppResult<BaselineRow> {
    let b =
        crate::projects::store::board::baseline(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    actor.unit_path(db, b.unit_id).await?;
    Ok(b)
}

/// A project's row of the Gantt.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GanttRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Cancelled on, if it was.
    pub cancelled_on: Option<String>,
    /// Its gates now.
    pub gates: Vec<GanttGate>,
    /// The baseline's planned gates, when one was asked (no actual day).
    pub baseline: Vec<GanttGate>,
}

/// A gate of a Gantt row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GanttGate {
    /// Which.
    pub gate: Gate,
    /// Planned day.
    pub planned_on: Option<String>,
    /// Actual day.
    pub actual_on: Option<String>,
}

/// The Gantt of a visible unit's largest projects (at most [`MAX_ROWS`]), with a baseline's
/// plans beside each; a project the baseline holds and the list no longer does (cancelled,
/// moved, smaller) is drawn from the baseline alone.
pub async fn gantt(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    level: Option<&str>,
    baseline: Option<i64>,
    rows: i64,
) -> AppResult<Vec<GanttRow>> {
    let unit = actor.unit_path(db, unit_id).await?;
    let current = crate::projects::store::board::current_gates(
        &db.pool,
        &unit.subtree_range(),
        level,
        rows.clamp(1, MAX_ROWS),
    )
    .await?;
    let mut out: Vec<GanttRow> = Vec::new();
    for (id, name, cancelled_on, gate, planned, actual) in current {
        let Ok(gate) = gate.parse::<Gate>() else { continue };
        if out.last().is_none_or(|r| r.id != id) {
            out.push(GanttRow { id, name, cancelled_on, gates: Vec::new(), baseline: Vec::new() });
        }
        if let Some(r) = out.last_mut() {
            r.gates.push(GanttGate { gate, planned_on: planned, actual_on: actual });
        }
    }
    if let Some(b) = baseline {
        seen_baseline(db, actor, b).await?;
        let mut by_project: BTreeMap<i64, usize> =
            out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let ids: Vec<i64> = out.iter().map(|r| r.id).collect();
        for (id, name, cancelled_on, gate, planned) in
            crate::projects::store::board::baseline_gates_of(
                &db.pool,
                b,
                &ids,
                &unit.subtree_range(),
            )
            .await?
        {
            let Ok(gate) = gate.parse::<Gate>() else { continue };
            let at = match by_project.get(&id) {
                Some(at) => *at,
                None if cancelled_on.is_some() && (out.len() as i64) < rows.clamp(1, MAX_ROWS) => {
                    out.push(GanttRow {
                        id,
                        name,
                        cancelled_on,
                        gates: Vec::new(),
                        baseline: Vec::new(),
                    });
                    by_project.insert(id, out.len() - 1);
                    out.len() - 1
                }
                None => continue,
            };
            out[at].baseline.push(GanttGate { gate, planned_on: planned, actual_on: None });
        }
    }
    for r in &mut out {
        r.gates.sort_by_key(|g| g.gate);
        r.baseline.sort_by_key(|g| g.gate);
    }
    Ok(out)
}

/// A planned gate that differs between two plans.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Change {
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub name: String,
    /// The gate.
    pub gate: Gate,
    /// Planned in the first.
    pub from: Option<String>,
    /// Planned in the second (or today).
    pub to: Option<String>,
    /// Days later (negative: earlier), when both have a day.
    pub days: Option<i64>,
}

/// Two plans of a unit compared gate by gate: a baseline against another, or against the plans
/// as they stand today (`to` none); a project in one only shows every gate as added or gone.
pub async fn compare(
    db: &Db,
    actor: &Actor,
    from: i64,
    to: Option<i64>,
) -> AppResult<(BaselineRow, Option<BaselineRow>, Vec<Change>)> {
    let a = seen_baseline(db, actor, from).await?;
    type Plans = BTreeMap<(i64, Gate), (String, Option<String>)>;
    let of = |rows: Vec<crate::projects::store::board::PlannedGate>| -> Plans {
        rows.into_iter()
            .filter_map(|(id, name, _, g, p)| Some(((id, g.parse().ok()?), (name, p))))
            .collect()
    };
    let first = of(crate::projects::store::board::baseline_gates(&db.pool, from).await?);
    let mut to_row = None;
    let second = match to {
        Some(b) => {
            to_row = Some(seen_baseline(db, actor, b).await?);
            of(crate::projects::store::board::baseline_gates(&db.pool, b).await?)
        }
        None => {
            let range =
                crate::platform::hierarchy::unit::UnitPath::from_stored(a.unit_path.clone())
                    .subtree_range();
            let rows =
                crate::projects::store::board::current_gates(&db.pool, &range, None, MAX_PINS)
                    .await?;
            of(rows.into_iter().map(|(id, n, c, g, p, _)| (id, n, c, g, p)).collect())
        }
    };
    let keys: std::collections::BTreeSet<(i64, Gate)> =
        first.keys().chain(second.keys()).copied().collect();
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok());
    let changes = keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (first.get(&k), second.get(&k));
            let (fx, fy) = (x.and_then(|x| x.1.clone()), y.and_then(|y| y.1.clone()));
            if x.is_some() && y.is_some() && fx == fy {
                return None;
            }
            let name = x.or(y).map(|v| v.0.clone()).unwrap_or_default();
            let days = day(&fx).zip(day(&fy)).map(|(a, b)| (b - a).num_days());
            Some(Change { project_id: k.0, name, gate: k.1, from: fx, to: fy, days })
        })
        .collect();
    Ok((a, to_row, changes))
}

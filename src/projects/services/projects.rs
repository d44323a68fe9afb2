//! Listing and reading projects: a page of a unit's projects filtered by level and industry,
//! and one project whole (its gates, plan by year, team and deal).

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::{AppError, AppResult, Page, Paging};
use crate::projects::domain::Level;
use crate::projects::domain::gates::Gate;
use crate::projects::store::projects::{Filter, ProjectRow};
use serde::Serialize;
use std::collections::HashMap;

/// A project as the API and the pages show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Level.
    pub level: Level,
    /// GB/T 4754 division (`34`).
    pub industry: String,
    /// The owner enterprise, an organisation of the registry.
    pub owner_id: Option<i64>,
    /// Its name.
    pub owner: String,
    /// The township it lies in.
    pub unit_id: i64,
    /// Its name.
    pub township: String,
    /// The department responsible, where not the township.
    pub department_id: Option<i64>,
    /// Longitude (GCJ-02).
    pub lon: Option<f64>,
    /// Latitude (GCJ-02).
    pub lat: Option<f64>,
    /// Construction content and scale.
    pub content: String,
    /// Total investment, fen.
    pub total_fen: i64,
    /// The responsible leader.
    pub leader: String,
    /// When it was cancelled, if it was.
    pub cancelled_on: Option<String>,
    /// Why.
    pub cancel_reason: String,
}

/// A gate of a project as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GateJson {
    /// Which.
    pub gate: Gate,
    /// Planned day.
    pub planned_on: Option<String>,
    /// Actual day.
    pub actual_on: Option<String>,
    /// Who passed it.
    pub passed_by: String,
    /// The document or photo that shows it.
    pub evidence: String,
}

/// A project whole.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectDetail {
    /// The record.
    #[serde(flatten)]
    pub project: ProjectJson,
    /// Every gate in order, passed or not.
    pub gates: Vec<GateJson>,
    /// Investment planned by year.
    pub plans: Vec<YearPlan>,
    /// The team.
    pub team: Vec<Member>,
    /// Its promotion deal, if it is one: contract value, contract funds, source, region,
    /// terminated on.
    pub deal: Option<DealJson>,
}

/// A year's planned investment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearPlan {
    /// The year.
    pub year: i64,
    /// Fen.
    pub planned_fen: i64,
}

/// A member of a project's team.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Their part.
    pub duty: String,
    /// A work phone.
    pub phone: String,
}

/// A promotion deal as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DealJson {
    /// 签约额, fen.
    pub contract_value_fen: i64,
    /// 合同引进资金, fen.
    pub contract_funds_fen: i64,
    /// How the investor was found.
    pub source: String,
    /// The region of a regional drive.
    pub region: String,
    /// Terminated on, if it was.
    pub terminated_on: Option<String>,
}

/// What a list asks for.
#[derive(Debug, Clone, Default)]
pub struct ListInput {
    /// The unit (default: the actor's first).
    pub unit_id: Option<i64>,
    /// Only this level.
    pub level: Option<Level>,
    /// Only industries starting with this code.
    pub industry: Option<String>,
    /// Only these projects (those behind a figure).
    pub ids: Option<Vec<i64>>,
    /// Only those whose furthest gate passed is of this gate's stage.
    pub stage: Option<Gate>,
    /// Only those started in this year.
    pub started_in: Option<i32>,
    /// Sort by name (else total investment), descending.
    pub sort: Option<(bool, bool)>,
}

/// Names the rows: their owners and townships.
pub async fn shown(db: &Db, rows: Vec<ProjectRow>) -> AppResult<Vec<ProjectJson>> {
    let owners: Vec<i64> = rows.iter().filter_map(|r| r.owner_id).collect();
    let owners: HashMap<i64, String> = crate::registry::services::records::titles(
        db,
        &crate::registry::domain::kinds::ORGANISATIONS,
        owners,
    )
    .await?
    .into_iter()
    .collect();
    let units: HashMap<i64, String> =
        crate::platform::hierarchy::services::names(db, rows.iter().map(|r| r.unit_id).collect())
            .await?
            .into_iter()
            .collect();
    rows.into_iter()
        .map(|r| {
            Ok(ProjectJson {
                level: r.level.parse().map_err(|_| {
                    AppError::Internal(anyhow::anyhow!("project {}: level {}", r.id, r.level))
                })?,
                owner: r.owner_id.and_then(|o| owners.get(&o).cloned()).unwrap_or_default(),
                township: units.get(&r.unit_id).cloned().unwrap_or_default(),
                id: r.id,
                name: r.name,
                industry: r.industry,
                owner_id: r.owner_id,
                unit_id: r.unit_id,
                department_id: r.department_id,
                lon: r.lon,
                lat: r.lat,
                content: r.content,
                total_fen: r.total_fen,
                leader: r.leader,
                cancelled_on: r.cancelled_on,
                cancel_reason: r.cancel_reason,
            })
        })
        .collect()
}

/// A page of a visible unit's projects, by total investment.
pub async fn list(
    db: &Db,
    actor: &Actor,
    input: ListInput,
    paging: Paging,
) -> AppResult<Page<ProjectJson>> {
    let unit_id =
        input.unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let filter = Filter {
        range: unit.subtree_range(),
        level: input.level.map(|l| l.as_str().to_string()),
        industry: input.industry,
        ids: input.ids,
        stage: input.stage.map(|g| {
            let of = |keep: &dyn Fn(&Gate) -> bool| {
                Gate::ALL
                    .iter()
                    .filter(|x| keep(x))
                    .map(|x| x.as_str().to_string())
                    .collect::<Vec<_>>()
            };
            (of(&|x| x.stage() == g.stage()), of(&|x| x.stage() > g.stage()))
        }),
        started: input.started_in.map(|y| (format!("{y:04}-01-01"), format!("{y:04}-12-31"))),
        sort: input.sort,
    };
    let (rows, total) = crate::projects::store::projects::list(
        &db.pool,
        &filter,
        paging.page_size,
        paging.offset(),
    )
    .await?;
    Ok(Page { items: shown(db, rows).await?, total, paging })
}

/// The furthest gate each of these projects passed (the latest stage, its first gate in order).
pub async fn furthest(db: &Db, ids: &[i64]) -> AppResult<HashMap<i64, Gate>> {
    let mut out: HashMap<i64, Gate> = HashMap::new();
    for (id, gate, _) in crate::projects::store::gates::passed_of(&db.pool, ids).await? {
        let Ok(g) = gate.parse::<Gate>() else { continue };
        let e = out.entry(id).or_insert(g);
        if g.stage() > e.stage() || (g.stage() == e.stage() && g < *e) {
            *e = g;
        }
    }
    Ok(out)
}

/// One project whole, if the actor sees it.
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<ProjectDetail> {
    let seen = crate::projects::services::access::visible(db, actor, id).await?;
    let row = seen.row().clone();
    let stored = crate::projects::store::gates::of_project(&db.pool, id).await?;
    let gates = Gate::ALL
        .iter()
        .map(|g| {
            let s = stored.iter().find(|s| s.gate == g.as_str());
            GateJson {
                gate: *g,
                planned_on: s.and_then(|s| s.planned_on.clone()),
                actual_on: s.and_then(|s| s.actual_on.clone()),
                passed_by: s.map(|s| s.passed_by.clone()).unwrap_or_default(),
                evidence: s.map(|s| s.evidence.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let deal = crate::projects::store::deals::get(&db.pool, id).await?.map(|d| DealJson {
        contract_value_fen: d.contract_value_fen,
        contract_funds_fen: d.contract_funds_fen,
        source: d.source,
        region: d.region,
        terminated_on: d.terminated_on,
    });
    Ok(ProjectDetail {
        project: shown(db, vec![row]).await?.remove(0),
        gates,
        plans: crate::projects::store::projects::plans(&db.pool, id)
            .await?
            .into_iter()
            .map(|(year, planned_fen)| YearPlan { year, planned_fen })
            .collect(),
        team: crate::projects::store::projects::team(&db.pool, id)
            .await?
            .into_iter()
            .map(|(name, duty, phone)| Member { name, duty, phone })
            .collect(),
        deal,
    })
}

/// The names of projects, for the audit chain.
pub async fn names(db: &Db, ids: Vec<i64>) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(crate::projects::store::projects::names(&db.pool, &ids).await?)
}

/// Reads an industry filter: a GB/T 4754 section (`C`) or division (`34`, `C34`).
pub fn industry(text: Option<&str>) -> AppResult<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    match crate::platform::industry::find(t) {
        Some(i) => Ok(Some(i.code.clone())),
        None => Err(AppError::Invalid(vec![crate::platform::input::FieldError::new(
            "industry",
            "error.projects.industry",
        )])),
    }
}

/// Whether the actor works a project they see and it is not cancelled (the page shows its
/// forms then).
pub async fn works_on(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    let seen = crate::projects::services::access::visible(db, actor, id).await?;
    Ok(crate::projects::services::access::may_work(actor, seen).is_ok())
}

//! Entering a project: its record, plan by year, team, planned gates and, for a promotion
//! project, its deal; checked whole and written in one transaction, in the audit chain.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::{FieldError, collect, optional_text, required_text};
use crate::platform::service::{AppError, AppResult, check};
use crate::projects::domain::gates::Gate;
use crate::projects::domain::{Level, Source, money};
use crate::projects::store::projects::ProjectRow;
use serde::Deserialize;

/// A year's planned investment.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    /// The year.
    pub year: i32,
    /// Fen.
    pub planned_fen: i64,
}

/// A member of the team.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    /// Name.
    pub name: String,
    /// Their part (项目负责人, 联络员).
    #[serde(default)]
    pub duty: String,
    /// A work phone.
    #[serde(default)]
    pub phone: String,
}

/// A gate's planned day.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedIn {
    /// The gate.
    pub gate: Gate,
    /// `YYYY-MM-DD`.
    pub planned_on: String,
}

/// A promotion project's deal.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealIn {
    /// 签约额, fen.
    pub contract_value_fen: i64,
    /// 合同引进资金, fen.
    pub contract_funds_fen: i64,
    /// How the investor was found.
    pub source: Source,
    /// The region of a regional drive (京津冀).
    #[serde(default)]
    pub region: String,
    /// Talks began.
    #[serde(default)]
    pub negotiation_on: Option<String>,
    /// A framework agreement signed.
    #[serde(default)]
    pub framework_on: Option<String>,
}

/// A project as a caller enters it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    /// Name.
    pub name: String,
    /// Level.
    pub level: Level,
    /// GB/T 4754 section or division (`35`, `C35`).
    #[serde(default)]
    pub industry: String,
    /// The owner enterprise, an organisation of the registry the caller sees.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The unit it lies in (a township, or a village or grid within one).
    pub unit_id: i64,
    /// The department responsible, where not the unit.
    #[serde(default)]
    pub department_id: Option<i64>,
    /// Longitude (GCJ-02, as picked on the zone's map).
    #[serde(default)]
    pub lon: Option<f64>,
    /// Latitude (GCJ-02).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Construction content and scale.
    #[serde(default)]
    pub content: String,
    /// Total investment, fen.
    pub total_fen: i64,
    /// The responsible leader.
    #[serde(default)]
    pub leader: String,
    /// Investment planned by year.
    #[serde(default)]
    pub plans: Vec<PlanIn>,
    /// The team.
    #[serde(default)]
    pub team: Vec<MemberIn>,
    /// Planned days of gates.
    #[serde(default)]
    pub gates: Vec<PlannedIn>,
    /// The deal, for a project of investment promotion.
    #[serde(default)]
    pub deal: Option<DealIn>,
}

/// Checks and writes a new project; its id.
pub async fn create(db: &Db, actor: &Actor, p: &NewProject) -> AppResult<i64> {
    let path = actor.unit_path(db, p.unit_id).await?;
    if !crate::projects::services::access::works_at(actor, &path, p.department_id) {
        return Err(AppError::Forbidden);
    }
    let mut e = Vec::new();
    let name = collect(&mut e, required_text("name", &p.name, 100)).unwrap_or_default();
    let content = collect(&mut e, optional_text("content", &p.content, 2000)).unwrap_or_default();
    let leader = collect(&mut e, optional_text("leader", &p.leader, 50)).unwrap_or_default();
    let industry = if p.industry.trim().is_empty() {
        String::new()
    } else {
        match crate::platform::industry::find(&p.industry) {
            Some(i) => i.code.clone(),
            None => {
                e.push(FieldError::new("industry", "error.projects.industry"));
                String::new()
            }
        }
    };
    let total = collect(&mut e, money::checked("total_fen", p.total_fen)).unwrap_or(0);
    let point = match (p.lon, p.lat) {
        (None, None) => None,
        (Some(lon), Some(lat)) => {
            let pt = crate::platform::geo::Point::checked(lon, lat);
            if pt.is_none() {
                e.push(FieldError::new("lon", "error.projects.point"));
            }
            pt
        }
        _ => {
            e.push(FieldError::new("lat", "error.projects.point"));
            None
        }
    };
    if p.plans.len() > 50 || p.team.len() > 50 || p.gates.len() > Gate::ALL.len() {
        e.push(FieldError::new("plans", "error.projects.too_many").arg("max", 50));
    }
    let mut planned = 0i64;
    for (i, plan) in p.plans.iter().enumerate() {
        if !(2000..=2100).contains(&plan.year) || p.plans[..i].iter().any(|o| o.year == plan.year) {
            e.push(FieldError::new(format!("plans[{i}].year"), "error.projects.plan_year"));
        }
        planned = planned.saturating_add(
            collect(&mut e, money::checked(&format!("plans[{i}].planned_fen"), plan.planned_fen))
                .unwrap_or(0),
        );
    }
    if planned > total {
        e.push(
            FieldError::new("plans", "error.projects.plan_over_total")
                .arg("total", money::wan(total)),
        );
    }
    let mut team = Vec::new();
    for (i, m) in p.team.iter().enumerate() {
        let name = collect(&mut e, required_text(&format!("team[{i}].name"), &m.name, 50));
        let duty = collect(&mut e, optional_text(&format!("team[{i}].duty"), &m.duty, 50));
        let phone = collect(&mut e, optional_text(&format!("team[{i}].phone"), &m.phone, 30));
        team.extend(name.zip(duty).zip(phone).map(|((n, d), ph)| (n, d, ph)));
    }
    let mut gates = Vec::new();
    for (i, g) in p.gates.iter().enumerate() {
        if let Some(day) = collect(
            &mut e,
            crate::platform::day::parse(&format!("gates[{i}].planned_on"), &g.planned_on),
        ) {
            gates.push((g.gate, day));
        }
    }
    let deal = match (&p.deal, p.level) {
        (Some(d), _) => {
            let value =
                collect(&mut e, money::checked("deal.contract_value_fen", d.contract_value_fen))
                    .unwrap_or(0);
            let funds =
                collect(&mut e, money::checked("deal.contract_funds_fen", d.contract_funds_fen))
                    .unwrap_or(0);
            if funds > value {
                e.push(FieldError::new(
                    "deal.contract_funds_fen",
                    "error.projects.funds_over_value",
                ));
            }
            let region =
                collect(&mut e, optional_text("deal.region", &d.region, 30)).unwrap_or_default();
            let talks = collect(
                &mut e,
                crate::platform::day::parse_optional(
                    "deal.negotiation_on",
                    d.negotiation_on.as_deref(),
                ),
            )
            .flatten();
            let framework = collect(
                &mut e,
                crate::platform::day::parse_optional(
                    "deal.framework_on",
                    d.framework_on.as_deref(),
                ),
            )
            .flatten();
            Some((value, funds, d.source, region, talks, framework))
        }
        (None, Level::Promotion) => {
            e.push(FieldError::new("deal", "error.required"));
            None
        }
        (None, _) => None,
    };
    if let Some(o) = p.owner_id {
        let org = crate::registry::store::records::get(
            &db.pool,
            &crate::registry::domain::kinds::ORGANISATIONS,
            o,
        )
        .await?;
        if !org.is_some_and(|org| actor.sees(&UnitPath::from_stored(org.unit_path))) {
            e.push(FieldError::new("owner_id", "error.projects.no_owner"));
        }
    }
    if let Some(d) = p.department_id
        && crate::platform::hierarchy::services::departments(db, actor)
            .await?
            .iter()
            .all(|x| x.id != d)
    {
        e.push(FieldError::new("department_id", "error.projects.no_department"));
    }
    check(e)?;
    let mut tx = db.begin().await?;
    let row = ProjectRow {
        cancel_reason: String::new(),
        id: 0,
        name,
        level: p.level.as_str().into(),
        industry,
        owner_id: p.owner_id,
        unit_id: p.unit_id,
        unit_path: path.as_str().to_string(),
        department_id: p.department_id,
        lon: point.map(|x| x.lon),
        lat: point.map(|x| x.lat),
        content,
        total_fen: total,
        leader,
        cancelled_on: None,
    };
    let id = crate::projects::store::projects::insert(&mut tx, &row).await?;
    for plan in &p.plans {
        crate::projects::store::projects::plan(&mut tx, id, plan.year, plan.planned_fen).await?;
    }
    for (name, duty, phone) in &team {
        crate::projects::store::projects::add_member(&mut tx, id, name, duty, phone).await?;
    }
    for (gate, day) in &gates {
        let g = crate::projects::store::gates::GateRow {
            project_id: id,
            gate: gate.as_str().into(),
            planned_on: Some(day.to_string()),
            actual_on: None,
            passed_by: String::new(),
            evidence: String::new(),
            recorded_by: actor.audit_name().into(),
        };
        crate::projects::store::gates::put(&mut tx, &g).await?;
    }
    crate::projects::store::board::refresh(&mut tx, id).await?;
    if let Some((value, funds, source, region, talks, framework)) = deal {
        let d = crate::projects::store::deals::DealRow {
            project_id: id,
            contract_value_fen: value,
            contract_funds_fen: funds,
            source: source.as_str().into(),
            region,
            negotiation_on: talks.map(|d| d.to_string()),
            framework_on: framework.map(|d| d.to_string()),
            terminated_on: None,
            termination_reason: String::new(),
        };
        crate::projects::store::deals::insert(&mut tx, &d).await?;
    }
    let detail = serde_json::json!({ "name": row.name, "level": row.level, "unit_id": row.unit_id, "total_fen": row.total_fen });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.create", format!("project:{id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

//! The problem ledger (问题台账): raised on a project by whoever works it, given to a unit and a
//! person with a deadline in working days, solved with how; an overdue one climbs its ladder
//! each day the scheduler sweeps, each climb dated the working day it fell due.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::{FieldError, optional_text, required_text};
use crate::platform::service::{AppError, AppResult, Page, Paging, check};
use crate::projects::domain::problems::{Rung, climbs, deadline};
use crate::projects::store::problems::ProblemRow;
use serde::{Deserialize, Serialize};

/// A problem as raised.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemIn {
    /// What it is.
    pub description: String,
    /// Who raised it (default: the caller).
    #[serde(default)]
    pub raised_by: String,
    /// The unit it is given to.
    pub owner_unit: String,
    /// The person there who answers for it.
    pub owner_person: String,
    /// The head of that unit.
    pub unit_head: String,
    /// The zone leader in charge (default: the project's responsible leader).
    #[serde(default)]
    pub leader: String,
    /// The principal leader.
    pub principal: String,
    /// Working days to solve it, 1 to 60.
    pub working_days: u32,
}

/// A problem as shown: the row and the climbs of its ladder.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemLine {
    /// The problem.
    #[serde(flatten)]
    pub problem: ProblemRow,
    /// Its project's name.
    pub project: String,
    /// Whether its deadline passed unsolved.
    pub overdue: bool,
    /// Each climb of its ladder.
    pub climbs: Vec<Climb>,
}

/// A climb of a problem's ladder.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Climb {
    /// The rung it reached (`unit_head`, `leader_in_charge`, `principal_leader`).
    pub rung: String,
    /// The working day it fell due.
    pub climbed_on: String,
    /// Who answers for it from then.
    pub to_whom: String,
}

/// Raises a problem of a project the actor works; its id.
pub async fn raise(db: &Db, actor: &Actor, project_id: i64, p: &ProblemIn) -> AppResult<i64> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    let work = crate::projects::services::access::may_work(actor, seen)?;
    let mut e = Vec::new();
    let mut text = |field: &str, value: &str, max: usize, required: bool| {
        let r = if required {
            required_text(field, value, max)
        } else {
            optional_text(field, value, max)
        };
        r.map_err(|x| e.push(x)).unwrap_or_default()
    };
    let description = text("description", &p.description, 1000, true);
    let raised_by = text("raised_by", &p.raised_by, 50, false);
    let owner_unit = text("owner_unit", &p.owner_unit, 50, true);
    let owner_person = text("owner_person", &p.owner_person, 50, true);
    let unit_head = text("unit_head", &p.unit_head, 50, true);
    let leader = text("leader", &p.leader, 50, false);
    let principal = text("principal", &p.principal, 50, true);
    if !(1..=60).contains(&p.working_days) {
        e.push(FieldError::new("working_days", "error.projects.working_days").arg("max", 60));
    }
    check(e)?;
    let calendar = crate::platform::calendar::services::calendar(db).await?;
    let today = db.clock.today();
    let row = ProblemRow {
        id: 0,
        project_id,
        description,
        raised_on: today.to_string(),
        raised_by: if raised_by.is_empty() { actor.display_name.clone() } else { raised_by },
        owner_unit,
        owner_person,
        unit_head,
        leader: if leader.is_empty() { work.row().leader.clone() } else { leader },
        principal,
        deadline: deadline(&calendar, today, p.working_days).to_string(),
        rung: Rung::Owner.as_str().into(),
        solved_on: None,
        solution: String::new(),
    };
    let mut tx = db.begin().await?;
    let id = crate::projects::store::problems::insert(&mut tx, &row).await?;
    let detail = serde_json::json!({ "problem": id, "description": row.description, "owner_unit": row.owner_unit, "deadline": row.deadline });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.problem", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks a problem of a project the actor works solved, saying how.
pub async fn solve(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    problem_id: i64,
    solution: &str,
) -> AppResult<()> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    crate::projects::services::access::may_work(actor, seen)?;
    let solution = required_text("solution", solution, 1000)?;
    let mut tx = db.begin().await?;
    let problem = crate::projects::store::problems::get_in(&mut tx, problem_id).await?;
    if problem.is_none_or(|p| p.project_id != project_id) {
        return Err(AppError::NotFound);
    }
    let today = db.clock.today().to_string();
    if !crate::projects::store::problems::solve(&mut tx, problem_id, &today, &solution).await? {
        return Err(AppError::Conflict("error.projects.problem_solved"));
    }
    let detail = serde_json::json!({ "problem": problem_id, "solution": solution });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.problem_solved", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn lines(
    rows: Vec<(ProblemRow, String)>,
    climbs: &[(i64, String, String, String)],
    today: &str,
) -> Vec<ProblemLine> {
    rows.into_iter()
        .map(|(problem, project)| ProblemLine {
            overdue: problem.solved_on.is_none() && problem.deadline.as_str() < today,
            climbs: climbs
                .iter()
                .filter(|c| c.0 == problem.id)
                .map(|c| Climb { rung: c.1.clone(), climbed_on: c.2.clone(), to_whom: c.3.clone() })
                .collect(),
            project,
            problem,
        })
        .collect()
}

/// A project's problems with their climbs.
pub async fn of_project(db: &Db, actor: &Actor, project_id: i64) -> AppResult<Vec<ProblemLine>> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    let name = seen.row().name.clone();
    let rows = crate::projects::store::problems::of_project(&db.pool, project_id).await?;
    let climbs = crate::projects::store::problems::climbs_of(&db.pool, project_id).await?;
    let rows = rows.into_iter().map(|r| (r, name.clone())).collect();
    Ok(lines(rows, &climbs, &db.clock.today().to_string()))
}

/// A page of the ledger of a visible unit's projects, open problems first.
pub async fn ledger(
    db: &Db,
    actor: &Actor,
    unit_id: Option<i64>,
    open: bool,
    paging: Paging,
) -> AppResult<Page<ProblemLine>> {
    let unit_id = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let (rows, total) = crate::projects::store::problems::of_subtree(
        &db.pool,
        &unit.subtree_range(),
        open,
        paging.page_size,
        paging.offset(),
    )
    .await?;
    let mut climbs = Vec::new();
    let mut projects: Vec<i64> = rows.iter().map(|(r, _)| r.project_id).collect();
    projects.sort_unstable();
    projects.dedup();
    for p in projects {
        climbs.extend(crate::projects::store::problems::climbs_of(&db.pool, p).await?);
    }
    Ok(Page { items: lines(rows, &climbs, &db.clock.today().to_string()), total, paging })
}

/// The scheduler's sweep: every open problem past its deadline climbs to the rung due today,
/// each climb dated the working day it fell due; how many climbs.
pub async fn sweep(db: &Db, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<usize> {
    let today = crate::platform::time::day_of(now);
    let calendar = crate::platform::calendar::services::calendar(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut done = 0;
    'problems: for p in
        crate::projects::store::problems::overdue(&db.pool, &today.to_string()).await?
    {
        let Ok(due) = p.deadline.parse() else { continue };
        let stood: Rung = p.rung.parse().unwrap_or(Rung::Owner);
        let next: Vec<(Rung, chrono::NaiveDate)> =
            climbs(&calendar, due, today).into_iter().filter(|(r, _)| *r > stood).collect();
        if next.is_empty() {
            continue;
        }
        let mut tx = db.begin().await?;
        for (rung, on) in &next {
            let whom = match rung {
                Rung::Owner => &p.owner_person,
                Rung::UnitHead => &p.unit_head,
                Rung::LeaderInCharge => &p.leader,
                Rung::PrincipalLeader => &p.principal,
            };
            let on = on.to_string();
            if !crate::projects::store::problems::climb(&mut tx, p.id, rung.as_str(), &on, whom)
                .await?
            {
                // Solved since it was read: nothing climbs.
                tx.rollback().await?;
                continue 'problems;
            }
        }
        let detail = serde_json::json!({ "problem": p.id, "rungs": next.iter().map(|(r, on)| (r.as_str(), on.to_string())).collect::<Vec<_>>() });
        let system = Actor::system();
        crate::platform::audit::append(
            &mut tx,
            system.audit("project.problem_climbed", format!("project:{}", p.project_id), detail),
        )
        .await?;
        tx.commit().await?;
        done += next.len();
    }
    Ok(done)
}

/// The sweep's name in `scheduled_jobs`.
pub const LADDER_SWEEP: &str = "problem_ladder";

/// The sweep as a job of the scheduler.
pub fn job(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::platform::capability::Work<'_, Option<String>> {
    Box::pin(async move {
        let n = sweep(db, now).await?;
        Ok((n > 0).then(|| format!("project problems: {n} climbs of the ladder")))
    })
}

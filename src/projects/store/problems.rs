//! The `project_problems` and `problem_climbs` tables.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A problem as stored.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ProblemRow {
    /// Id.
    pub id: i64,
    /// Its project.
    pub project_id: i64,
    /// What it is.
    pub description: String,
    /// When it was raised.
    pub raised_on: String,
    /// Who raised it.
    pub raised_by: String,
    /// The unit it was given to.
    pub owner_unit: String,
    /// The person there who answers for it.
    pub owner_person: String,
    /// The head of that unit, the ladder's second rung.
    pub unit_head: String,
    /// The zone leader in charge, the third.
    pub leader: String,
    /// The principal leader, the top.
    pub principal: String,
    /// Its deadline, a working day.
    pub deadline: String,
    /// Who answers for it now (`owner`, `unit_head`, `leader_in_charge`, `principal_leader`).
    pub rung: String,
    /// When it was solved.
    pub solved_on: Option<String>,
    /// How.
    pub solution: String,
}

const COLUMNS: &str = "id, project_id, description, raised_on, raised_by, owner_unit, \
    owner_person, unit_head, leader, principal, deadline, rung, solved_on, solution";

/// Writes a problem; its id.
pub async fn insert(tx: &mut Tx, p: &ProblemRow) -> sqlx::Result<i64> {
    let now = tx.now();
    sqlx::query_scalar(
        "INSERT INTO project_problems (project_id, description, raised_on, raised_by, owner_unit, \
         owner_person, unit_head, leader, principal, deadline, rung, solved_on, solution, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(p.project_id)
    .bind(&p.description)
    .bind(&p.raised_on)
    .bind(&p.raised_by)
    .bind(&p.owner_unit)
    .bind(&p.owner_person)
    .bind(&p.unit_head)
    .bind(&p.leader)
    .bind(&p.principal)
    .bind(&p.deadline)
    .bind(&p.rung)
    .bind(&p.solved_on)
    .bind(&p.solution)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await
}

/// A problem by id, inside a transaction.
pub async fn get_in(tx: &mut Tx, id: i64) -> sqlx::Result<Option<ProblemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_problems WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// A project's problems, oldest first.
pub async fn of_project(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<ProblemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_problems WHERE project_id = $1 ORDER BY id"
    )))
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// A page of the problems of the projects of a subtree, open first, then by deadline; and how
/// many there are. `open` keeps only those not solved.
pub async fn of_subtree(
    pool: &AnyPool,
    range: &(String, String),
    open: bool,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<(ProblemRow, String)>, i64)> {
    let cond = format!(
        " FROM project_problems q JOIN projects p ON p.id = q.project_id \
         WHERE p.unit_path >= $1 AND p.unit_path < $2{}",
        if open { " AND q.solved_on IS NULL" } else { "" }
    );
    let cols: Vec<String> = COLUMNS.split(", ").map(|c| format!("q.{c}")).collect();
    #[derive(sqlx::FromRow)]
    struct Named {
        #[sqlx(flatten)]
        row: ProblemRow,
        project: String,
    }
    let rows: Vec<Named> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {}, p.name AS project{cond} ORDER BY (q.solved_on IS NULL) DESC, q.deadline, q.id \
         LIMIT {limit} OFFSET {offset}",
        cols.join(", ")
    )))
    .bind(&range.0)
    .bind(&range.1)
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*){cond}")))
        .bind(&range.0)
        .bind(&range.1)
        .fetch_one(pool)
        .await?;
    Ok((rows.into_iter().map(|n| (n.row, n.project)).collect(), total))
}

/// The open problems whose deadline has passed, for the ladder's sweep.
pub async fn overdue(pool: &AnyPool, today: &str) -> sqlx::Result<Vec<ProblemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_problems WHERE solved_on IS NULL AND deadline < $1 \
         AND rung <> 'principal_leader' ORDER BY id"
    )))
    .bind(today)
    .fetch_all(pool)
    .await
}

/// Records a climb and sets the rung the problem stands on, unless it was solved meanwhile;
/// whether it climbed.
pub async fn climb(
    tx: &mut Tx,
    id: i64,
    rung: &str,
    on: &str,
    to_whom: &str,
) -> sqlx::Result<bool> {
    let open =
        sqlx::query("UPDATE project_problems SET rung = $1 WHERE id = $2 AND solved_on IS NULL")
            .bind(rung)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    if open.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO problem_climbs (problem_id, rung, climbed_on, to_whom) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(rung)
        .bind(on)
        .bind(to_whom)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// The climbs of a project's problems: (problem, rung, day, to whom), in order.
pub async fn climbs_of(
    pool: &AnyPool,
    project_id: i64,
) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    sqlx::query_as(
        "SELECT c.problem_id, c.rung, c.climbed_on, c.to_whom FROM problem_climbs c \
         JOIN project_problems q ON q.id = c.problem_id WHERE q.project_id = $1 ORDER BY c.id",
    )
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// Marks a problem solved, if it was not; whether this did.
/// Closes every open problem of a project on a day with one solution (the project cancelled,
/// so nothing is left to solve and no ladder to climb); how many.
pub async fn close_open(
    tx: &mut Tx,
    project_id: i64,
    on: &str,
    solution: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE project_problems SET solved_on = $1, solution = $2 \
         WHERE project_id = $3 AND solved_on IS NULL",
    )
    .bind(on)
    .bind(solution)
    .bind(project_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Marks one problem solved, unless it was; whether it was not.
pub async fn solve(tx: &mut Tx, id: i64, on: &str, solution: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE project_problems SET solved_on = $1, solution = $2 WHERE id = $3 AND solved_on IS NULL")
        .bind(on)
        .bind(solution)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

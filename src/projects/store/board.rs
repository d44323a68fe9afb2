//! What the battle map and the Gantt read: each project's status columns, brought up to date
//! from its gates, and the named baselines with their planned gates.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Brings a project's status columns up to date from its gates.
pub async fn refresh(tx: &mut Tx, project_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE projects SET \
         next_gate_on = (SELECT MIN(g.planned_on) FROM project_gates g WHERE g.project_id = $1 \
           AND g.actual_on IS NULL AND g.planned_on IS NOT NULL), \
         done = CASE WHEN EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = $1 \
           AND g.gate IN ('completed', 'production', 'capacity') AND g.actual_on IS NOT NULL) \
           THEN 1 ELSE 0 END, \
         slipped = CASE WHEN EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = $1 \
           AND g.actual_on > g.planned_on) THEN 1 ELSE 0 END \
         WHERE id = $1",
    )
    .bind(project_id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// A project as the battle map draws it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pin {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Longitude (GCJ-02).
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Its status on the day asked: 3 done, 2 a planned gate's day gone by without it, 1 a gate
    /// passed after its plan, 0 on schedule.
    pub status: i64,
}

/// The projects of a subtree with their status on `today`, at most `limit`, optionally of a
/// level and an industry prefix; cancelled ones left out. The status is reckoned here, in one
/// scan of the status columns.
pub async fn pins(
    pool: &AnyPool,
    range: &(String, String),
    today: &str,
    level: Option<&str>,
    industry: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<Pin>> {
    let mut sql = String::from(
        "SELECT id, name, lon, lat, CASE WHEN done = 1 THEN 3 WHEN next_gate_on < $3 THEN 2 \
         WHEN slipped = 1 THEN 1 ELSE 0 END AS status FROM projects \
         WHERE unit_path >= $1 AND unit_path < $2 AND cancelled_on IS NULL",
    );
    let mut texts = vec![range.0.clone(), range.1.clone(), today.to_string()];
    if let Some(l) = level {
        texts.push(l.to_string());
        sql.push_str(&format!(" AND level = ${}", texts.len()));
    }
    if let Some(i) = industry {
        texts.push(i.to_string());
        sql.push_str(&format!(" AND industry >= ${}", texts.len()));
        texts.push(format!("{i}\u{10FFFF}"));
        sql.push_str(&format!(" AND industry < ${}", texts.len()));
    }
    sql.push_str(&format!(" ORDER BY id LIMIT {limit}"));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for t in &texts {
        q = q.bind(t);
    }
    q.fetch_all(pool).await
}

/// A baseline's planned gate: (project, name, cancelled on, gate, planned on).
pub type PlannedGate = (i64, String, Option<String>, String, Option<String>);

/// A gate as it stands: (project, name, cancelled on, gate, planned on, actual on).
pub type CurrentGate = (i64, String, Option<String>, String, Option<String>, Option<String>);

/// A baseline as stored.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct BaselineRow {
    /// Id.
    pub id: i64,
    /// Its name (`2015年初计划`).
    pub name: String,
    /// The unit whose projects it holds.
    pub unit_id: i64,
    /// Its path.
    pub unit_path: String,
    /// Who took it.
    pub taken_by: String,
    /// When.
    pub taken_at: String,
}

/// Takes a baseline of a subtree: its row, then the planned gates of every project there,
/// cancelled ones included, copied in one statement; its id.
pub async fn take(
    tx: &mut Tx,
    name: &str,
    (unit_id, unit_path): (i64, &str),
    range: &(String, String),
    by: &str,
) -> sqlx::Result<i64> {
    let now = tx.now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO project_baselines (name, unit_id, unit_path, taken_by, taken_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(unit_id)
    .bind(unit_path)
    .bind(by)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO baseline_gates (baseline_id, project_id, project_name, cancelled_on, gate, planned_on) \
         SELECT $1, p.id, p.name, p.cancelled_on, g.gate, g.planned_on FROM projects p \
         JOIN project_gates g ON g.project_id = p.id \
         WHERE p.unit_path >= $2 AND p.unit_path < $3",
    )
    .bind(id)
    .bind(&range.0)
    .bind(&range.1)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// The baselines of a subtree's units, newest first.
pub async fn baselines(pool: &AnyPool, range: &(String, String)) -> sqlx::Result<Vec<BaselineRow>> {
    sqlx::query_as(
        "SELECT id, name, unit_id, unit_path, taken_by, taken_at FROM project_baselines \
         WHERE unit_path >= $1 AND unit_path < $2 ORDER BY id DESC",
    )
    .bind(&range.0)
    .bind(&range.1)
    .fetch_all(pool)
    .await
}

/// A baseline by id.
pub async fn baseline(pool: &AnyPool, id: i64) -> sqlx::Result<Option<BaselineRow>> {
    sqlx::query_as("SELECT id, name, unit_id, unit_path, taken_by, taken_at FROM project_baselines WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A baseline's planned gates: (project, name, cancelled on, gate, planned on), by project.
pub async fn baseline_gates(pool: &AnyPool, id: i64) -> sqlx::Result<Vec<PlannedGate>> {
    sqlx::query_as(
        "SELECT project_id, project_name, cancelled_on, gate, planned_on FROM baseline_gates \
         WHERE baseline_id = $1 ORDER BY project_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The gates of the projects of a subtree as they stand, for the Gantt: (project, name,
/// cancelled on, gate, planned on, actual on), by project; at most `limit` projects, the
/// largest first.
pub async fn current_gates(
    pool: &AnyPool,
    range: &(String, String),
    level: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<CurrentGate>> {
    let level_cond = if level.is_some() { " AND level = $3" } else { "" };
    let sql = format!(
        "SELECT p.id, p.name, p.cancelled_on, g.gate, g.planned_on, g.actual_on FROM \
         (SELECT id, name, cancelled_on, total_fen FROM projects WHERE unit_path >= $1 AND unit_path < $2{level_cond} \
          ORDER BY total_fen DESC, id LIMIT {limit}) p \
         JOIN project_gates g ON g.project_id = p.id ORDER BY p.total_fen DESC, p.id"
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&range.0).bind(&range.1);
    if let Some(l) = level {
        q = q.bind(l);
    }
    q.fetch_all(pool).await
}

/// A baseline's planned gates of these projects, and of the cancelled ones it holds that lie in
/// the subtree `range`.
pub async fn baseline_gates_of(
    pool: &AnyPool,
    id: i64,
    projects: &[i64],
    range: &(String, String),
) -> sqlx::Result<Vec<PlannedGate>> {
    // Ids are integers the service read, never text from a request.
    let list: Vec<String> = projects.iter().map(i64::to_string).collect();
    let ids = if list.is_empty() { "0".to_string() } else { list.join(", ") };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT project_id, project_name, cancelled_on, gate, planned_on FROM baseline_gates \
         WHERE baseline_id = $1 AND (project_id IN ({ids}) OR (cancelled_on IS NOT NULL AND project_id IN \
           (SELECT p.id FROM projects p WHERE p.unit_path >= $2 AND p.unit_path < $3))) ORDER BY project_id"
    )))
    .bind(id)
    .bind(&range.0)
    .bind(&range.1)
    .fetch_all(pool)
    .await
}

/// Each project of a subtree with a plan for `year`: (id, name, unit, planned, completed in
/// the year through `through` (a month, `YYYY-MM`), counting only what the statistics count:
/// the whole of a project under the library's line, else only once it is in the library), of
/// the projects not cancelled by `alive_on`.
pub async fn year_progress(
    pool: &AnyPool,
    range: &(String, String),
    (year, through, alive_on): (i64, &str, &str),
    library_from_fen: i64,
) -> sqlx::Result<Vec<(i64, String, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT p.id, p.name, p.unit_id, pl.planned_fen, CAST((SELECT COALESCE(SUM(CASE \
           WHEN p.total_fen < $5 OR r.in_library = 1 THEN r.invested_fen ELSE 0 END), 0) \
           FROM project_reports r WHERE r.project_id = p.id AND r.period >= $3 AND r.period <= $4) AS BIGINT) \
         FROM projects p JOIN project_plans pl ON pl.project_id = p.id AND pl.year = $6 \
         WHERE p.unit_path >= $1 AND p.unit_path < $2 AND (p.cancelled_on IS NULL OR p.cancelled_on > $7) \
         ORDER BY p.unit_id, p.id",
    )
    .bind(&range.0)
    .bind(&range.1)
    .bind(format!("{year:04}-01"))
    .bind(format!("{through}-9"))
    .bind(library_from_fen)
    .bind(year)
    .bind(alive_on)
    .fetch_all(pool)
    .await
}

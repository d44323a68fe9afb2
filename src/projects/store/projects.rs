//! The `projects` table, with its plans by year and its team.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A project as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Level (`projects::domain::Level`).
    pub level: String,
    /// GB/T 4754 division code.
    pub industry: String,
    /// The owner, an organisation of the registry.
    pub owner_id: Option<i64>,
    /// The township it lies in.
    pub unit_id: i64,
    /// The township's path.
    pub unit_path: String,
    /// The department responsible, where not the township.
    pub department_id: Option<i64>,
    /// Its point (GCJ-02, as the zone's maps draw).
    pub lon: Option<f64>,
    /// Its point.
    pub lat: Option<f64>,
    /// Construction content and scale.
    pub content: String,
    /// Total investment.
    pub total_fen: i64,
    /// The responsible leader.
    pub leader: String,
    /// When it was cancelled, if it was.
    pub cancelled_on: Option<String>,
    /// Why.
    pub cancel_reason: String,
}

const COLUMNS: &str = "id, name, level, industry, owner_id, unit_id, unit_path, department_id, \
                       lon, lat, content, total_fen, leader, cancelled_on, cancel_reason";

/// Writes a project (its id ignored); its id.
pub async fn insert(tx: &mut Tx, p: &ProjectRow) -> sqlx::Result<i64> {
    let now = tx.now();
    sqlx::query_scalar(
        "INSERT INTO projects (name, level, industry, owner_id, unit_id, unit_path, department_id, \
         lon, lat, content, total_fen, leader, cancelled_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(&p.name)
    .bind(&p.level)
    .bind(&p.industry)
    .bind(p.owner_id)
    .bind(p.unit_id)
    .bind(&p.unit_path)
    .bind(p.department_id)
    .bind(p.lon)
    .bind(p.lat)
    .bind(&p.content)
    .bind(p.total_fen)
    .bind(&p.leader)
    .bind(&p.cancelled_on)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await
}

/// Cancels a project on a day for a reason, unless it was cancelled already; whether it was.
pub async fn cancel(tx: &mut Tx, id: i64, on: &str, reason: &str) -> sqlx::Result<bool> {
    let now = tx.now();
    let done = sqlx::query(
        "UPDATE projects SET cancelled_on = $2, cancel_reason = $3, updated_at = $4 \
         WHERE id = $1 AND cancelled_on IS NULL",
    )
    .bind(id)
    .bind(on)
    .bind(reason)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A project by id.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<ProjectRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM projects WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// How projects are found: a subtree, and optionally a level, an industry section or
/// division prefix, or a set of ids (the projects behind a figure).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The subtree `[start, end)` of their township.
    pub range: (String, String),
    /// Only this level.
    pub level: Option<String>,
    /// Only industry codes starting with this.
    pub industry: Option<String>,
    /// Only these ids.
    pub ids: Option<Vec<i64>>,
    /// Only those whose furthest stage is one of these gates' (passed one of the first list,
    /// none of the second: the gates of the later stages).
    pub stage: Option<(Vec<String>, Vec<String>)>,
    /// Only those started between these days (inclusive).
    pub started: Option<(String, String)>,
    /// Sort by name rather than total investment; descending.
    pub sort: Option<(bool, bool)>,
}

fn filter_sql(f: &Filter) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE unit_path >= $1 AND unit_path < $2");
    let mut texts = vec![f.range.0.clone(), f.range.1.clone()];
    if let Some(level) = &f.level {
        texts.push(level.clone());
        sql.push_str(&format!(" AND level = ${}", texts.len()));
    }
    if let Some(industry) = &f.industry {
        texts.push(industry.clone());
        sql.push_str(&format!(" AND industry >= ${}", texts.len()));
        texts.push(format!("{industry}\u{10FFFF}"));
        sql.push_str(&format!(" AND industry < ${}", texts.len()));
    }
    let marks = |texts: &mut Vec<String>, values: &[String]| -> String {
        let start = texts.len();
        texts.extend(values.iter().cloned());
        (start + 1..=texts.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
    };
    if let Some((this, later)) = &f.stage {
        let this = marks(&mut texts, this);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = projects.id \
             AND g.actual_on IS NOT NULL AND g.gate IN ({this}))"
        ));
        if !later.is_empty() {
            let later = marks(&mut texts, later);
            sql.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = projects.id \
                 AND g.actual_on IS NOT NULL AND g.gate IN ({later}))"
            ));
        }
    }
    if let Some((from, to)) = &f.started {
        let days = marks(&mut texts, &[from.clone(), to.clone()]);
        let (a, b) = days.split_once(", ").unwrap_or_default();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = projects.id \
             AND g.gate = 'started' AND g.actual_on >= {a} AND g.actual_on <= {b})"
        ));
    }
    if let Some(ids) = &f.ids {
        // Ids are integers the service computed, never text from a request.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        sql.push_str(&format!(
            " AND id IN ({})",
            if list.is_empty() { "0".into() } else { list.join(", ") }
        ));
    }
    (sql, texts)
}

/// A page of projects by total investment, largest first, and how many match.
pub async fn list(
    pool: &AnyPool,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ProjectRow>, i64)> {
    let (cond, texts) = filter_sql(f);
    let order = match f.sort {
        Some((true, false)) => "name, id",
        Some((true, true)) => "name DESC, id",
        Some((false, false)) => "total_fen, id",
        _ => "total_fen DESC, id",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM projects{cond} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for t in &texts {
        q = q.bind(t);
    }
    let rows = q.fetch_all(pool).await?;
    let mut count =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM projects{cond}")));
    for t in &texts {
        count = count.bind(t);
    }
    Ok((rows, count.fetch_one(pool).await?))
}

/// The names of the projects of these ids that exist.
pub async fn names(pool: &AnyPool, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name FROM projects WHERE id IN ({})",
        list.join(", ")
    )))
    .fetch_all(pool)
    .await
}

/// Writes the investment planned for a year.
pub async fn plan(tx: &mut Tx, project_id: i64, year: i32, planned_fen: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO project_plans (project_id, year, planned_fen) VALUES ($1, $2, $3)")
        .bind(project_id)
        .bind(year as i64)
        .bind(planned_fen)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// The investment planned, by year.
pub async fn plans(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT year, planned_fen FROM project_plans WHERE project_id = $1 ORDER BY year",
    )
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// Adds a member of the team.
pub async fn add_member(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    duty: &str,
    phone: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO project_team (project_id, name, duty, phone) VALUES ($1, $2, $3, $4)")
        .bind(project_id)
        .bind(name)
        .bind(duty)
        .bind(phone)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// The team: (name, duty, phone), in the order they were added.
pub async fn team(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT name, duty, phone FROM project_team WHERE project_id = $1 ORDER BY id")
        .bind(project_id)
        .fetch_all(pool)
        .await
}

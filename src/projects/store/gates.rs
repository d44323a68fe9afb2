//! The `project_gates` table: each gate of a project, planned and actual.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A gate as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GateRow {
    /// Its project.
    pub project_id: i64,
    /// Which gate (`projects::domain::gates::Gate`).
    pub gate: String,
    /// Planned day.
    pub planned_on: Option<String>,
    /// Actual day, once passed.
    pub actual_on: Option<String>,
    /// Who passed it.
    pub passed_by: String,
    /// The document or photo that shows it.
    pub evidence: String,
    /// The user who recorded it.
    pub recorded_by: String,
}

const COLUMNS: &str = "project_id, gate, planned_on, actual_on, passed_by, evidence, recorded_by";

/// The gates of a project that have a row.
pub async fn of_project(pool: &AnyPool, project_id: i64) -> sqlx::Result<Vec<GateRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_gates WHERE project_id = $1"
    )))
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// The same, inside a transaction (read before a gate is passed).
pub async fn of_project_in(tx: &mut Tx, project_id: i64) -> sqlx::Result<Vec<GateRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM project_gates WHERE project_id = $1"
    )))
    .bind(project_id)
    .fetch_all(&mut **tx)
    .await
}

/// Writes a gate, planned or passed, replacing what it held.
pub async fn put(tx: &mut Tx, g: &GateRow) -> sqlx::Result<()> {
    let now = tx.now();
    sqlx::query(
        "INSERT INTO project_gates (project_id, gate, planned_on, actual_on, passed_by, evidence, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (project_id, gate) DO UPDATE SET planned_on = excluded.planned_on, \
         actual_on = excluded.actual_on, passed_by = excluded.passed_by, \
         evidence = excluded.evidence, recorded_by = excluded.recorded_by, \
         recorded_at = excluded.recorded_at",
    )
    .bind(g.project_id)
    .bind(&g.gate)
    .bind(&g.planned_on)
    .bind(&g.actual_on)
    .bind(&g.passed_by)
    .bind(&g.evidence)
    .bind(&g.recorded_by)
    .bind(&now)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// The gates these projects passed: (project, gate, day).
pub async fn passed_of(pool: &AnyPool, ids: &[i64]) -> sqlx::Result<Vec<(i64, String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers the service read, never text from a request.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT project_id, gate, actual_on FROM project_gates \
         WHERE actual_on IS NOT NULL AND project_id IN ({})",
        list.join(", ")
    )))
    .fetch_all(pool)
    .await
}

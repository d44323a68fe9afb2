//! The weekly inspection list (周督查) of a subtree on a day, in one query so that it pages with
//! a total: gates whose planned day passed without them, key projects under construction with
//! no report for the last month already due, reports of that month sent late, and problems
//! past their deadline.

use sqlx::AnyPool;

/// One item as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    /// `gate`, `report_missing`, `report_late` or `problem`.
    pub kind: String,
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub project: String,
    /// The unit it lies in.
    pub unit_id: i64,
    /// Who answers for it: the project's leader, the report's sender, or the problem's owner.
    pub owner: String,
    /// The gate, the period, or the problem's description.
    pub detail: String,
    /// The problem's rung on its ladder; empty for the others.
    pub rung: String,
    /// The day it was due.
    pub due_on: String,
    /// The report's or problem's id (0 for the others), which with the project and the detail
    /// tells one item from another, so that pages neither skip nor repeat one.
    pub ref_id: i64,
}

/// Binds: $1, $2 the subtree; $3 the day; $4 the month checked (`YYYY-MM`); $5 its due day.
/// Gates and problems are seen as they stood on the day; reports as they stand.
const ITEMS: &str = "\
    SELECT 'gate' AS kind, p.id AS project_id, p.name AS project, p.unit_id, p.leader AS owner, \
      g.gate AS detail, '' AS rung, g.planned_on AS due_on, CAST(0 AS BIGINT) AS ref_id \
    FROM projects p JOIN project_gates g ON g.project_id = p.id \
    WHERE p.unit_path >= $1 AND p.unit_path < $2 AND (p.cancelled_on IS NULL OR p.cancelled_on > $3) \
      AND g.planned_on < $3 AND (g.actual_on IS NULL OR g.actual_on > $3) \
    UNION ALL \
    SELECT 'report_missing', p.id, p.name, p.unit_id, p.leader, CAST($4 AS TEXT), '', \
      CAST($5 AS TEXT), CAST(0 AS BIGINT) FROM projects p \
    WHERE p.unit_path >= $1 AND p.unit_path < $2 AND (p.cancelled_on IS NULL OR p.cancelled_on > $3) \
      AND p.level <> 'promotion' \
      AND EXISTS (SELECT 1 FROM project_gates s WHERE s.project_id = p.id AND s.gate = 'started' \
        AND s.actual_on <= $4 || '-31') \
      AND NOT EXISTS (SELECT 1 FROM project_gates c WHERE c.project_id = p.id \
        AND c.gate = 'completed' AND c.actual_on < $4 || '-01') \
      AND NOT EXISTS (SELECT 1 FROM project_reports r WHERE r.project_id = p.id \
        AND r.period >= $4 AND r.period <= $4 || '-9') \
    UNION ALL \
    SELECT 'report_late', p.id, p.name, p.unit_id, r.submitted_by, r.period, '', r.due_on, r.id \
    FROM project_reports r JOIN projects p ON p.id = r.project_id \
    WHERE p.unit_path >= $1 AND p.unit_path < $2 AND (p.cancelled_on IS NULL OR p.cancelled_on > $3) \
      AND r.late = 1 \
      AND r.period >= $4 AND r.period <= $4 || '-9' \
    UNION ALL \
    SELECT 'problem', p.id, p.name, p.unit_id, q.owner_unit || ' ' || q.owner_person, \
      q.description, q.rung, q.deadline, q.id \
    FROM project_problems q JOIN projects p ON p.id = q.project_id \
    WHERE p.unit_path >= $1 AND p.unit_path < $2 AND q.raised_on <= $3 AND q.deadline < $3 \
      AND (q.solved_on IS NULL OR q.solved_on > $3)";

/// A page of the items, the longest overdue first, and how many there are.
pub async fn items(
    pool: &AnyPool,
    range: &(String, String),
    (day, month, due): (&str, &str, &str),
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ItemRow>, i64)> {
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM ({ITEMS}) i ORDER BY i.due_on, i.kind, i.project_id, i.ref_id, i.detail \
         LIMIT {limit} OFFSET {offset}"
    )))
    .bind(&range.0)
    .bind(&range.1)
    .bind(day)
    .bind(month)
    .bind(due)
    .fetch_all(pool)
    .await?;
    let total =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM ({ITEMS}) i")))
            .bind(&range.0)
            .bind(&range.1)
            .bind(day)
            .bind(month)
            .bind(due)
            .fetch_one(pool)
            .await?;
    Ok((rows, total))
}

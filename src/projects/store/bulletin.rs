//! What a bulletin (月通报) or a quarterly analysis (季分析) says of the projects of a subtree over
//! a span of days: how many projects of each level, which passed a milestone gate in the span,
//! and the problem ledger's movement. Binds: $1, $2 the subtree; $3, $4 the span's first and
//! last day (the last no later than today).

use sqlx::AnyPool;

/// The projects of each level on the span's last day (not cancelled by then): (level, count).
pub async fn levels(
    pool: &AnyPool,
    range: &(String, String),
    to: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT level, COUNT(*) FROM projects WHERE unit_path >= $1 AND unit_path < $2 \
         AND (cancelled_on IS NULL OR cancelled_on > $3) GROUP BY level ORDER BY level",
    )
    .bind(&range.0)
    .bind(&range.1)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// A milestone passed in the span.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Milestone {
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub name: String,
    /// Its level.
    pub level: String,
    /// `started`, `completed` or `production`.
    pub gate: String,
    /// The day.
    pub actual_on: String,
}

const MILESTONES: &str = "FROM project_gates g JOIN projects p ON p.id = g.project_id \
    WHERE p.unit_path >= $1 AND p.unit_path < $2 AND g.gate IN ('started', 'completed', 'production') \
    AND g.actual_on >= $3 AND g.actual_on <= $4";

/// The milestones passed in the span, by day, at most `limit`; and how many of each gate there
/// were, key projects and promotion deals apart: (gate, promotion 0/1, count).
pub async fn milestones(
    pool: &AnyPool,
    range: &(String, String),
    (from, to): (&str, &str),
    limit: i64,
) -> sqlx::Result<(Vec<Milestone>, Vec<(String, i64, i64)>)> {
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id AS project_id, p.name, p.level, g.gate, g.actual_on {MILESTONES} \
         ORDER BY g.actual_on, p.id, g.gate LIMIT {limit}"
    )))
    .bind(&range.0)
    .bind(&range.1)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let counts = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT g.gate, CASE WHEN p.level = 'promotion' THEN 1 ELSE 0 END, COUNT(*) {MILESTONES} \
         GROUP BY 1, 2 ORDER BY 1, 2"
    )))
    .bind(&range.0)
    .bind(&range.1)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok((rows, counts))
}

/// The problem ledger over the span: raised in it, solved in it, open on its last day, and of
/// those past their deadline.
pub async fn problems(
    pool: &AnyPool,
    range: &(String, String),
    (from, to): (&str, &str),
) -> sqlx::Result<(i64, i64, i64, i64)> {
    let (raised, solved, open, overdue): (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT CAST(SUM(CASE WHEN q.raised_on >= $3 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN q.solved_on >= $3 AND q.solved_on <= $4 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN q.solved_on IS NULL OR q.solved_on > $4 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN (q.solved_on IS NULL OR q.solved_on > $4) AND q.deadline < $4 \
               THEN 1 ELSE 0 END) AS BIGINT) \
             FROM project_problems q JOIN projects p ON p.id = q.project_id \
             WHERE p.unit_path >= $1 AND p.unit_path < $2 AND q.raised_on <= $4",
        )
        .bind(&range.0)
        .bind(&range.1)
        .bind(from)
        .bind(to)
        .fetch_one(pool)
        .await?;
    let n = |v: Option<i64>| v.unwrap_or(0);
    Ok((n(raised), n(solved), n(open), n(overdue)))
}

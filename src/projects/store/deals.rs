//! The promotion deals (`promotion_deals`), the funds that arrived for them (`funds_arrivals`)
//! and the funding won from higher levels (`higher_funding`): what the rates are made of.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A deal as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DealRow {
    /// Its project.
    pub project_id: i64,
    /// 签约额.
    pub contract_value_fen: i64,
    /// 合同引进资金.
    pub contract_funds_fen: i64,
    /// How the investor was found (`projects::domain::Source`).
    pub source: String,
    /// The region of a regional drive (京津冀).
    pub region: String,
    /// Talks began.
    pub negotiation_on: Option<String>,
    /// A framework agreement signed.
    pub framework_on: Option<String>,
    /// Terminated, if it was.
    pub terminated_on: Option<String>,
    /// Why.
    pub termination_reason: String,
}

const COLUMNS: &str = "project_id, contract_value_fen, contract_funds_fen, source, region, \
                       negotiation_on, framework_on, terminated_on, termination_reason";

/// Writes a deal.
pub async fn insert(tx: &mut Tx, d: &DealRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO promotion_deals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )))
    .bind(d.project_id)
    .bind(d.contract_value_fen)
    .bind(d.contract_funds_fen)
    .bind(&d.source)
    .bind(&d.region)
    .bind(&d.negotiation_on)
    .bind(&d.framework_on)
    .bind(&d.terminated_on)
    .bind(&d.termination_reason)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// The deal of a project, if it is one.
pub async fn get(pool: &AnyPool, project_id: i64) -> sqlx::Result<Option<DealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM promotion_deals WHERE project_id = $1"
    )))
    .bind(project_id)
    .fetch_optional(pool)
    .await
}

/// Records money that arrived for a deal.
pub async fn arrived(
    tx: &mut Tx,
    project_id: i64,
    on: &str,
    amount_fen: i64,
    note: &str,
) -> sqlx::Result<()> {
    let now = tx.now();
    sqlx::query(
        "INSERT INTO funds_arrivals (project_id, arrived_on, amount_fen, note, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(on)
    .bind(amount_fen)
    .bind(note)
    .bind(&now)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// The deals signed between two days (inclusive) in a subtree: each deal with its project's
/// name; then every gate they passed by `by` and the funds arrived by then, by project.
pub struct Cohort {
    /// (deal, project name).
    pub deals: Vec<(DealRow, String)>,
    /// (project, gate, day) passed by the day.
    pub passed: Vec<(i64, String, String)>,
    /// (project, funds arrived by the day).
    pub arrived: Vec<(i64, i64)>,
}

#[derive(sqlx::FromRow)]
struct Signed {
    #[sqlx(flatten)]
    deal: DealRow,
    name: String,
}

/// The rows of a query whose placeholders are the texts given, in order.
async fn fetch<O>(pool: &AnyPool, sql: String, texts: &[&str]) -> sqlx::Result<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for t in texts {
        q = q.bind(t.to_string());
    }
    q.fetch_all(pool).await
}

/// The cohort of deals signed in `[from, to]` in the subtree `range`, seen on `to`.
pub async fn cohort(
    pool: &AnyPool,
    range: &(String, String),
    from: &str,
    to: &str,
) -> sqlx::Result<Cohort> {
    const SIGNED: &str = "FROM promotion_deals d JOIN projects p ON p.id = d.project_id \
        JOIN project_gates s ON s.project_id = d.project_id AND s.gate = 'signed' \
        WHERE p.unit_path >= $1 AND p.unit_path < $2 AND s.actual_on >= $3 AND s.actual_on <= $4";
    let w = [range.0.as_str(), range.1.as_str(), from, to];
    let deals: Vec<Signed> = fetch(
        pool,
        format!(
            "SELECT d.project_id, d.contract_value_fen, d.contract_funds_fen, d.source, d.region, \
             d.negotiation_on, d.framework_on, d.terminated_on, d.termination_reason, p.name \
             {SIGNED} ORDER BY d.project_id"
        ),
        &w,
    )
    .await?;
    let passed = fetch(
        pool,
        format!(
            "SELECT g.project_id, g.gate, g.actual_on FROM project_gates g WHERE g.actual_on <= $4 \
             AND g.project_id IN (SELECT d.project_id {SIGNED})"
        ),
        &w,
    )
    .await?;
    let arrived = fetch(
        pool,
        format!(
            "SELECT a.project_id, CAST(SUM(a.amount_fen) AS BIGINT) FROM funds_arrivals a WHERE a.arrived_on <= $4 \
             AND a.project_id IN (SELECT d.project_id {SIGNED}) GROUP BY a.project_id"
        ),
        &w,
    )
    .await?;
    let deals = deals.into_iter().map(|s| (s.deal, s.name)).collect();
    Ok(Cohort { deals, passed, arrived })
}

/// Records funding won from a higher level.
pub async fn won(
    tx: &mut Tx,
    (unit_id, unit_path): (i64, &str),
    name: &str,
    channel: &str,
    amount_fen: i64,
    won_on: &str,
) -> sqlx::Result<()> {
    let now = tx.now();
    sqlx::query(
        "INSERT INTO higher_funding (unit_id, unit_path, name, channel, amount_fen, won_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(unit_id)
    .bind(unit_path)
    .bind(name)
    .bind(channel)
    .bind(amount_fen)
    .bind(won_on)
    .bind(&now)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// How many projects won funding from higher levels in a year up to a day, and how much.
pub async fn won_total(
    pool: &AnyPool,
    range: &(String, String),
    from: &str,
    to: &str,
) -> sqlx::Result<(i64, i64)> {
    let (n, sum): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(amount_fen) AS BIGINT) FROM higher_funding \
         WHERE unit_path >= $1 AND unit_path < $2 AND won_on >= $3 AND won_on <= $4",
    )
    .bind(&range.0)
    .bind(&range.1)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?;
    Ok((n, sum.unwrap_or(0)))
}

/// The latest day a deal of the subtree signed, passed a gate or received funds, not after
/// `by`: the day a dashboard without this year's records offers.
pub async fn latest_day(
    pool: &AnyPool,
    range: &(String, String),
    by: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT MAX(g.actual_on) FROM project_gates g JOIN promotion_deals d ON d.project_id = g.project_id \
         JOIN projects p ON p.id = d.project_id \
         WHERE p.unit_path >= $1 AND p.unit_path < $2 AND g.actual_on <= $3",
    )
    .bind(&range.0)
    .bind(&range.1)
    .bind(by)
    .fetch_one(pool)
    .await
}

/// The leads of a subtree on a day: deals not signed and not terminated by then, as
/// (talks began, framework signed).
pub async fn leads(
    pool: &AnyPool,
    range: &(String, String),
    by: &str,
) -> sqlx::Result<Vec<(Option<String>, Option<String>)>> {
    sqlx::query_as(
        "SELECT d.negotiation_on, d.framework_on FROM promotion_deals d JOIN projects p ON p.id = d.project_id \
         WHERE p.unit_path >= $1 AND p.unit_path < $2 \
         AND (d.terminated_on IS NULL OR d.terminated_on > $3) \
         AND NOT EXISTS (SELECT 1 FROM project_gates s WHERE s.project_id = d.project_id \
         AND s.gate = 'signed' AND s.actual_on <= $3)",
    )
    .bind(&range.0)
    .bind(&range.1)
    .bind(by)
    .fetch_all(pool)
    .await
}

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

/// Terminates a project's deal on a day for a reason, unless it was terminated before (its
/// project cancelled): the rates count it as terminated from then on.
pub async fn terminate(tx: &mut Tx, project_id: i64, on: &str, reason: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE promotion_deals SET terminated_on = $2, termination_reason = $3 \
         WHERE project_id = $1 AND terminated_on IS NULL",
    )
    .bind(project_id)
    .bind(on)
    .bind(reason)
    .execute(&mut **tx)
    .await
    .map(|_| ())
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

/// A deal signed in the window, seen on its last day: its contract, its project's name, the
/// gates it passed by then (a bit each, in `Gate::ALL` order) and the funds arrived by then.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Signed {
    /// Its project.
    pub project_id: i64,
    /// 签约额.
    pub contract_value_fen: i64,
    /// 合同引进资金.
    pub contract_funds_fen: i64,
    /// Terminated, if it was.
    pub terminated_on: Option<String>,
    /// Its project's name.
    pub name: String,
    /// Bit `i` set: the `i`-th gate of `Gate::ALL` passed by the day.
    pub passed: i64,
    /// Funds arrived by the day, fen.
    pub arrived: i64,
}

/// The deals signed in `[from, to]` in the subtree `range` ($1, $2, $3, $4), seen on `to`: each
/// deal's gates and arrivals are summed beside it through the covering indexes of migration 21.
fn cohort_sql(gates: &[&str]) -> String {
    // The gates' names are the program's own, not input: formatting them in is safe.
    let bits: Vec<String> =
        gates.iter().enumerate().map(|(i, g)| format!("WHEN '{g}' THEN {}", 1i64 << i)).collect();
    format!(
        "SELECT d.project_id, d.contract_value_fen, d.contract_funds_fen, d.terminated_on, p.name, \
         CAST((SELECT COALESCE(SUM(CASE g.gate {} ELSE 0 END), 0) FROM project_gates g \
           WHERE g.project_id = d.project_id AND g.actual_on <= $4) AS BIGINT) AS passed, \
         CAST((SELECT COALESCE(SUM(a.amount_fen), 0) FROM funds_arrivals a \
           WHERE a.project_id = d.project_id AND a.arrived_on <= $4) AS BIGINT) AS arrived \
         FROM promotion_deals d JOIN projects p ON p.id = d.project_id \
         JOIN project_gates s ON s.project_id = d.project_id AND s.gate = 'signed' \
         WHERE p.unit_path >= $1 AND p.unit_path < $2 AND s.actual_on >= $3 AND s.actual_on <= $4",
        bits.join(" ")
    )
}

/// The deals of [`cohort_sql`], one row each: what the figures behind a rate list.
pub async fn cohort(
    pool: &AnyPool,
    range: &(String, String),
    from: &str,
    to: &str,
    gates: &[&str],
) -> sqlx::Result<Vec<Signed>> {
    sqlx::query_as(sqlx::AssertSqlSafe(cohort_sql(gates)))
        .bind(&range.0)
        .bind(&range.1)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await
}

/// Deals of a cohort alike to every rate: the same gates passed by the day, terminated by then
/// or not, in the same size band; how many, and their amounts summed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Alike {
    /// Bit `i` set: the `i`-th gate passed by the day.
    pub passed: i64,
    /// 1 when terminated by the day.
    pub terminated: i64,
    /// Index of the size band among the `floors` given.
    pub band: i64,
    /// How many deals.
    pub deals: i64,
    /// Their 签约额, fen.
    pub contract_value_fen: i64,
    /// Their 合同引进资金, fen.
    pub contract_funds_fen: i64,
    /// The funds arrived for them by the day, fen.
    pub arrived: i64,
}

/// The cohort of [`cohort_sql`] in groups of [`Alike`] deals, banded by the least values
/// `floors` (largest first): the summary's figures need no more, and a province's 4,000 deals
/// come back as a few dozen rows.
pub async fn cohort_alike(
    conn: &mut sqlx::AnyConnection,
    range: &(String, String),
    (from, to): (&str, &str),
    gates: &[&str],
    floors: &[i64],
) -> sqlx::Result<Vec<Alike>> {
    // The band's index is computed against bound floors, so only their count is formatted in.
    let bands: String = (0..floors.len())
        .map(|i| format!("WHEN c.contract_value_fen >= ${} THEN {i} ", i + 5))
        .collect();
    let sql = format!(
        "SELECT c.passed, CASE WHEN c.terminated_on <= $4 THEN 1 ELSE 0 END AS terminated, \
         CASE {bands}ELSE {} END AS band, COUNT(*) AS deals, \
         CAST(SUM(c.contract_value_fen) AS BIGINT) AS contract_value_fen, \
         CAST(SUM(c.contract_funds_fen) AS BIGINT) AS contract_funds_fen, \
         CAST(SUM(c.arrived) AS BIGINT) AS arrived FROM ({}) c GROUP BY 1, 2, 3",
        floors.len(),
        cohort_sql(gates)
    );
    let mut q =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&range.0).bind(&range.1).bind(from).bind(to);
    for f in floors {
        q = q.bind(*f);
    }
    q.fetch_all(conn).await
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

//! The benchmarks' SQL over cases: millions of cases and their rollups made in bulk (SQLite),
//! and the plain scan the rollups are measured against.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// How many cases are stored.
pub async fn count(pool: &AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(pool).await
}

/// Cases found and resolved between two report days, by scanning the cases (no rollups).
pub async fn scan_found_resolved(pool: &AnyPool, from: &str, to: &str) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(state = 'closed' AND outcome = 'resolved'), 0) AS BIGINT) FROM cases \
         WHERE report_day >= $1 AND report_day <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await
}

/// Makes `n` cases spread over the grids, the incident and dispute categories and the days of
/// 2015 (nine in ten resolved), then their rollups: the grids' from one pass over the cases,
/// every level above from the grids'. SQLite only (`date()` and temporary tables).
pub async fn generate(tx: &mut Tx, n: u64) -> sqlx::Result<()> {
    sqlx::query("CREATE TEMP TABLE g AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id, path FROM units WHERE level = 'grid'")
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "CREATE TEMP TABLE c AS SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS k, id, code, kind FROM categories \
         WHERE length(code) = 5 OR (length(code) = 3 AND code LIKE 'D%')",
    )
    .execute(&mut **tx)
    .await?;
    let (grids, cats): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM g), (SELECT COUNT(*) FROM c)")
            .fetch_one(&mut **tx)
            .await?;
    // The numbers are the program's own integers, not input: formatting them in is safe.
    let sql = format!(
        "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < {n}) \
         INSERT INTO cases (kind, category_id, category_code, unit_id, unit_path, handler_unit_id, state, outcome, title, description, \
           source, reported_at, report_day, closed_at, registered, verified, on_time, events) \
         SELECT c.kind, c.id, c.code, g.id, g.path, g.id, \
           CASE WHEN s.n % 10 = 0 THEN 'handling' ELSE 'closed' END, CASE WHEN s.n % 10 = 0 THEN NULL ELSE 'resolved' END, \
           'bench', 'bench', 'grid', date('2015-01-01', '+' || (s.n % 365) || ' days') || 'T02:00:00.000000Z', \
           date('2015-01-01', '+' || (s.n % 365) || ' days'), \
           CASE WHEN s.n % 10 = 0 THEN NULL ELSE date('2015-01-01', '+' || (s.n % 365) || ' days') || 'T08:00:00.000000Z' END, \
           1, CASE WHEN s.n % 10 = 0 THEN 0 ELSE 1 END, CASE WHEN s.n % 10 = 0 THEN 0 ELSE 1 END, 6 \
         FROM s JOIN g ON g.k = s.n % {grids} JOIN c ON c.k = (s.n / {grids}) % {cats}"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
    // The same contribution as Counts::of, as SQL: found, registered, resolved, closed, due,
    // on time, verified; nothing here is left out, deferred, reworked or followed up.
    sqlx::query(
        "INSERT INTO case_rollups (unit_id, day, category_id, found, registered, resolved, closed, due, on_time, verified) \
         SELECT unit_id, report_day, category_id, COUNT(*), SUM(registered), SUM(state = 'closed' AND outcome = 'resolved'), \
           SUM(state = 'closed'), SUM(state = 'closed'), SUM(on_time), SUM(verified) \
         FROM cases GROUP BY unit_id, report_day, category_id",
    )
    .execute(&mut **tx)
    .await?;
    // Every unit above a grid sums its grids' rows.
    sqlx::query(
        "INSERT INTO case_rollups (unit_id, day, category_id, found, registered, resolved, closed, due, on_time, verified) \
         SELECT a.id, r.day, r.category_id, SUM(r.found), SUM(r.registered), SUM(r.resolved), SUM(r.closed), SUM(r.due), \
           SUM(r.on_time), SUM(r.verified) \
         FROM case_rollups r JOIN units gu ON gu.id = r.unit_id AND gu.level = 'grid' \
         JOIN units a ON a.level <> 'grid' AND gu.path >= a.path AND gu.path < substr(a.path, 1, length(a.path) - 1) || '0' \
         GROUP BY a.id, r.day, r.category_id",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

//! A province-sized load for `zhili bench projects`, made by SQL in bulk on SQLite: projects
//! spread over the townships, every fifth one a promotion deal signed in 2015, eleven gates
//! each, five years of monthly reports, and the status columns brought up to date.

use crate::platform::db::Tx;

/// Makes `n` projects with their gates, deals and `months` monthly reports each.
pub async fn generate(tx: &mut Tx, n: u64, months: u64) -> sqlx::Result<()> {
    sqlx::query("CREATE TEMP TABLE t AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id, path FROM units WHERE level = 'township'")
        .execute(&mut **tx)
        .await?;
    let towns: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(&mut **tx).await?;
    // The numbers are the program's own integers, not input: formatting them in is safe.
    let statements = [
        format!(
            "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < {n}) \
             INSERT INTO projects (name, level, industry, unit_id, unit_path, lon, lat, content, total_fen, leader, created_at, updated_at) \
             SELECT 'bench ' || s.n, CASE s.n % 5 WHEN 0 THEN 'promotion' WHEN 1 THEN 'provincial' WHEN 2 THEN 'municipal' ELSE 'zone' END, \
               'C35', t.id, t.path, 113.2 + (s.n % 1000) * 0.00025, 35.08 + (s.n / 1000 % 100) * 0.0014, '', \
               (1000 + s.n % 50000) * 1000000, '张志强', '2015-01-01T00:00:00.000000Z', '2015-01-01T00:00:00.000000Z' \
             FROM s JOIN t ON t.k = s.n % {towns}"
        ),
        // Eleven gates a project, planned a month apart from its signing; passed up to a stage
        // that depends on the project, some late.
        "WITH g(gate, k) AS (VALUES ('signed', 0), ('filing', 1), ('land', 2), ('planning', 3), ('environment', 4), \
           ('permit', 5), ('funds', 6), ('started', 7), ('completed', 8), ('production', 9), ('capacity', 10)) \
         INSERT INTO project_gates (project_id, gate, planned_on, actual_on, passed_by, evidence, recorded_by, recorded_at) \
         SELECT p.id, g.gate, date('2015-01-01', '+' || (p.id % 200 + 30 * g.k) || ' days'), \
           CASE WHEN g.k <= p.id % 11 THEN date('2015-01-01', '+' || (p.id % 200 + 30 * g.k + p.id % 7) || ' days') END, \
           '', '', 'bench', '2015-01-01T00:00:00.000000Z' \
         FROM projects p CROSS JOIN g"
            .to_string(),
        "INSERT INTO promotion_deals (project_id, contract_value_fen, contract_funds_fen, source, region) \
         SELECT id, total_fen, total_fen / 10 * 8, 'region', '京津冀' FROM projects WHERE level = 'promotion'"
            .to_string(),
        "INSERT INTO funds_arrivals (project_id, arrived_on, amount_fen, note, created_at) \
         SELECT project_id, '2015-06-30', contract_funds_fen * 3 / 10, 'bench', '2015-06-30T00:00:00.000000Z' FROM promotion_deals"
            .to_string(),
        format!(
            "WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k + 1 < {months}) \
             INSERT INTO project_reports (project_id, period, method, invested_fen, in_library, funds_arrived_fen, progress, \
               difficulties, due_on, late, submitted_by, submitted_at, reviewed_by, reviewed_at) \
             SELECT p.id, strftime('%Y-%m', date('2011-01-01', '+' || m.k || ' months')), 'spending', p.total_fen / 100, 1, 0, \
               'bench', '', date('2011-01-05', '+' || (m.k + 1) || ' months'), 0, 'bench', '2015-01-01T00:00:00.000000Z', \
               'bench', '2015-01-01T00:00:00.000000Z' \
             FROM projects p CROSS JOIN m"
        ),
        "UPDATE projects SET \
           next_gate_on = (SELECT MIN(g.planned_on) FROM project_gates g WHERE g.project_id = projects.id AND g.actual_on IS NULL), \
           done = EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = projects.id AND g.gate IN ('completed', 'production', 'capacity') AND g.actual_on IS NOT NULL), \
           slipped = EXISTS (SELECT 1 FROM project_gates g WHERE g.project_id = projects.id AND g.actual_on > g.planned_on)"
            .to_string(),
    ];
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
    }
    Ok(())
}

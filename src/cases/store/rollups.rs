//! The rollups: counts per unit, report day and category, moved with every change of a case.

use crate::cases::domain::rates::COLUMNS;
use crate::cases::domain::rates::Counts;
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Adds `delta` to the rollup rows of one day and category for each unit in `unit_ids`.
pub async fn add_to_rollups(
    tx: &mut Tx,
    unit_ids: &[i64],
    day: &str,
    category_id: i64,
    delta: &Counts,
) -> sqlx::Result<()> {
    let keyed: Vec<((i64, String, i64), Counts)> =
        unit_ids.iter().map(|u| ((*u, day.to_string(), category_id), *delta)).collect();
    add_many_to_rollups(tx, &keyed).await
}

/// Adds each delta to its rollup row (unit, day, category), many rows a statement. The keys
/// must differ from each other (sum them first).
pub async fn add_many_to_rollups(
    tx: &mut Tx,
    deltas: &[((i64, String, i64), Counts)],
) -> sqlx::Result<()> {
    let deltas: Vec<_> = deltas.iter().filter(|(_, d)| !d.is_zero()).collect();
    let width = 3 + COLUMNS.len();
    let sets: Vec<String> =
        COLUMNS.iter().map(|c| format!("{c} = case_rollups.{c} + excluded.{c}")).collect();
    for chunk in deltas.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let rows = crate::platform::db::row_marks(tx, chunk.len(), width);
        let sql = format!(
            "INSERT INTO case_rollups (unit_id, day, category_id, {}) VALUES {} ON CONFLICT (unit_id, day, category_id) DO UPDATE SET {}",
            COLUMNS.join(", "),
            rows,
            sets.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((unit, day, category), delta) in chunk {
            q = q.bind(*unit).bind(day.clone()).bind(*category);
            for v in delta.fields() {
                q = q.bind(v);
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The summed rollups of one unit's subtree over a day range, for categories whose code
/// starts with `category` (all when none).
pub async fn sum_rollups(
    pool: &AnyPool,
    unit_id: i64,
    from: &str,
    to: &str,
    category: Option<&str>,
) -> sqlx::Result<Counts> {
    let sums: Vec<String> =
        COLUMNS.iter().map(|c| format!("CAST(COALESCE(SUM(r.{c}), 0) AS BIGINT)")).collect();
    let (cond, prefix) = match category {
        Some(code) => (
            "AND r.category_id IN (SELECT id FROM categories WHERE substr(code, 1, length($4)) = $4)",
            code,
        ),
        None => ("AND $4 = $4", ""),
    };
    let sql = format!(
        "SELECT {} FROM case_rollups r WHERE r.unit_id = $1 AND r.day >= $2 AND r.day <= $3 {cond}",
        sums.join(", ")
    );
    let row: sqlx::any::AnyRow = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit_id)
        .bind(from)
        .bind(to)
        .bind(prefix)
        .fetch_one(pool)
        .await?;
    use sqlx::Row;
    let mut f = [0i64; 13];
    for (i, v) in f.iter_mut().enumerate() {
        *v = row.try_get::<i64, _>(i)?;
    }
    Ok(Counts::from_fields(f))
}

/// Found and resolved per category (id) in one unit's subtree over a day range.
pub async fn found_by_category(
    pool: &AnyPool,
    unit_id: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT category_id, CAST(SUM(found) AS BIGINT), CAST(SUM(resolved) AS BIGINT) FROM case_rollups \
         WHERE unit_id = $1 AND day >= $2 AND day <= $3 GROUP BY category_id",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Found and resolved per month (`YYYY-MM`) in one unit's subtree, for categories whose code
/// starts with `prefix`.
pub async fn found_by_month(
    pool: &AnyPool,
    unit_id: i64,
    from: &str,
    to: &str,
    prefix: &str,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "SELECT substr(r.day, 1, 7) AS month, CAST(SUM(r.found) AS BIGINT), CAST(SUM(r.resolved) AS BIGINT) FROM case_rollups r \
         WHERE r.unit_id = $1 AND r.day >= $2 AND r.day <= $3 \
         AND r.category_id IN (SELECT id FROM categories WHERE substr(code, 1, length($4)) = $4) \
         GROUP BY substr(r.day, 1, 7) ORDER BY month",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .bind(prefix)
    .fetch_all(pool)
    .await
}

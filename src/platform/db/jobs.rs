//! Scheduled jobs' claims: which server runs a job this period.

use sqlx::AnyPool;

/// Claims the run of job `name` for `holder` at `now`, if its last run was at or before
/// `due_by` (now less one period). True when this claim won: the row is locked by the update,
/// so of several servers claiming at once one moves `last_run` and the others then find it
/// too recent.
pub async fn claim(
    pool: &AnyPool,
    name: &str,
    holder: &str,
    now: &str,
    due_by: &str,
) -> sqlx::Result<bool> {
    sqlx::query("INSERT INTO scheduled_jobs (name, last_run, holder, runs) VALUES ($1, '', '', 0) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(pool)
        .await?;
    let claimed = sqlx::query("UPDATE scheduled_jobs SET last_run = $1, holder = $2, runs = runs + 1 WHERE name = $3 AND last_run <= $4")
        .bind(now)
        .bind(holder)
        .bind(name)
        .bind(due_by)
        .execute(pool)
        .await?;
    Ok(claimed.rows_affected() == 1)
}

/// How many times a job has run, and by whom last.
pub async fn runs(pool: &AnyPool, name: &str) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT runs, holder FROM scheduled_jobs WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
}

/// When any server last ran any scheduled job, if one ever did.
pub async fn last_run(pool: &AnyPool) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT MAX(last_run) FROM scheduled_jobs WHERE last_run <> ''")
        .fetch_one(pool)
        .await
}

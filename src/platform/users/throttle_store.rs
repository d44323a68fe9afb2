//! Throttle rows: attempts per key, taken by compare-and-swap so that parallel attempts on
//! several servers each see the count the others left.

use sqlx::{Any, AnyPool, Executor};

/// A key's count as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ThrottleRow {
    /// Attempts taken in the window.
    pub attempts: i64,
    /// When the window began.
    pub window_start: String,
    /// No attempt before this.
    pub next_allowed: String,
}

/// A key's row, if it has one.
pub async fn get(pool: &AnyPool, key: &str) -> sqlx::Result<Option<ThrottleRow>> {
    sqlx::query_as("SELECT attempts, window_start, next_allowed FROM throttles WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
}

/// Stores a key's first row; false when another attempt stored one first.
pub async fn insert(pool: &AnyPool, key: &str, row: &ThrottleRow) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO throttles (key, attempts, window_start, next_allowed) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(row.attempts)
    .bind(&row.window_start)
    .bind(&row.next_allowed)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the row that was read by the next one; false when it changed since it was read.
pub async fn swap(
    pool: &AnyPool,
    key: &str,
    seen: &ThrottleRow,
    next: &ThrottleRow,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE throttles SET attempts = $1, window_start = $2, next_allowed = $3 \
         WHERE key = $4 AND attempts = $5 AND window_start = $6 AND next_allowed = $7",
    )
    .bind(next.attempts)
    .bind(&next.window_start)
    .bind(&next.next_allowed)
    .bind(key)
    .bind(seen.attempts)
    .bind(&seen.window_start)
    .bind(&seen.next_allowed)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives one attempt back (one that was not evaluated, or succeeded).
pub async fn give_back<'c, E: Executor<'c, Database = Any>>(e: E, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE throttles SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0")
        .bind(key)
        .execute(e)
        .await?;
    Ok(())
}

/// Moves a key's next allowed attempt to `until`, unless it is later already.
pub async fn hold<'c, E: Executor<'c, Database = Any>>(
    e: E,
    key: &str,
    until: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE throttles SET next_allowed = $1 WHERE key = $2 AND next_allowed < $1")
        .bind(until)
        .bind(key)
        .execute(e)
        .await?;
    Ok(())
}

/// Forgets a key's count.
pub async fn forget<'c, E: Executor<'c, Database = Any>>(e: E, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttles WHERE key = $1").bind(key).execute(e).await?;
    Ok(())
}

/// Removes the rows whose window began before `before` and whose wait is over by `now`.
pub async fn sweep(pool: &AnyPool, before: &str, now: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM throttles WHERE window_start < $1 AND next_allowed < $2")
        .bind(before)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

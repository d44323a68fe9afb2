//! The working calendar's exceptions in the database: the days off and make-up days.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// The calendar's exceptions: day, `off` or `work`, name.
pub async fn calendar_days(pool: &AnyPool) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT day, kind, name FROM calendar_days ORDER BY day").fetch_all(pool).await
}

/// How many exceptions are stored (none until the shipped ones are first stored).
pub async fn count_days(tx: &mut Tx) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM calendar_days").fetch_one(&mut **tx).await
}

/// Sets (or with `kind` none, removes) one exception.
pub async fn set_calendar_day(
    tx: &mut Tx,
    day: &str,
    kind: Option<&str>,
    name: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM calendar_days WHERE day = $1").bind(day).execute(&mut **tx).await?;
    if let Some(kind) = kind {
        sqlx::query("INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)")
            .bind(day)
            .bind(kind)
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

//! Jobs on a schedule. Every server ticks, but a job runs only on the server whose claim for the
//! period wins (`db::jobs::claim`), so two servers on one database run each job once, not twice.

use crate::platform::capability::{Capabilities, Job};
use crate::platform::db::{Db, stamp};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Runs `job` if it is due and this server wins the claim for the period; says what it did, or
/// `None` when another run had the period or there was nothing to do.
pub async fn run_if_due(
    db: &Db,
    job: &Job,
    holder: &str,
    period: Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let due_by = now - chrono::Duration::from_std(period).unwrap_or(chrono::Duration::MAX);
    if !crate::platform::db::jobs::claim(&db.pool, job.name, holder, &stamp(now), &stamp(due_by))
        .await?
    {
        return Ok(None);
    }
    (job.run)(db, now).await
}

/// Ticks four times a period for ever, running every capability's jobs whenever this server
/// wins their period.
pub async fn run_forever(db: Db, capabilities: Capabilities, holder: String, period: Duration) {
    let mut tick = tokio::time::interval((period / 4).max(Duration::from_millis(100)));
    loop {
        tick.tick().await;
        for job in capabilities.iter().flat_map(|c| c.jobs) {
            match run_if_due(&db, job, &holder, period, db.clock.now()).await {
                Ok(Some(what)) => tracing::info!(job = job.name, "{what}"),
                Ok(None) => {}
                Err(e) => tracing::warn!(job = job.name, error = %e, "scheduled job failed"),
            }
        }
    }
}

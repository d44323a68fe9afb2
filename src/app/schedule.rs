//! Jobs on a schedule. Every server ticks, but a job runs only on the server whose claim for the
//! period wins (`store::jobs::claim`), so two servers on one database sweep once, not twice.

use super::AppResult;
use crate::store::{Db, jobs, stamp};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// The overdue sweep's name in `scheduled_jobs`.
pub const OVERDUE_SWEEP: &str = "overdue_sweep";

/// Runs the overdue sweep if it is due and this server wins the claim: flags overdue cases
/// (催办) and escalates those still overdue a working day later (上报). Gives the numbers
/// flagged and escalated, or `None` when another run had the period.
pub async fn sweep_if_due(db: &Db, holder: &str, period: Duration, now: DateTime<Utc>) -> AppResult<Option<(usize, usize)>> {
    let due_by = now - chrono::Duration::from_std(period).unwrap_or(chrono::Duration::MAX);
    if !jobs::claim(&db.pool, OVERDUE_SWEEP, holder, &stamp(now), &stamp(due_by)).await? {
        return Ok(None);
    }
    let flagged = super::cases::sweep_overdue(db, now).await?;
    let escalated = super::cases::escalate_overdue(db, now).await?;
    Ok(Some((flagged, escalated)))
}

/// Ticks four times a period for ever, sweeping whenever this server wins the period.
pub async fn sweep_forever(db: Db, holder: String, period: Duration) {
    let mut tick = tokio::time::interval((period / 4).max(Duration::from_millis(100)));
    loop {
        tick.tick().await;
        match sweep_if_due(&db, &holder, period, Utc::now()).await {
            Ok(Some((flagged, escalated))) if flagged + escalated > 0 => {
                tracing::info!(flagged, escalated, "overdue cases flagged and escalated")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "overdue sweep failed"),
        }
    }
}

//! The overdue sweep, a job the platform's scheduler runs once a period across all servers.

use crate::platform::capability::Work;
use crate::platform::db::Db;
use chrono::{DateTime, Utc};

/// The overdue sweep's name in `scheduled_jobs`.
pub const OVERDUE_SWEEP: &str = "overdue_sweep";

/// Flags overdue cases (催办) and escalates those still overdue a working day later (上报);
/// says how many, or `None` when there were none.
pub fn sweep(db: &Db, now: DateTime<Utc>) -> Work<'_, Option<String>> {
    Box::pin(async move {
        let flagged = crate::cases::services::sweep_overdue(db, now).await?;
        let escalated = crate::cases::services::escalate_overdue(db, now).await?;
        Ok((flagged + escalated > 0)
            .then(|| format!("overdue cases: {flagged} flagged, {escalated} escalated")))
    })
}

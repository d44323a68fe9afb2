//! Cancelling a project (撤销): by whoever works it, on a day not after today nor before a gate
//! it passed, for a reason, in the audit chain. Its record stays: the baselines and bulletins of its time still hold it, the
//! map and the lists of the living leave it out, and every later write to it answers 409.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::{FieldError, required_text};
use crate::platform::service::{AppError, AppResult, check};
use serde::Deserialize;

/// What cancelling takes.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancelling {
    /// The day, `YYYY-MM-DD`, not after today.
    pub on: String,
    /// Why (the leaders' decision, the investor's withdrawal).
    pub reason: String,
}

/// Cancels a project the actor works; 409 when it was cancelled already. The day may not come
/// before a gate the project passed (a cancelled project passed nothing after). In the same
/// transaction a promotion project's deal is terminated on that day, so the rates count it so,
/// and its open problems are closed with the reason, so no ladder climbs for nothing.
pub async fn cancel(db: &Db, actor: &Actor, project_id: i64, c: &Cancelling) -> AppResult<()> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    crate::projects::services::access::may_work(actor, seen)?;
    let mut errors = Vec::new();
    let today = db.clock.today();
    let mut tx = db.begin().await?;
    let passed = crate::projects::store::gates::of_project_in(&mut tx, project_id).await?;
    let last = passed.iter().filter_map(|g| g.actual_on.as_deref()?.parse().ok()).max();
    let on = match crate::platform::day::parse("on", &c.on) {
        Ok(d) if d > today => {
            errors.push(FieldError::new("on", "error.projects.future").arg("today", today));
            None
        }
        Ok(d) if last.is_some_and(|l: chrono::NaiveDate| d < l) => {
            let last = last.map(|l| l.to_string()).unwrap_or_default();
            errors.push(FieldError::new("on", "error.projects.cancel_before").arg("last", last));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let reason = required_text("reason", &c.reason, 200).map_err(|e| errors.push(e)).ok();
    check(errors)?;
    let (on, reason) = (on.unwrap_or(today).to_string(), reason.unwrap_or_default());
    if !crate::projects::store::projects::cancel(&mut tx, project_id, &on, &reason).await? {
        return Err(AppError::Conflict("error.projects.cancelled"));
    }
    crate::projects::store::deals::terminate(&mut tx, project_id, &on, &reason).await?;
    let closed =
        crate::projects::store::problems::close_open(&mut tx, project_id, &on, &reason).await?;
    let detail =
        serde_json::json!({ "cancelled_on": on, "reason": reason, "problems_closed": closed });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.cancel", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Overdue cases: the reminder (催办) when a step's deadline passes, and the escalation (上报)
//! of those still untouched a working day later. Both are safe to run on every server at once.

use crate::cases::domain::event::Event;
use crate::cases::services::access::by_system;
use crate::cases::services::act::{ActionInput, act, write_change};
use crate::platform::access::actor::Actor;
use crate::platform::calendar::TimeLimit;
use crate::platform::db::Db;
use crate::platform::service::{AppError, AppResult};
use crate::platform::time::{Stamp, local, parse_stamp};
use chrono::{DateTime, Utc};
use serde_json::json;

/// Flags open cases whose step ran out (催办): an `overdue` event each, once. Safe to run on
/// every server at once: a case already flagged, or changed meanwhile, is left alone.
pub async fn sweep_overdue(db: &Db, now: DateTime<Utc>) -> AppResult<usize> {
    let stamp = crate::platform::db::stamp(now);
    let due = crate::cases::store::sweeps::due_for_reminder(&db.pool, &stamp).await?;
    let system = Actor::system();
    let mut flagged = 0;
    for id in due {
        let mut tx = db.begin().await?;
        let Some(work) =
            crate::cases::store::get_in(&mut tx, id).await?.and_then(|row| by_system(&system, row))
        else {
            continue;
        };
        let row = work.row();
        if row.overdue {
            continue;
        }
        let mut next = row.clone();
        next.overdue = true;
        next.events = row.events + 1;
        let state = (Some(row.state), row.state);
        let event = Event::new(
            next.events,
            "overdue",
            state,
            (None, "system"),
            Stamp(now),
            "",
            json!({"deadline": row.step_deadline}),
        );
        match write_change(&mut tx, &work, &next, &event).await {
            Ok(()) => {
                crate::platform::audit::append(
                    &mut tx,
                    crate::platform::audit::Entry {
                        actor_id: None,
                        actor_name: "system",
                        action: "case.overdue",
                        object: format!("case:{id}"),
                        detail: json!({"deadline": row.step_deadline}),
                    },
                )
                .await?;
                tx.commit().await?;
                flagged += 1;
            }
            Err(AppError::Conflict(_)) => tx.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    Ok(flagged)
}

/// Escalates (上报) open cases still overdue once their reminder ran for a working day: the
/// level above takes them over, with a fresh limit to register them. A case at the zone, or
/// waiting for verification, stays where it is. Returns how many went up.
pub async fn escalate_overdue(db: &Db, now: DateTime<Utc>) -> AppResult<usize> {
    let stamp = crate::platform::db::stamp(now);
    let late = crate::cases::store::sweeps::due_for_escalation(&db.pool, &stamp).await?;
    let calendar = crate::platform::calendar::services::calendar(db).await?;
    let system = Actor::system();
    let mut escalated = 0;
    for (id, deadline) in late {
        let Some(deadline) = parse_stamp(&deadline) else { continue };
        // Reminded when flagged; a working day to act on the reminder, then up it goes.
        if local(now) <= calendar.deadline(local(deadline), TimeLimit::WorkingDays(1)) {
            continue;
        }
        let input = ActionInput {
            action: "escalate".into(),
            note: "超时未办，自动上报上级".into(),
            at: Some(now),
            ..Default::default()
        };
        match act(db, &system, id, input).await {
            Ok(_) => escalated += 1,
            Err(AppError::Conflict(_) | AppError::NotAllowed { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(escalated)
}

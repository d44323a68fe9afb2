//! Doing an action to a case: who may, then what the workflow makes of it (a pure function in
//! the domain), then the event, the new row, the rollups and the audit row in one transaction.

use crate::cases::domain::case::Case;
use crate::cases::domain::category::Category;
use crate::cases::domain::event::Event;
use crate::cases::domain::rates::Counts;
use crate::cases::domain::workflow::{self, Move, Target};
use crate::cases::domain::{Action, CaseState};
use crate::cases::services::access::{Right, Workable, handler_path, may_work, sees, visible};
use crate::cases::services::catalogue::{responsible_department, zone_of};
use crate::platform::access::actor::Actor;
use crate::platform::db::{Db, Tx};
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};
use crate::platform::time::Stamp;
use chrono::{DateTime, Utc};
use serde_json::json;

/// What an action carries besides its name.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// The action.
    pub action: String,
    /// Why, or what was done.
    pub note: String,
    /// Dispatch: the unit to handle it.
    pub unit_id: Option<i64>,
    /// Dispatch: the department to handle it.
    pub department_id: Option<i64>,
    /// Feedback: the proposed outcome.
    pub outcome: Option<String>,
    /// Defer: working days more.
    pub days: Option<i64>,
    /// Follow-up: satisfaction 1–5.
    pub satisfaction: Option<i64>,
    /// Merge: the case this one duplicates.
    pub into: Option<i64>,
    /// When, if not now (imports of past work).
    pub at: Option<DateTime<Utc>>,
}

/// The right an action needs, whatever the case's state: a caller without it learns nothing
/// of the workflow.
fn right_for(action: Action) -> Right {
    match action {
        Action::Defer | Action::Suspend => Right::Approve,
        Action::FollowUp | Action::Reopen | Action::Withdraw => Right::HandleOrApprove,
        _ => Right::Handle,
    }
}

/// Where a dispatch sends the case: the named unit (down the tree from its handler, within the
/// actor's reach) or department (of the zone), or with neither named the department the
/// catalogue makes responsible.
async fn dispatch_target(
    db: &Db,
    actor: &Actor,
    row: &Case,
    category: &Category,
    input: &ActionInput,
) -> AppResult<Option<Target>> {
    let handler = handler_path(db, row).await?;
    let zone = zone_of(&handler);
    let named = match (input.unit_id, input.department_id) {
        (None, None) => (None, responsible_department(db, zone, category).await?.map(|d| d.id)),
        named => named,
    };
    match named {
        (Some(unit), None) => {
            let target = crate::platform::hierarchy::store::path_of(&db.pool, unit)
                .await?
                .map(UnitPath::from_stored);
            if !target.as_ref().is_some_and(|t| handler.contains(t) && actor.sees(t)) {
                return Err(FieldError::new("unit_id", "error.dispatch_target").into());
            }
            Ok(Some(Target::Unit(unit)))
        }
        (None, Some(dep)) => {
            if !crate::platform::hierarchy::store::departments(&db.pool, zone)
                .await?
                .iter()
                .any(|d| d.id == dep)
            {
                return Err(FieldError::new("department_id", "error.no_such_department").into());
            }
            Ok(Some(Target::Department(dep)))
        }
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(FieldError::new("unit_id", "error.dispatch_one").into()),
    }
}

/// Does an action to a case: checks the actor, the state and the input, then writes the
/// event, the new state, the rollups and the audit row together. An action not allowed from
/// the case's state is `NotAllowed` naming the allowed ones.
pub async fn act(db: &Db, actor: &Actor, case_id: i64, input: ActionInput) -> AppResult<Case> {
    let seen = visible(db, actor, case_id).await?;
    let Ok(action) = input.action.parse::<Action>() else {
        return Err(FieldError::new("action", "error.no_such_action").into());
    };
    let work = may_work(db, actor, seen, right_for(action)).await?;
    let row = work.row();
    workflow::admit(row, action, &input.note)?;
    let category: Category = crate::cases::store::category(&db.pool, row.category_id)
        .await?
        .and_then(|c| c.category())
        .ok_or_else(|| anyhow::anyhow!("case {case_id} has no readable category"))?;
    let calendar = crate::platform::calendar::services::calendar(db).await?;
    let target = match action {
        Action::Dispatch => dispatch_target(db, actor, row, &category, &input).await?,
        _ => None,
    };
    let parent = match action {
        Action::Escalate => {
            let ids = handler_path(db, row).await?.ids();
            ids.len().checked_sub(2).map(|i| ids[i])
        }
        _ => None,
    };
    let own_feedback = match action {
        Action::Verify if actor.user_id().is_some() => {
            let events = crate::cases::store::events(&db.pool, case_id).await?;
            events
                .iter()
                .rev()
                .find(|e| e.action == Action::Feedback.as_str())
                .is_some_and(|e| e.actor_id == actor.user_id())
        }
        _ => false,
    };
    if let (Action::Merge, Some(into)) = (action, input.into)
        && into != case_id
        && !crate::cases::store::get(&db.pool, into).await?.is_some_and(|t| sees(actor, &t))
    {
        return Err(FieldError::new("into", "error.merge_target").into());
    }
    let now = Stamp(input.at.unwrap_or_else(|| db.clock.now()));
    let done = workflow::apply(
        row,
        &Move {
            action,
            note: &input.note,
            now,
            calendar: &calendar,
            category: &category,
            target,
            parent,
            own_feedback,
            outcome: input.outcome.as_deref(),
            days: input.days,
            satisfaction: input.satisfaction,
            into: input.into,
        },
    )?;
    let next = done.case;
    let event = Event::new(
        next.events,
        action.as_str(),
        (Some(done.from), done.to),
        (actor.user_id(), actor.audit_name()),
        now,
        &done.note,
        serde_json::Value::Object(done.data.clone()),
    );
    let mut tx = db.begin().await?;
    write_change(&mut tx, &work, &next, &event).await?;
    let (from, to): (CaseState, CaseState) = (done.from, done.to);
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "case.act",
            format!("case:{case_id}"),
            json!({"action": action, "from": from, "to": to, "note": done.note, "data": done.data}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// Writes a change of a case: the row (refused if someone else changed it meanwhile), the
/// event, and the rollups of every unit from the case's up to the zone.
pub(crate) async fn write_change(
    tx: &mut Tx,
    before: &Workable,
    after: &Case,
    event: &Event,
) -> AppResult<()> {
    let before = before.row();
    // The proof is for one case: it writes that case and no other.
    if after.id != before.id {
        return Err(
            anyhow::anyhow!("a change of case {} written as case {}", before.id, after.id).into()
        );
    }
    if !crate::cases::store::update(tx, after, before.events).await? {
        return Err(AppError::Conflict("error.case_changed"));
    }
    crate::cases::store::insert_event(tx, after.id, event).await?;
    let delta = Counts::of(&after.facts()).minus(&Counts::of(&before.facts()));
    let ids = after.unit_path.ids();
    crate::cases::store::add_to_rollups(
        tx,
        &ids,
        &after.report_day.to_string(),
        after.category_id,
        &delta,
    )
    .await?;
    Ok(())
}

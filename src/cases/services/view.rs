//! One case as a caller may see it: its history, its parties (masked unless revealed, and the
//! look audited), the actions open to the caller.

use crate::cases::domain::Action;
use crate::cases::domain::case::Case;
use crate::cases::domain::event::Event;
use crate::cases::services::access::{Right, Workable, may_work, visible};
use crate::cases::services::catalogue::responsible_department;
use crate::cases::store::PartyRow;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::id_number::IdNumber;
use crate::platform::service::{AppError, AppResult};
use serde_json::json;

/// A case with its history and parties, as the actor may see them.
#[derive(Debug, Clone)]
pub struct CaseView {
    /// The case.
    pub case: Case,
    /// Its events, oldest first.
    pub events: Vec<Event>,
    /// Its parties; ID numbers masked unless revealed.
    pub parties: Vec<PartyRow>,
    /// The actions allowed from its state.
    pub allowed: Vec<Action>,
    /// Whether the actor may work the case.
    pub can_act: bool,
    /// The department the catalogue makes responsible for its category: where a dispatch
    /// naming no target sends it.
    pub responsible_department: Option<crate::platform::hierarchy::store::DepartmentRow>,
}

/// One case. With `reveal`, the parties' full ID numbers, and the look is audited (a refused
/// one too, as refused).
pub async fn get(db: &Db, actor: &Actor, id: i64, reveal: bool) -> AppResult<CaseView> {
    let seen = visible(db, actor, id).await?;
    let work = match may_work(db, actor, seen.clone(), Right::Handle).await {
        Ok(work) => Some(work),
        Err(AppError::Forbidden) => None,
        Err(e) => return Err(e),
    };
    let can_act = work.is_some();
    let parties = match (reveal, &work) {
        (true, Some(work)) => revealed_parties(db, actor, work).await?,
        (true, None) => {
            crate::platform::audit::reads::record(
                db,
                actor,
                "case.reveal_id_numbers",
                format!("case:{id}"),
                json!({"refused": true}),
            )
            .await?;
            return Err(AppError::Forbidden);
        }
        (false, _) => {
            let mut parties = crate::cases::store::parties(db, id).await?;
            for p in &mut parties {
                p.id_number = p.id_number.take().map(|n| IdNumber::from_stored(n).masked());
                p.phone = crate::platform::phone::masked(&p.phone);
            }
            parties
        }
    };
    let case = seen.into_row();
    let events = crate::cases::store::events(&db.pool, id).await?;
    let mut allowed = Action::allowed_from(case.state);
    // Whoever gave the feedback is not offered its verification.
    let gave_feedback = events
        .iter()
        .rev()
        .find(|e| e.action == Action::Feedback.as_str())
        .is_some_and(|e| e.actor_id == actor.user_id());
    if gave_feedback && actor.user_id().is_some() {
        allowed.retain(|a| *a != Action::Verify);
    }
    let category =
        crate::cases::store::category(&db.pool, case.category_id).await?.and_then(|c| c.category());
    let responsible_department = match category {
        // The case's own place names its zone, as its handler's would.
        Some(category) => {
            responsible_department(
                db,
                crate::cases::services::catalogue::zone_of(&case.unit_path),
                &category,
            )
            .await?
        }
        None => None,
    };
    Ok(CaseView { allowed, case, events, parties, can_act, responsible_department })
}

/// The parties of a case the actor works, their ID numbers and phones in full; the look is in
/// the audit chain before anything is shown.
async fn revealed_parties(db: &Db, actor: &Actor, work: &Workable) -> AppResult<Vec<PartyRow>> {
    let id = work.row().id;
    let parties = crate::cases::store::parties(db, id).await?;
    let mut tx = db.begin().await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "case.reveal_id_numbers",
            format!("case:{id}"),
            json!({"parties": parties.iter().filter(|p| p.id_number.is_some()).count()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(parties)
}

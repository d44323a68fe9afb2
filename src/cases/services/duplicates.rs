//! Possible duplicates of a case (并单): the same category nearby and recent, or the same party.

use crate::cases::domain::case::Case;
use crate::cases::services::access::{Right, may_work, sees, visible};
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult};
use chrono::Duration;

/// How near, and how recent, another case must be to be offered as a possible duplicate.
pub const DUPLICATE_METRES: f64 = 250.0;
/// Days either side of the report.
pub const DUPLICATE_DAYS: i64 = 30;

/// Why a case is offered as a possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same category, within 250 m (or in the same grid when a case has no point) and 30 days.
    Nearby,
    /// A party with the same ID number, within 30 days.
    SameParty,
}

/// Possible duplicates of a case the actor may see: other cases of its township that it may
/// be merged with (并单), nearest in time first.
pub async fn duplicates(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<(Case, Likeness)>> {
    let seen = visible(db, actor, id).await?;
    // Who shares a party is read from the parties' ID numbers: only those who work the case learn it.
    let works = match may_work(db, actor, seen.clone(), Right::Handle).await {
        Ok(_) => true,
        Err(AppError::Forbidden) => false,
        Err(e) => return Err(e),
    };
    let case = seen.into_row();
    let at = case.reported_at.0;
    let (lo, hi) = (
        crate::platform::db::stamp(at - Duration::days(DUPLICATE_DAYS)),
        crate::platform::db::stamp(at + Duration::days(DUPLICATE_DAYS)),
    );
    // Within the township: 250 m rarely crosses it, and the index keeps the scan small.
    let ids = case.unit_path.ids();
    let township = UnitPath::from_stored(format!(
        "/{}/",
        ids.iter().take(2).map(i64::to_string).collect::<Vec<_>>().join("/")
    ));
    let mut out: Vec<(Case, Likeness)> = Vec::new();
    for other in crate::cases::store::nearby_candidates(
        &db.pool,
        &township.subtree_range(),
        &case.category_code,
        (&lo, &hi),
        id,
    )
    .await?
    {
        let near = match (case.point, other.point) {
            (Some(a), Some(b)) => a.metres_to(b) <= DUPLICATE_METRES,
            _ => other.unit_id == case.unit_id,
        };
        if near && sees(actor, &other) {
            out.push((other, Likeness::Nearby));
        }
    }
    let same_party = if works {
        crate::cases::store::same_party(&db.pool, id, (&lo, &hi)).await?
    } else {
        Vec::new()
    };
    for other in same_party {
        if sees(actor, &other) && !out.iter().any(|(c, _)| c.id == other.id) {
            out.push((other, Likeness::SameParty));
        }
    }
    out.sort_by_key(|(c, _)| (c.reported_at.0 - at).num_seconds().abs());
    Ok(out)
}

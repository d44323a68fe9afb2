//! The cases a person of the registry is a party to, found by their ID number's blind index,
//! for the person's page: only the cases the actor sees.

use crate::platform::access::actor::Actor;
use crate::platform::capability::PersonLink;
use crate::platform::db::Db;

/// The visible cases whose parties hold this ID number's blind index, newest first (at most 50).
pub async fn of_person(db: &Db, actor: &Actor, index: &[u8]) -> anyhow::Result<Vec<PersonLink>> {
    let cases = crate::cases::store::duplicates::with_party(&db.pool, index).await?;
    Ok(cases
        .into_iter()
        .filter(|c| actor.sees(&c.unit_path))
        .map(|c| PersonLink {
            label: format!("#{} {}", c.id, c.title),
            href: format!("/cases/{}", c.id),
        })
        .collect())
}

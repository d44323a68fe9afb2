//! A person's record as their page shows it, from one read of their row: who they are, where
//! they lived, what the capabilities hold about them, who looked, and whether the viewer may
//! reveal and edit. The look itself goes into the audit chain first, so it is listed too.

use crate::platform::access::actor::Actor;
use crate::platform::capability::{Capabilities, PersonLink};
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::AppResult;
use crate::registry::services::people::Person;
use crate::registry::store::residences::ResidenceRow;

/// A person's record.
pub struct Record {
    /// The person, name whole, numbers masked.
    pub person: Person,
    /// Their stays, the one going on first.
    pub stays: Vec<ResidenceRow>,
    /// What each capability holds about them (the cases they are a party to).
    pub about: Vec<PersonLink>,
    /// Who did what to their data, newest first.
    pub looks: Vec<crate::platform::audit::Row>,
    /// Whether the viewer keeps their grid (reveals and edits).
    pub keeps: bool,
    /// Their records of the person kinds the viewer reads.
    pub details: Vec<crate::registry::services::records::Detail>,
    /// The place they live in, if the viewer sees it: (id, house number).
    pub place: Option<(i64, String)>,
}

/// The record of a person the actor sees; the look is audited.
pub async fn of(db: &Db, actor: &Actor, id: i64, capabilities: Capabilities) -> AppResult<Record> {
    let row = crate::registry::services::people::row(db, actor, id).await?;
    crate::registry::services::people::looked(db, actor, &row).await?;
    let mut stays = vec![ResidenceRow {
        unit_id: row.unit_id,
        address: row.address.clone(),
        moved_in: row.since.clone(),
        moved_out: None,
    }];
    stays.extend(crate::registry::store::residences::of(&db.pool, id).await?);
    let mut about = Vec::new();
    for c in capabilities {
        about.extend((c.about_person)(db, actor, &row.id_index).await?);
    }
    let looks = crate::platform::audit::reads::on_object(db, &format!("person:{id}"), 200).await?;
    let path = UnitPath::from_stored(row.unit_path.clone());
    let keeps = crate::registry::services::access::keeps(actor, &path);
    let details = crate::registry::services::records::of_person(db, actor, id, &path).await?;
    let place = match row.place_id {
        Some(p) => {
            let kind = &crate::registry::domain::kinds::PLACES;
            match crate::registry::services::records::stored(db, actor, kind, p).await {
                Ok(place) => Some((p, crate::registry::services::records::number_of(&place))),
                Err(crate::platform::service::AppError::NotFound) => None,
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    Ok(Record {
        person: crate::registry::services::people::whole(db, &row),
        stays,
        about,
        looks,
        keeps,
        details,
        place,
    })
}

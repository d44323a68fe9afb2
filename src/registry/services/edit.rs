//! Changing one person from the edit form, and who may.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult};
use crate::registry::domain::person::PersonInput;
use crate::registry::services::people::{ID_FIELD, PHONE_FIELD, row};

/// Whether the actor may reveal this person's numbers (and so edit them): a keeper of their grid.
pub async fn may_reveal(db: &Db, actor: &Actor, id: i64) -> AppResult<bool> {
    let row = row(db, actor, id).await?;
    Ok(crate::registry::services::access::keeps(actor, &UnitPath::from_stored(row.unit_path)))
}

/// Changes a person from the edit form: their ID number stays (another number is another
/// person); the name may change; a new grid closes one stay and opens the next.
pub async fn edit(db: &Db, actor: &Actor, id: i64, input: &PersonInput) -> AppResult<()> {
    let row = row(db, actor, id).await?;
    if !crate::registry::services::access::keeps(
        actor,
        &UnitPath::from_stored(row.unit_path.clone()),
    ) {
        return Err(AppError::Forbidden);
    }
    let mut input = input.clone();
    input.id_number = db
        .vault
        .open(ID_FIELD, &row.id_sealed)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("person {id}: {e}")))?;
    // The form shows the phone masked: left empty, it stays as it is.
    if input.phone.trim().is_empty()
        && let Some(sealed) = &row.phone_sealed
    {
        input.phone = db
            .vault
            .open(PHONE_FIELD, sealed)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("person {id}: {e}")))?;
    }
    let report = crate::registry::services::import::people(
        db,
        actor,
        crate::registry::services::import::Source::Edit(id, input),
        crate::registry::services::import::Mode::AllOrNothing,
        &mut |_| {},
    )
    .await?;
    if !report.errors.is_empty() {
        return Err(AppError::Invalid(report.errors.into_iter().map(|e| e.error).collect()));
    }
    Ok(())
}

/// What the edit form starts from: the person as entered, the ID number left out.
pub async fn as_input(db: &Db, actor: &Actor, id: i64) -> AppResult<PersonInput> {
    let row = row(db, actor, id).await?;
    let grid = crate::platform::hierarchy::services::code_of(db, row.unit_id).await?;
    let household = match row.household_id {
        Some(h) => crate::registry::store::households::get(&db.pool, h)
            .await?
            .map(|h| h.number)
            .unwrap_or_default(),
        None => String::new(),
    };
    let place = match row.place_id {
        Some(id) => crate::registry::services::records::number_of_place(db, id).await?,
        None => String::new(),
    };
    Ok(PersonInput {
        place,
        name: row.name,
        former_name: row.former_name,
        ethnicity: row.ethnicity,
        marital: row.marital,
        education: row.education,
        political: row.political,
        occupation: row.occupation,
        workplace: row.workplace,
        registered_address: row.registered_address,
        grid,
        address: row.address,
        household,
        relation: row.relation,
        kind: row.kind,
        ..PersonInput::default()
    })
}

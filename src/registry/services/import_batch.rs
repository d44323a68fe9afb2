//! One batch of an import: its rows checked against each other, the rest of the file and the
//! registry, then (unless a bad row has stopped an all-or-nothing run) sealed and written.

use crate::platform::db::Tx;
use crate::platform::input::FieldError;
use crate::platform::service::AppResult;
use crate::platform::sheet::stream::Row;
use crate::registry::domain::codes::HEAD;
use crate::registry::domain::person::{NewPerson, PersonInput};
use crate::registry::services::columns::Layout;
use crate::registry::services::import::{Mode, Report, Run};
use crate::registry::services::import_prepare::{Prepared, Sealed};
use crate::registry::store::counts::Counts;
use crate::registry::store::people::PersonRow;
use std::collections::HashMap;

/// Checks a batch and, unless a bad row has stopped an all-or-nothing run, writes it.
pub(super) async fn write(
    tx: &mut Tx,
    layout: &Layout,
    run: &mut Run,
    batch: Vec<Prepared>,
    report: &mut Report,
) -> AppResult<()> {
    let mut checked: Vec<(Row, NewPerson, Sealed)> = Vec::with_capacity(batch.len());
    for Prepared { row, input, person } in batch {
        let (p, sealed) = match person {
            Ok(ready) => ready,
            Err(errors) => {
                fail(layout, run, report, row, &input, errors);
                continue;
            }
        };
        let mut errors = Vec::new();
        if !run.grids.contains_key(&p.grid) {
            errors.push(FieldError::new("grid", "error.grid_unknown").arg("code", &p.grid));
        }
        let short = u128::from_le_bytes(sealed.id_index[..16].try_into().expect("a 16-byte index"));
        if !run.seen.insert(short) {
            errors.push(FieldError::new("id_number", "error.id_twice"));
        }
        let head = p.relation == HEAD && !p.household.is_empty();
        if head && let Some(first) = run.heads_in_file.get(&p.household) {
            errors.push(FieldError::new("relation", "error.two_heads").arg("row", first));
        }
        if errors.is_empty() {
            if head {
                run.heads_in_file.insert(p.household.clone(), row.number);
            }
            checked.push((row, p, sealed));
            continue;
        }
        fail(layout, run, report, row, &input, errors);
    }
    // What the registry holds already: these ID numbers' people, these households and their heads.
    let indexes: Vec<Vec<u8>> = checked.iter().map(|(_, _, s)| s.id_index.clone()).collect();
    let existing: HashMap<Vec<u8>, PersonRow> =
        crate::registry::store::people::by_id_index(tx, &indexes)
            .await?
            .into_iter()
            .map(|r| (r.id_index.clone(), r))
            .collect();
    let mut numbers: Vec<String> = checked
        .iter()
        .map(|(_, p, _)| p.household.clone())
        .filter(|n| !n.is_empty() && !run.households.contains_key(n))
        .collect();
    numbers.sort();
    numbers.dedup();
    let found = crate::registry::store::households::by_numbers(tx, &numbers).await?;
    let ids: Vec<i64> = found.iter().map(|h| h.id).collect();
    for h in found {
        let path = crate::platform::hierarchy::unit::UnitPath::from_stored(h.unit_path);
        if !crate::registry::services::access::keeps(&run.actor, &path) {
            run.foreign.insert(h.id);
        }
        run.households.insert(h.number, h.id);
    }
    for (household, person) in crate::registry::store::people::heads_of(tx, &ids).await? {
        run.heads.insert(household, person);
    }
    places(tx, run, &checked).await?;
    let mut new_rows = Vec::new();
    let mut accepted: Vec<(NewPerson, Sealed, Option<PersonRow>, Option<i64>)> = Vec::new();
    let now = tx.now();
    for (row, p, sealed) in checked {
        let mut errors = Vec::new();
        let old = existing.get(&sealed.id_index);
        let elsewhere = old.is_some_and(|o| {
            !crate::registry::services::access::keeps(
                &run.actor,
                &crate::platform::hierarchy::unit::UnitPath::from_stored(o.unit_path.clone()),
            )
        });
        if elsewhere {
            // Kept by another grid: only its keepers change the person (a move is theirs too).
            errors.push(FieldError::new("id_number", "error.id_elsewhere"));
        } else if let Some(old) = old
            && old.name != p.name
            && run.editing != Some(old.id)
        {
            errors.push(FieldError::new("id_number", "error.id_other_person"));
        }
        if !p.place.is_empty() && run.places.get(&p.place).copied().flatten().is_none() {
            errors.push(FieldError::new("place", "error.place_unknown").arg("number", &p.place));
        }
        let household = run.households.get(&p.household).copied();
        if household.is_some_and(|h| run.foreign.contains(&h)) {
            errors.push(FieldError::new("household", "error.household_elsewhere"));
        }
        // The household the person will be in: the one named, or the one they are in.
        let staying = household.or(old.and_then(|o| o.household_id));
        if let (Some(old), Some(h)) = (old, household)
            && old.household_id.is_some_and(|o| o != h)
        {
            errors.push(FieldError::new("household", "error.other_household"));
        }
        if p.relation == HEAD
            && let Some(h) = staying
            && run.heads.get(&h).is_some_and(|head| Some(*head) != old.map(|o| o.id))
        {
            errors.push(FieldError::new("relation", "error.head_taken"));
        }
        if !errors.is_empty() {
            let input = layout.input(&row.cells);
            fail(layout, run, report, row, &input, errors);
            continue;
        }
        if p.relation == HEAD
            && let Some(h) = staying
        {
            run.heads.insert(h, old.map_or(0, |o| o.id));
        }
        if run.failed && run.mode == Mode::AllOrNothing {
            continue;
        }
        accepted.push((p, sealed, old.cloned(), household));
    }
    // New households, one statement a hundred, each at the grid of the first row naming it.
    let mut fresh_households: Vec<(String, i64, String, String)> = Vec::new();
    for (p, _, _, household) in &accepted {
        if household.is_none()
            && !p.household.is_empty()
            && !fresh_households.iter().any(|h| h.0 == p.household)
        {
            let (unit_id, path) = &run.grids[&p.grid];
            fresh_households.push((
                p.household.clone(),
                *unit_id,
                path.as_str().to_string(),
                p.address.clone(),
            ));
        }
    }
    let mut deltas: HashMap<i64, Counts> = HashMap::new();
    for (number, id) in
        crate::registry::store::households::insert_many(tx, &fresh_households).await?
    {
        let unit = fresh_households.iter().find(|h| h.0 == number).map_or(0, |h| h.1);
        deltas.entry(unit).or_default().households += 1;
        run.households.insert(number, id);
    }
    for (p, sealed, old, _) in accepted {
        let (unit_id, path) = run.grids[&p.grid].clone();
        let household_id = run.households.get(&p.household).copied();
        let mut fresh =
            crate::registry::services::people::sealed_row(&p, sealed, (unit_id, &path), &now);
        fresh.household_id = household_id;
        fresh.place_id = run.places.get(&p.place).copied().flatten();
        match old {
            None => {
                let agrees = fresh.residence_agrees != 0;
                deltas.entry(unit_id).or_default().add(Counts::person(&fresh.kind, agrees), 1);
                new_rows.push(fresh);
            }
            Some(old) => {
                let merge = run.editing != Some(old.id);
                if write_change(tx, &old, fresh, merge, &mut deltas).await? {
                    report.changed += 1;
                } else {
                    report.unchanged += 1;
                }
                report.last_id = Some(old.id);
            }
        }
    }
    crate::registry::store::people::insert_many(tx, &new_rows).await?;
    for row in &new_rows {
        if row.relation == HEAD
            && let Some(h) = row.household_id
        {
            // Taken: no later row may head it (its id is not needed, the file names its ID
            // number once).
            run.heads.insert(h, 0);
        }
    }
    report.added += new_rows.len();
    if let [only] = new_rows.as_slice() {
        // One person saved (a form, the API): their id, for the answer.
        let found =
            crate::registry::store::people::by_id_index(tx, std::slice::from_ref(&only.id_index))
                .await?;
        report.last_id = found.first().map(|p| p.id);
    }
    let deltas: Vec<(i64, Counts)> = deltas.into_iter().collect();
    crate::registry::store::counts::apply(tx, &deltas).await?;
    Ok(())
}

/// Looks up the places the batch's rows name that the run has not met yet: each the actor
/// keeps by its id, any other as none (named in the row's errors as no such place).
async fn places(tx: &mut Tx, run: &mut Run, checked: &[(Row, NewPerson, Sealed)]) -> AppResult<()> {
    let mut numbers: Vec<String> = checked
        .iter()
        .map(|(_, p, _)| p.place.clone())
        .filter(|n| !n.is_empty() && !run.places.contains_key(n))
        .collect();
    numbers.sort();
    numbers.dedup();
    let kind = &crate::registry::domain::kinds::PLACES;
    let at = kind.position(kind.key).expect("a place has its number");
    for chunk in numbers.chunks(500) {
        for place in crate::registry::store::records::by_keys(tx, kind, chunk).await? {
            if let crate::registry::store::records::Cell::Text(number) = &place.cells[at] {
                let path = crate::platform::hierarchy::unit::UnitPath::from_stored(place.unit_path);
                let kept = crate::registry::services::access::keeps(&run.actor, &path);
                run.places.insert(number.clone(), kept.then_some(place.id));
            }
        }
    }
    for n in numbers {
        run.places.entry(n).or_insert(None);
    }
    Ok(())
}

/// Records a bad row and stops an all-or-nothing run's writes.
fn fail(
    layout: &Layout,
    run: &mut Run,
    report: &mut Report,
    row: Row,
    input: &PersonInput,
    errors: Vec<FieldError>,
) {
    run.failed = true;
    let cells = row.cells.clone();
    report.bad(layout, row, errors, |error| match error.field.as_str() {
        "id_number" => {
            crate::platform::id_number::IdNumber::from_stored(input.id_number.clone()).masked()
        }
        "phone" => crate::platform::phone::masked(&input.phone),
        field => layout.column_of(field).and_then(|i| cells.get(i).cloned()).unwrap_or_default(),
    });
}

/// Rewrites a person whose row differs from what they are now (keeping the sealed values, whose
/// bytes change with every seal, when the value itself did not); false when nothing changed. A
/// new grid records the stay it ends. The grids' counts move by the difference.
async fn write_change(
    tx: &mut Tx,
    old: &PersonRow,
    mut new: PersonRow,
    merge: bool,
    deltas: &mut HashMap<i64, Counts>,
) -> AppResult<bool> {
    new.id = old.id;
    if merge {
        // A sheet adds and corrects; a column it lacks or a cell left empty erases nothing.
        for (new, old) in [
            (&mut new.former_name, &old.former_name),
            (&mut new.ethnicity, &old.ethnicity),
            (&mut new.marital, &old.marital),
            (&mut new.education, &old.education),
            (&mut new.political, &old.political),
            (&mut new.occupation, &old.occupation),
            (&mut new.workplace, &old.workplace),
            (&mut new.registered_address, &old.registered_address),
            (&mut new.address, &old.address),
            (&mut new.relation, &old.relation),
        ] {
            if new.is_empty() {
                old.clone_into(new);
            }
        }
        new.place_id = new.place_id.or(old.place_id);
        if new.phone_index.is_none() {
            new.phone_index = old.phone_index.clone();
            new.phone_sealed = old.phone_sealed.clone();
        }
        let agrees = new.kind == "resident"
            && (new.registered_address.is_empty() || new.registered_address == new.address);
        new.residence_agrees = i64::from(agrees);
    }
    new.id_sealed = old.id_sealed.clone();
    if new.phone_index == old.phone_index {
        new.phone_sealed = old.phone_sealed.clone();
    }
    new.created_at = old.created_at.clone();
    new.household_id = new.household_id.or(old.household_id);
    let same = |a: &PersonRow, b: &PersonRow| {
        (a.unit_id, &a.name, &a.former_name, &a.ethnicity, &a.marital, &a.education, &a.political)
            == (
                b.unit_id,
                &b.name,
                &b.former_name,
                &b.ethnicity,
                &b.marital,
                &b.education,
                &b.political,
            )
            && (&a.occupation, &a.workplace, &a.phone_index, &a.registered_address, &a.address)
                == (&b.occupation, &b.workplace, &b.phone_index, &b.registered_address, &b.address)
            && (a.residence_agrees, a.household_id, a.place_id, &a.relation, &a.kind)
                == (b.residence_agrees, b.household_id, b.place_id, &b.relation, &b.kind)
    };
    if same(old, &new) {
        return Ok(false);
    }
    new.since = old.since.clone();
    if new.unit_id != old.unit_id {
        // The stay that ends goes into the history; the person's row holds the one that begins.
        new.since = tx.now();
        crate::registry::store::residences::past(tx, old).await?;
    }
    deltas
        .entry(old.unit_id)
        .or_default()
        .add(Counts::person(&old.kind, old.residence_agrees != 0), -1);
    deltas
        .entry(new.unit_id)
        .or_default()
        .add(Counts::person(&new.kind, new.residence_agrees != 0), 1);
    crate::registry::store::people::update(tx, &new).await?;
    Ok(true)
}

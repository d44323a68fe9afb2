//! One row of a records import planned: its fields parsed, its grid or person found among what
//! the importer keeps, its key matched against the rest of the file and the registry. The
//! registry is asked once a batch (its people by ID number, its records by key), not once a row.

use crate::platform::access::actor::Actor;
use crate::platform::db::{Db, Tx};
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::service::AppResult;
use crate::platform::sheet::stream::Row;
use crate::registry::domain::records::{Kind, Ty, Value};
use crate::registry::services::columns::{Layout, scientific};
use crate::registry::services::import::Mode;
use crate::registry::services::records::{Readers, index_kind, sealed_field, writes};
use crate::registry::store::records::{Cell, Stored};
use std::collections::{HashMap, HashSet};

/// What a checked row will do.
pub(super) enum Planned {
    Insert(Stored),
    Update(Stored, Stored),
    Same(i64),
}

pub(super) struct Run<'a> {
    db: &'a Db,
    pub kind: &'static Kind,
    actor: &'a Actor,
    grids: HashMap<String, (i64, UnitPath)>,
    seen: HashSet<String>,
    editing: Option<i64>,
    /// Who reads the special populations, read once before the transaction: every read of
    /// a row's checks goes through the transaction, never the pool beside it (SQLite's one
    /// writer would wait for a connection the others hold).
    readers: Readers,
    /// Whether a row has been refused, and whether that stops the rest being written.
    pub failed: bool,
    pub mode: Mode,
    /// The batch's people by their ID numbers, and the registry's records by the batch's keys
    /// (texts, or person ids for a record of a person).
    people: HashMap<String, (i64, i64, UnitPath)>,
    records: HashMap<String, Stored>,
}

impl<'a> Run<'a> {
    /// A run of `actor`'s over the grids they keep, `editing` one record or none.
    pub fn new(
        db: &'a Db,
        kind: &'static Kind,
        actor: &'a Actor,
        grids: HashMap<String, (i64, UnitPath)>,
        (editing, readers, mode): (Option<i64>, Readers, Mode),
    ) -> Self {
        let (seen, people, records) = Default::default();
        Run { db, kind, actor, grids, seen, editing, readers, failed: false, mode, people, records }
    }
}

/// A row's fields parsed, or what is wrong with its cells.
pub(super) fn parsed(
    kind: &Kind,
    layout: &Layout,
    row: &Row,
    person_id: Option<i64>,
) -> Result<Vec<Value>, Vec<FieldError>> {
    let mut errors = cell_errors(kind, layout, row);
    let given: &[&str] = if person_id.is_some() { &["person"] } else { &[] };
    let values = match kind.parse(|key| layout.cell(&row.cells, key), given) {
        Ok(values) => values,
        Err(e) => {
            // A cell's own fault (a number, a broken byte) says it all for its field.
            let said: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
            errors.extend(e.into_iter().filter(|e| !said.contains(&e.field)));
            return Err(errors);
        }
    };
    if errors.is_empty() { Ok(values) } else { Err(errors) }
}

/// Asks the registry, once for a batch of parsed rows, for the people they name by ID number
/// and the records their keys match.
pub(super) async fn prefetch(
    run: &mut Run<'_>,
    tx: &mut Tx,
    batch: &[(&[Value], Option<i64>)],
) -> AppResult<()> {
    let kind = run.kind;
    let at = |values: &[Value], key: &str| {
        kind.position(key).and_then(|i| values.get(i).map(|v| v.text().to_string()))
    };
    run.people.clear();
    run.records.clear();
    let mut keys: Vec<String> = Vec::new();
    if kind.of_person() {
        // The ID numbers by their blind indexes, each computed once: the people found are kept
        // by the number the row gives.
        let numbers: HashMap<Vec<u8>, String> = batch
            .iter()
            .filter(|(_, given)| given.is_none())
            .filter_map(|(values, _)| at(values, "person"))
            .map(|id| (run.db.vault.index(crate::platform::vault::ID_NUMBER, &id), id))
            .collect();
        let indexes: Vec<Vec<u8>> = numbers.keys().cloned().collect();
        for (index, id, unit, path) in
            crate::registry::store::people::grids_of_indexes(tx, &indexes).await?
        {
            keys.push(id.to_string());
            if let Some(number) = numbers.get(&index) {
                run.people.insert(number.clone(), (id, unit, UnitPath::from_stored(path)));
            }
        }
        keys.extend(batch.iter().filter_map(|(_, given)| given.map(|id| id.to_string())));
    } else {
        keys = batch.iter().filter_map(|(values, _)| at(values, kind.key)).collect();
        keys.retain(|k| !k.is_empty());
    }
    for found in crate::registry::store::records::by_keys(tx, kind, &keys).await? {
        let key = match found.person_id {
            Some(p) => p.to_string(),
            None => match kind.position(kind.key).map(|i| &found.cells[i]) {
                Some(Cell::Text(t)) => t.clone(),
                _ => continue,
            },
        };
        run.records.insert(key, found);
    }
    Ok(())
}

/// Checks one parsed row against the file so far and the batch's answers from the registry,
/// and says what writing it will do, or why it cannot be written.
pub(super) async fn plan(
    run: &mut Run<'_>,
    tx: &mut Tx,
    values: Vec<Value>,
    person_id: Option<i64>,
) -> AppResult<Result<Planned, Vec<FieldError>>> {
    let kind = run.kind;
    let at = |key: &str| kind.position(key).map_or(&Value::Empty, |i| &values[i]);
    // Where the record lies: its grid, or its person's.
    let (unit_id, path, person) = if kind.of_person() {
        let found = match person_id {
            Some(id) => person_at(tx, id).await?,
            None => run.people.get(at("person").text()).cloned(),
        };
        match found {
            Some((id, unit, path))
                if run.actor.sees(&path) && writes(&run.readers, run.actor, kind, &path) =>
            {
                (unit, path, Some(id))
            }
            _ => return Ok(Err(vec![FieldError::new("person", "error.person_unknown")])),
        }
    } else {
        let code = at("grid").text();
        match run.grids.get(code) {
            Some((unit, path)) => (*unit, path.clone(), None),
            None => {
                return Ok(Err(vec![
                    FieldError::new("grid", "error.grid_unknown").arg("code", code),
                ]));
            }
        }
    };
    let key = match person {
        Some(p) => p.to_string(),
        None => at(kind.key).text().to_string(),
    };
    let name = at("name").text().to_string();
    let seen = if key.is_empty() { format!("{unit_id}\u{0}{name}") } else { key.clone() };
    if !run.seen.insert(seen) {
        let field = if key.is_empty() { "name" } else { kind.key };
        return Ok(Err(vec![FieldError::new(field, "error.key_twice")]));
    }
    let matched = if !key.is_empty() {
        run.records.get(&key).cloned()
    } else if kind.by_name {
        crate::registry::store::records::by_name(tx, kind, unit_id, &name).await?
    } else {
        None
    };
    let old = match run.editing {
        Some(id) => {
            if matched.as_ref().is_some_and(|m| m.id != id) {
                return Ok(Err(vec![FieldError::new(kind.key, "error.key_taken")]));
            }
            crate::registry::store::records::get_in(tx, kind, id).await?
        }
        None => matched,
    };
    if let Some(old) = &old
        && !writes(&run.readers, run.actor, kind, &UnitPath::from_stored(old.unit_path.clone()))
    {
        return Ok(Err(vec![FieldError::new(kind.key, "error.record_elsewhere")]));
    }
    let now = tx.now();
    let cells = kind
        .fields
        .iter()
        .zip(&values)
        .map(|(field, value)| match (field.ty, value) {
            (Ty::Grid | Ty::Person, _) => Cell::Null,
            (ty, Value::Secret(plain)) => Cell::Sealed(
                run.db.vault.seal(&sealed_field(kind, field.key), plain),
                run.db.vault.index(&index_kind(kind, field.key, ty), plain),
            ),
            (_, Value::Text(t)) => Cell::Text(t.clone()),
            (_, Value::Int(n)) => Cell::Int(*n),
            (_, Value::Real(x)) => Cell::Real(*x),
            _ => Cell::Null,
        })
        .collect();
    let mut new = Stored {
        id: 0,
        unit_id,
        unit_path: path.as_str().to_string(),
        person_id: person,
        cells,
        created_at: now.clone(),
        updated_at: now,
    };
    let Some(old) = old else { return Ok(Ok(Planned::Insert(new))) };
    new.id = old.id;
    new.created_at = old.created_at.clone();
    for (field, (cell, was)) in kind.fields.iter().zip(new.cells.iter_mut().zip(&old.cells)) {
        let same_seal = matches!((&*cell, was), (Cell::Sealed(_, a), Cell::Sealed(_, b)) if a == b);
        // A sheet adds and corrects, erasing nothing; a form erases, but for a sealed value it
        // cannot show.
        let keep = *cell == Cell::Null && (run.editing.is_none() || field.ty.sealed());
        if same_seal || keep {
            *cell = was.clone();
        }
    }
    if new.cells == old.cells && new.unit_id == old.unit_id {
        return Ok(Ok(Planned::Same(old.id)));
    }
    Ok(Ok(Planned::Update(new, old)))
}

async fn person_at(tx: &mut Tx, id: i64) -> AppResult<Option<(i64, i64, UnitPath)>> {
    let row = crate::registry::store::people::grid_of(tx, id).await?;
    Ok(row.map(|(id, unit, path)| (id, unit, UnitPath::from_stored(path))))
}

/// Errors of the cells themselves: an ID number Excel held as a number, a byte not in the
/// file's encoding.
fn cell_errors(kind: &Kind, layout: &Layout, row: &Row) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for field in kind.fields.iter().filter(|f| matches!(f.ty, Ty::IdNumber | Ty::Person)) {
        if let Some(i) = layout.column_of(field.key)
            && (row.numbers.get(i) == Some(&true)
                || row.cells.get(i).is_some_and(|c| scientific(c)))
        {
            errors.push(FieldError::new(field.key, "error.id_number_as_number"));
        }
    }
    errors.extend(crate::registry::services::import::encoding_errors(layout, row));
    errors
}

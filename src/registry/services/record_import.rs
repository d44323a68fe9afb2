//! Bringing records of a kind in (registry/domain/kinds.rs), from a sheet or one at a time, as
//! the people import does: every row checked (its fields, its grid or person against what the
//! importer keeps, its key against the rest of the file and the registry), sealed and written in
//! one transaction; all-or-nothing unless partial; a row whose key is in the registry updates
//! that record, so importing the same file again changes nothing.

use crate::platform::access::actor::Actor;
use crate::platform::db::{Db, Tx};
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};
use crate::platform::sheet::stream::{Row, Rows};
use crate::registry::domain::records::{Kind, Ty, Value};
use crate::registry::services::columns::{Layout, of_kind, scientific};
use crate::registry::services::import::{Mode, Report};
use crate::registry::services::records::{Readers, index_kind, masked, sealed_field, writes};
use crate::registry::store::counts::Counts;
use crate::registry::store::records::{Cell, Stored};
use std::collections::{HashMap, HashSet};

/// Where the records come from.
pub enum RecordSource {
    /// One record from a form or the API: its fields' texts by key (a record of a person may
    /// name the person by `person_id` instead of ID number), and the id of the record edited.
    One(Option<i64>, HashMap<String, String>),
    /// The rows of a sheet, the header first.
    Rows(Rows),
}

/// What a checked row will do.
enum Planned {
    Insert(Stored),
    Update(Stored, Stored),
    Same(i64),
}

struct Run<'a> {
    db: &'a Db,
    kind: &'static Kind,
    actor: &'a Actor,
    grids: HashMap<String, (i64, UnitPath)>,
    seen: HashSet<String>,
    editing: Option<i64>,
    /// Who reads the special populations, read once before the transaction: every read of
    /// a row's checks goes through the transaction, never the pool beside it (SQLite's one
    /// writer would wait for a connection the others hold).
    readers: Readers,
}

/// Whether the actor writes this kind anywhere: the door, before any row is read.
pub async fn writes_any(db: &Db, actor: &Actor, kind: &Kind) -> AppResult<bool> {
    if !kind.restricted {
        return Ok(crate::registry::services::access::keeps_any(actor));
    }
    let readers = crate::registry::services::records::readers(db).await?;
    Ok(actor.is_system() || actor.held.iter().any(|h| writes(&readers, actor, kind, &h.path)))
}

/// Imports records of a kind; `progress` hears the rows done so far.
pub async fn import(
    db: &Db,
    actor: &Actor,
    kind: &'static Kind,
    source: RecordSource,
    mode: Mode,
    progress: &mut (dyn FnMut(usize) + Send),
) -> AppResult<Report> {
    if !writes_any(db, actor, kind).await? {
        return Err(AppError::Forbidden);
    }
    let columns = of_kind(kind);
    let mut one = None;
    let mut editing = None;
    let (layout, mut rows) = match source {
        RecordSource::One(id, fields) => {
            editing = id;
            let header: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
            let cells = kind.fields.iter().map(|f| fields.get(f.key).cloned().unwrap_or_default());
            let person = fields.get("person_id").and_then(|p| p.parse::<i64>().ok());
            one = Some((Row { number: 2, cells: cells.collect(), ..Row::default() }, person));
            (Layout::read_for(columns, &header).expect("a kind's own header reads"), None)
        }
        RecordSource::Rows(mut rows) => {
            match crate::registry::services::import::header(&mut rows, |h| {
                Layout::read_for(columns, h)
            })? {
                Ok(layout) => (layout, Some(rows)),
                Err(report) => return Ok(Report { kind: kind.name, ..report }),
            }
        }
    };
    let mut grids = crate::platform::hierarchy::services::grids_by_code(db, actor).await?;
    grids.retain(|_, (_, path)| crate::registry::services::access::keeps(actor, path));
    let readers = crate::registry::services::records::readers(db).await?;
    let mut run = Run { db, kind, actor, grids, seen: HashSet::new(), editing, readers };
    let mut report = Report { kind: kind.name, header: layout.header.clone(), ..Report::default() };
    let mut failed = false;
    let mut deltas: HashMap<i64, Counts> = HashMap::new();
    let mut tx = db.begin().await?;
    loop {
        let (row, person) = match (one.take(), rows.as_mut()) {
            (Some(first), _) => first,
            (None, Some(rows)) => match rows.next() {
                Some(row) => (row.map_err(|e| AppError::Invalid(vec![e]))?, None),
                None => break,
            },
            (None, None) => break,
        };
        // An empty line of a sheet is nothing; an empty form or request is a record missing
        // its fields, and says so.
        if rows.is_some() && row.cells.iter().all(String::is_empty) {
            continue;
        }
        report.rows += 1;
        match plan(&mut run, &mut tx, &layout, &row, person).await? {
            Err(errors) => {
                failed = true;
                bad(kind, &layout, &mut report, row, errors);
            }
            Ok(_) if failed && mode == Mode::AllOrNothing => {}
            Ok(Planned::Same(id)) => {
                report.unchanged += 1;
                report.last_id = Some(id);
            }
            Ok(Planned::Insert(new)) => {
                let id = crate::registry::store::records::insert(&mut tx, kind, &new).await?;
                if let Some(column) = kind.counted {
                    deltas.entry(new.unit_id).or_default().add(Counts::one(column), 1);
                }
                report.added += 1;
                report.last_id = Some(id);
            }
            Ok(Planned::Update(new, old)) => {
                crate::registry::store::records::update(&mut tx, kind, &new).await?;
                if let Some(column) = kind.counted.filter(|_| new.unit_id != old.unit_id) {
                    deltas.entry(old.unit_id).or_default().add(Counts::one(column), -1);
                    deltas.entry(new.unit_id).or_default().add(Counts::one(column), 1);
                }
                report.changed += 1;
                report.last_id = Some(new.id);
            }
        }
        if report.rows.is_multiple_of(500) {
            progress(report.rows);
        }
    }
    progress(report.rows);
    if failed && mode == Mode::AllOrNothing {
        tx.rollback().await?;
        return Ok(report);
    }
    let deltas: Vec<(i64, Counts)> = deltas.into_iter().collect();
    crate::registry::store::counts::apply(&mut tx, &deltas).await?;
    let detail = serde_json::json!({
        "kind": kind.name, "rows": report.rows, "added": report.added, "changed": report.changed,
        "unchanged": report.unchanged, "bad": report.bad_rows.len(),
    });
    let (action, object) = match (rows.is_none(), report.last_id) {
        (true, Some(id)) => (format!("{}.save", kind.one), format!("{}:{id}", kind.one)),
        _ => ("registry.import".to_string(), format!("registry:{}", kind.name)),
    };
    crate::platform::audit::append(&mut tx, actor.audit(&action, object, detail)).await?;
    tx.commit().await?;
    report.committed = true;
    Ok(report)
}

/// Checks one row and says what writing it will do, or why it cannot be written.
async fn plan(
    run: &mut Run<'_>,
    tx: &mut Tx,
    layout: &Layout,
    row: &Row,
    person_id: Option<i64>,
) -> AppResult<Result<Planned, Vec<FieldError>>> {
    let kind = run.kind;
    let mut errors = cell_errors(kind, layout, row);
    let given: &[&str] = if person_id.is_some() { &["person"] } else { &[] };
    let values = match kind.parse(|key| layout.cell(&row.cells, key), given) {
        Ok(values) => values,
        Err(e) => {
            // A cell's own fault (a number, a broken byte) says it all for its field.
            let said: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
            errors.extend(e.into_iter().filter(|e| !said.contains(&e.field)));
            return Ok(Err(errors));
        }
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let at = |key: &str| kind.position(key).map_or(&Value::Empty, |i| &values[i]);
    // Where the record lies: its grid, or its person's.
    let (unit_id, path, person) = if kind.of_person() {
        let found = match person_id {
            Some(id) => person_at(tx, id).await?,
            None => {
                let index =
                    run.db.vault.index(crate::platform::vault::ID_NUMBER, at("person").text());
                person_by_index(tx, &index).await?
            }
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
        crate::registry::store::records::by_keys(tx, kind, std::slice::from_ref(&key)).await?.pop()
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

async fn person_by_index(tx: &mut Tx, index: &[u8]) -> AppResult<Option<(i64, i64, UnitPath)>> {
    let row = crate::registry::store::people::grid_of_index(tx, index).await?;
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

/// Records a bad row in the report, its sealed values masked.
fn bad(kind: &Kind, layout: &Layout, report: &mut Report, row: Row, errors: Vec<FieldError>) {
    let cells = row.cells.clone();
    report.bad(layout, row, errors, |error| {
        let cell = layout.cell(&cells, &error.field).unwrap_or_default();
        match kind.field(&error.field) {
            Some(f) if f.ty.sealed() || matches!(f.ty, Ty::Person) => masked(f.ty, cell),
            _ => cell.to_string(),
        }
    });
}

/// Adds or changes one record as the import does (a form, the API); `id` is the record edited,
/// which the actor must see. The record's id.
pub async fn save(
    db: &Db,
    actor: &Actor,
    kind: &'static Kind,
    id: Option<i64>,
    fields: HashMap<String, String>,
) -> AppResult<i64> {
    if let Some(id) = id {
        crate::registry::services::records::stored(db, actor, kind, id).await?;
    }
    let source = RecordSource::One(id, fields);
    let report = import(db, actor, kind, source, Mode::AllOrNothing, &mut |_| {}).await?;
    if !report.errors.is_empty() {
        return Err(AppError::Invalid(report.errors.into_iter().map(|e| e.error).collect()));
    }
    report.last_id.ok_or(AppError::NotFound)
}

//! Bringing records of a kind in (registry/domain/kinds.rs), from a sheet or one at a time, as
//! the people import does: every row checked (its fields, its grid or person against what the
//! importer keeps, its key against the rest of the file and the registry), sealed and written in
//! one transaction; all-or-nothing unless partial; a row whose key is in the registry updates
//! that record, so importing the same file again changes nothing.

use crate::platform::access::actor::Actor;
use crate::platform::db::{Db, Tx};
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult};
use crate::platform::sheet::stream::{Row, Rows};
use crate::registry::domain::records::{Kind, Ty, Value};
use crate::registry::services::columns::{Layout, of_kind};
use crate::registry::services::import::{Mode, Report};
use crate::registry::services::record_plan::{self, Planned, Run};
use crate::registry::services::records::{masked, writes};
use crate::registry::store::counts::Counts;
use std::collections::HashMap;

/// Where the records come from.
pub enum RecordSource {
    /// One record from a form or the API: its fields' texts by key (a record of a person may
    /// name the person by `person_id` instead of ID number), and the id of the record edited.
    One(Option<i64>, HashMap<String, String>),
    /// The rows of a sheet, the header first.
    Rows(Rows),
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
    let mut run = Run::new(db, kind, actor, grids, (editing, readers, mode));
    let mut report = Report { kind: kind.name, header: layout.header.clone(), ..Report::default() };
    let mut deltas: HashMap<i64, Counts> = HashMap::new();
    let mut tx = match rows {
        Some(_) => db.begin_bulk().await?,
        None => db.begin().await?,
    };
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let next = match (one.take(), rows.as_mut()) {
            (Some(first), _) => Some(first),
            (None, Some(rows)) => match rows.next() {
                Some(row) => Some((row.map_err(|e| AppError::Invalid(vec![e]))?, None)),
                None => None,
            },
            (None, None) => None,
        };
        let done = next.is_none();
        // An empty line of a sheet is nothing; an empty form or request is a record missing
        // its fields, and says so.
        match next {
            Some((row, _)) if rows.is_some() && row.cells.iter().all(String::is_empty) => {}
            Some(next) => batch.push(next),
            None => {}
        }
        if batch.len() >= BATCH || (done && !batch.is_empty()) {
            let rows = std::mem::take(&mut batch);
            write(&mut run, &mut tx, &layout, rows, &mut report, &mut deltas).await?;
            progress(report.rows);
        }
        if done {
            break;
        }
    }
    if run.failed && mode == Mode::AllOrNothing {
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

/// Rows read a batch at a time: the registry is asked once a batch, and new records are
/// written a hundred to a statement.
const BATCH: usize = 200;

/// Checks a batch of rows and writes what may be written.
async fn write(
    run: &mut Run<'_>,
    tx: &mut Tx,
    layout: &Layout,
    batch: Vec<(Row, Option<i64>)>,
    report: &mut Report,
    deltas: &mut HashMap<i64, Counts>,
) -> AppResult<()> {
    let kind = run.kind;
    let parsed: Vec<_> = batch
        .into_iter()
        .map(|(row, person)| {
            let values = record_plan::parsed(kind, layout, &row, person);
            (row, person, values)
        })
        .collect();
    let good: Vec<(&[Value], Option<i64>)> = parsed
        .iter()
        .filter_map(|(_, person, values)| values.as_deref().ok().map(|v| (v, *person)))
        .collect();
    record_plan::prefetch(run, tx, &good).await?;
    let mut inserts = Vec::new();
    for (row, person, values) in parsed {
        report.rows += 1;
        let planned = match values {
            Ok(values) => record_plan::plan(run, tx, values, person).await?,
            Err(errors) => Err(errors),
        };
        match planned {
            Err(errors) => {
                run.failed = true;
                bad(kind, layout, report, row, errors);
            }
            Ok(_) if run.failed && run.mode == Mode::AllOrNothing => {}
            Ok(Planned::Same(id)) => {
                report.unchanged += 1;
                report.last_id = Some(id);
            }
            Ok(Planned::Insert(new)) => {
                if let Some(column) = kind.counted {
                    deltas.entry(new.unit_id).or_default().add(Counts::one(column), 1);
                }
                report.added += 1;
                inserts.push(new);
            }
            Ok(Planned::Update(new, old)) => {
                crate::registry::store::records::update(tx, kind, &new).await?;
                if let Some(column) = kind.counted.filter(|_| new.unit_id != old.unit_id) {
                    deltas.entry(old.unit_id).or_default().add(Counts::one(column), -1);
                    deltas.entry(new.unit_id).or_default().add(Counts::one(column), 1);
                }
                report.changed += 1;
                report.last_id = Some(new.id);
            }
        }
    }
    if let Some(id) = crate::registry::store::records::insert_many(tx, kind, &inserts).await? {
        report.last_id = Some(id);
    }
    Ok(())
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

//! Bringing people in, from a sheet of any length or one at a time: every row is checked (its
//! fields, its grid against the importer's scope, its ID number against the rest of the file and
//! the registry, its household's one head), sealed and written in batches inside one
//! transaction. All-or-nothing by default: after a bad row nothing more is written, every row is
//! still checked so the report names them all, and the transaction is rolled back; a process
//! killed half-way leaves the database as it was. Partial mode writes the good rows and reports
//! the bad. A row whose ID number is in the registry already updates that person, so importing
//! the same file again changes nothing.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::service::AppResult;
use crate::platform::sheet::stream::{Row, Rows};
use crate::registry::domain::person::PersonInput;
use crate::registry::services::columns::Layout;
use crate::registry::services::import_prepare::{self, Batches};
use std::collections::{HashMap, HashSet};

/// Where the people come from.
pub enum Source {
    /// One person (a form, the API).
    One(PersonInput),
    /// One person edited: the person of this id, whose name may change.
    Edit(i64, PersonInput),
    /// The rows of a sheet, the header first.
    Rows(Rows),
}

/// What to do with a file that has bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Import nothing.
    AllOrNothing,
    /// Import the good rows.
    Partial,
}

/// A bad row: where, what it held and why.
#[derive(Debug, Clone)]
pub struct RowError {
    /// The row's number as the spreadsheet shows it (1 is the header).
    pub row: usize,
    /// The column's heading as the file has it.
    pub column: String,
    /// The cell's value (masked if it is an ID number or phone).
    pub value: String,
    /// Why, with the field it concerns.
    pub error: FieldError,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// What the sheet held: `people`, or a record kind's name.
    pub kind: &'static str,
    /// Rows read, not counting the header.
    pub rows: usize,
    /// People added.
    pub added: usize,
    /// People changed.
    pub changed: usize,
    /// Rows that matched a person as they stood.
    pub unchanged: usize,
    /// Every bad row's errors, in row order.
    pub errors: Vec<RowError>,
    /// Errors past [`MAX_ERRORS`], counted only.
    pub more_errors: usize,
    /// The bad rows as the file had them, for the report a user fixes (at most [`KEPT_ROWS`]).
    pub bad_rows: Vec<Row>,
    /// The header as the file had it.
    pub header: Vec<String>,
    /// Whether anything was written.
    pub committed: bool,
    /// The id of the last person written (a single save's person).
    pub last_id: Option<i64>,
}

impl Report {
    /// Records a bad row with its errors, each with the value its cell held as the report may
    /// show it (`shown` masks a sealed one): past [`MAX_ERRORS`] errors are only counted, past
    /// [`KEPT_ROWS`] rows only their errors are kept.
    pub(super) fn bad(
        &mut self,
        layout: &Layout,
        row: Row,
        errors: Vec<FieldError>,
        shown: impl Fn(&FieldError) -> String,
    ) {
        for error in errors {
            if self.errors.len() >= MAX_ERRORS {
                self.more_errors += 1;
                continue;
            }
            let value = shown(&error);
            let column = layout.heading_of(&error.field);
            self.errors.push(RowError { row: row.number, column, value, error });
        }
        if self.bad_rows.len() < KEPT_ROWS {
            self.bad_rows.push(row);
        }
    }
}

/// The most bad rows kept whole for the report; past them only their errors are kept.
pub const KEPT_ROWS: usize = 20_000;
/// The most errors a report keeps; past them they are only counted.
pub const MAX_ERRORS: usize = 100_000;
/// Rows checked and written together.
const BATCH: usize = 500;

/// What the checks of a run remember across batches.
pub(super) struct Run {
    pub(super) grids: HashMap<String, (i64, UnitPath)>,
    pub(super) seen: HashSet<u128>,
    pub(super) households: HashMap<String, i64>,
    pub(super) heads: HashMap<i64, i64>,
    pub(super) heads_in_file: HashMap<String, usize>,
    pub(super) mode: Mode,
    pub(super) failed: bool,
    pub(super) editing: Option<i64>,
    /// Who imports: rows may change only the people and households they keep.
    pub(super) actor: Actor,
    /// Households found in the registry that lie outside what the actor keeps.
    pub(super) foreign: HashSet<i64>,
    /// Places by house number: the id of each the actor keeps, none for one they do not.
    pub(super) places: HashMap<String, Option<i64>>,
}

/// Imports people; `progress` hears the rows done so far.
pub async fn people(
    db: &Db,
    actor: &Actor,
    source: Source,
    mode: Mode,
    progress: &mut (dyn FnMut(usize) + Send),
) -> AppResult<Report> {
    if !crate::registry::services::access::keeps_any(actor) {
        return Err(crate::platform::service::AppError::Forbidden);
    }
    let mut editing = None;
    let (layout, rows, one) = match source {
        Source::Edit(id, input) => {
            editing = Some(id);
            (template_layout(), None, Some(input))
        }
        Source::One(input) => (template_layout(), None, Some(input)),
        Source::Rows(mut rows) => match header(&mut rows, Layout::read)? {
            Ok(layout) => (layout, Some(rows), None),
            Err(report) => return Ok(Report { kind: "people", ..report }),
        },
    };
    let mut grids = crate::platform::hierarchy::services::grids_by_code(db, actor).await?;
    // Only the grids the actor keeps: one who reads a township does not write its people.
    grids.retain(|_, (_, path)| crate::registry::services::access::keeps(actor, path));
    let mut run = Run {
        grids,
        seen: HashSet::new(),
        households: HashMap::new(),
        heads: HashMap::new(),
        heads_in_file: HashMap::new(),
        mode,
        failed: false,
        editing,
        actor: actor.clone(),
        foreign: HashSet::new(),
        places: HashMap::new(),
    };
    let mut report = Report { kind: "people", header: layout.header.clone(), ..Report::default() };
    // A sheet is a bulk load; a form or the API's one person is an ordinary write.
    let sheet = rows.is_some();
    let mut tx = if sheet { db.begin_bulk().await? } else { db.begin().await? };
    let mut batches = match (rows, one) {
        (Some(rows), _) => Batches::of_rows(db.vault.clone(), layout.clone(), rows, BATCH),
        (None, Some(input)) => {
            let row = Row { number: 2, ..Row::default() };
            Batches::of(Some(vec![import_prepare::prepare(&db.vault, &layout, row, input)]))
        }
        (None, None) => Batches::of(None),
    };
    // A sheet into an empty registry (a zone's first load, the demo) builds the indexes last.
    let aside = if sheet {
        crate::platform::db::bulk::set_aside(&mut tx, "people").await?
    } else {
        Default::default()
    };
    while let Some(batch) = batches.next().await {
        let batch = batch.map_err(|e| crate::platform::service::AppError::Invalid(vec![e]))?;
        report.rows += batch.len();
        crate::registry::services::import_batch::write(
            &mut tx,
            &layout,
            &mut run,
            batch,
            &mut report,
        )
        .await?;
        progress(report.rows);
    }
    if run.failed && mode == Mode::AllOrNothing {
        tx.rollback().await?;
        return Ok(report);
    }
    crate::platform::db::bulk::restore(&mut tx, aside).await?;
    let detail = serde_json::json!({
        "rows": report.rows, "added": report.added, "changed": report.changed,
        "unchanged": report.unchanged, "bad": report.errors.iter().map(|e| e.row).collect::<HashSet<_>>().len(),
    });
    let object = match (report.rows, report.last_id) {
        (1, Some(id)) => format!("person:{id}"),
        _ => "registry:people".to_string(),
    };
    let action = if report.rows == 1 { "person.save" } else { "registry.import" };
    crate::platform::audit::append(&mut tx, actor.audit(action, object, detail)).await?;
    tx.commit().await?;
    report.committed = true;
    Ok(report)
}

/// Reads a sheet's header row with `read`: its layout, or the report of what is wrong with it.
pub(super) fn header(
    rows: &mut Rows,
    read: impl FnOnce(&[String]) -> Result<Layout, Vec<(usize, FieldError)>>,
) -> AppResult<Result<Layout, Report>> {
    let header = match rows.next() {
        Some(row) => row.map_err(|e| crate::platform::service::AppError::Invalid(vec![e]))?,
        None => Row { number: 1, ..Row::default() },
    };
    Ok(read(&header.cells).map_err(|errors| {
        let errors = errors
            .into_iter()
            .map(|(i, error)| RowError {
                row: 1,
                column: header.cells.get(i).cloned().unwrap_or_default(),
                value: String::new(),
                error,
            })
            .collect();
        Report { errors, header: header.cells.clone(), ..Report::default() }
    }))
}

/// Errors of cells the sheet reader could not decode, by the field of their column.
pub(super) fn encoding_errors(layout: &Layout, row: &Row) -> Vec<FieldError> {
    row.undecodable
        .iter()
        .map(|(column, encoding)| {
            let field = layout.fields.iter().find(|(_, i)| i == column).map_or("file", |(f, _)| f);
            FieldError::new(field, "error.sheet_encoding").arg("encoding", encoding)
        })
        .collect()
}

/// The layout of the template's own header, for people that come one at a time.
fn template_layout() -> Layout {
    let header: Vec<String> =
        crate::registry::services::columns::PEOPLE.iter().map(|c| c.heading.to_string()).collect();
    Layout::read(&header).expect("the template's own header reads")
}

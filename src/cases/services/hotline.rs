//! Cases from the 12345 hotline, imported from its Excel or CSV export. All or nothing unless
//! the user asks to take the good rows: every bad row is reported by number and column, a
//! cell that was not text in the file's encoding among them.

use crate::cases::services::Intake;

use crate::cases::services::ReportInput;

use crate::cases::services::prepare;

use crate::cases::services::write_reports;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use crate::platform::sheet::Sheet;
use chrono::{NaiveDateTime, Utc};
use std::collections::HashMap;

/// The columns, as the template names them (Chinese), with the English names also accepted.
pub const COLUMNS: [(&str, &str); 9] = [
    ("工单编号", "ticket"),
    ("来电时间", "reported_at"),
    ("类别代码", "category"),
    ("网格代码", "grid_code"),
    ("经度", "lon"),
    ("纬度", "lat"),
    ("地址", "address"),
    ("情况描述", "description"),
    ("来电人", "reporter_name"),
];
/// The phone column (kept apart: the template puts it last).
pub const PHONE: (&str, &str) = ("联系电话", "reporter_phone");

/// A bad cell: the sheet's row number (the header is row 1), the column, and why.
#[derive(Debug, Clone)]
pub struct RowError {
    /// Row number as Excel shows it.
    pub row: usize,
    /// The column's header.
    pub column: String,
    /// Why, as a message key with arguments.
    pub error: FieldError,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Cases made.
    pub imported: usize,
    /// Rows left out, with why.
    pub errors: Vec<RowError>,
}

fn parse_time(text: &str) -> Option<chrono::DateTime<Utc>> {
    let text = text.trim().replace('/', "-");
    let local = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())?;
    Some(crate::platform::time::from_local(local))
}

/// Where each column stands in the header row, by its Chinese or English name; the time, the
/// category and the description must be there.
pub fn columns(header: &[String]) -> Result<HashMap<&'static str, usize>, FieldError> {
    let mut at = HashMap::new();
    for (zh, en) in COLUMNS.iter().chain(std::iter::once(&PHONE)) {
        if let Some(i) = header.iter().position(|h| h.trim() == *zh || h.trim() == *en) {
            at.insert(*en, i);
        }
    }
    for required in ["reported_at", "category", "description"] {
        if !at.contains_key(required) {
            let zh = COLUMNS.iter().find(|c| c.1 == required).map(|c| c.0).unwrap_or(required);
            return Err(FieldError::new("file", "error.sheet_column").arg("column", zh));
        }
    }
    Ok(at)
}

/// One row of the sheet as a report, before the checks every report gets: its time (not after
/// `now`), its grid by division code (`codes`), or else its point. A bad cell gives its column.
pub fn row_input(
    at: &HashMap<&str, usize>,
    cells: &[String],
    codes: &HashMap<String, i64>,
    now: chrono::DateTime<Utc>,
) -> Result<ReportInput, (&'static str, FieldError)> {
    let cell = |name: &str| {
        at.get(name).and_then(|i| cells.get(*i)).map(|c| c.trim().to_string()).unwrap_or_default()
    };
    let Some(reported_at) = parse_time(&cell("reported_at")).filter(|t| *t <= now) else {
        return Err(("reported_at", FieldError::new("reported_at", "error.datetime")));
    };
    let unit_id = match cell("grid_code").as_str() {
        "" => None,
        code => Some(
            *codes
                .get(code)
                .ok_or(("grid_code", FieldError::new("grid_code", "error.no_such_unit")))?,
        ),
    };
    let point = crate::platform::geo::Point::parse(&cell("lon"), &cell("lat"));
    let ticket = cell("ticket");
    Ok(ReportInput {
        category: cell("category"),
        unit_id,
        point: if unit_id.is_some() { None } else { point },
        title: if ticket.is_empty() { String::new() } else { format!("12345工单 {ticket}") },
        description: cell("description"),
        address: cell("address"),
        source: "hotline".into(),
        reporter_name: cell("reporter_name"),
        reporter_phone: cell("reporter_phone"),
        parties: Vec::new(),
        reported_at: Some(reported_at),
    })
}

/// Imports the rows of a hotline sheet (the first row is the header).
pub async fn import(
    db: &Db,
    actor: &Actor,
    sheet: &Sheet,
    partial: bool,
) -> AppResult<ImportReport> {
    let rows = &sheet.rows;
    let Some(header) = rows.first() else {
        return Err(FieldError::new("file", "error.sheet_empty").into());
    };
    // Without its header no row can be read.
    if let Some(u) = sheet.undecodable_in(1) {
        return Err(u.error(format!("row 1 {}", u.column + 1)).into());
    }
    let at = columns(header)?;
    let codes: HashMap<String, i64> =
        crate::platform::hierarchy::store::codes(&db.pool).await?.into_iter().collect();
    let intake = Intake::load(db).await?;
    let mut report = ImportReport::default();
    let mut ready = Vec::new();
    let now = db.clock.now();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        let row = i + 1;
        let undecodable = sheet.undecodable_in(row);
        if cells.iter().all(|c| c.trim().is_empty()) && undecodable.is_none() {
            continue;
        }
        if let Some(u) = undecodable {
            let column = header
                .get(u.column)
                .filter(|h| !h.is_empty())
                .cloned()
                .unwrap_or_else(|| (u.column + 1).to_string());
            report.errors.push(RowError { row, error: u.error(column.clone()), column });
            continue;
        }
        let column = |name: &str| {
            header
                .get(at.get(name).copied().unwrap_or(usize::MAX))
                .cloned()
                .unwrap_or_else(|| name.to_string())
        };
        let mut bad = |name: &str, error: FieldError| {
            report.errors.push(RowError { row, column: column(name), error })
        };
        let input = match row_input(&at, cells, &codes, now) {
            Ok(input) => input,
            Err((name, error)) => {
                bad(name, error);
                continue;
            }
        };
        match prepare(db, &intake, actor, input).await {
            Ok(p) => ready.push(p),
            Err(AppError::Invalid(fields)) => {
                for f in fields {
                    let name = match f.field.as_str() {
                        "unit_id" | "point" => "grid_code",
                        other => other,
                    }
                    .to_string();
                    bad(&name, f);
                }
            }
            Err(e) => return Err(e),
        }
    }
    if !report.errors.is_empty() && !partial {
        return Err(AppError::Invalid(
            report
                .errors
                .into_iter()
                .map(|e| {
                    let mut f = e.error;
                    f.field = format!("row {} {}", e.row, e.column);
                    f
                })
                .collect(),
        ));
    }
    let mut tx = db.begin().await?;
    report.imported =
        write_reports(&mut tx, ready.into_iter().map(|p| (actor, p)).collect()).await?.len();
    tx.commit().await?;
    Ok(report)
}

//! Export of exactly the filtered rows of a list, to XLSX or CSV: audited before the file is
//! handed out, formula-safe (platform::sheet), and bounded.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult, Paging};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The most rows one export holds; past it the person narrows the filters.
pub const MAX_ROWS: i64 = 100_000;

/// Rows an export reads at a time.
pub const BATCH: i64 = 500;

/// XLSX or CSV, by the path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An Excel workbook.
    Xlsx,
    /// UTF-8 CSV with a byte-order mark, as Excel opens it.
    Csv,
}

/// The pages an export reads, refusing a list over [`MAX_ROWS`] before reading it all.
pub fn pages(total: i64) -> AppResult<impl Iterator<Item = Paging>> {
    if total > MAX_ROWS {
        return Err(AppError::Invalid(vec![
            FieldError::new("export", "error.export_too_big").arg("max", MAX_ROWS),
        ]));
    }
    let count = ((total + BATCH - 1) / BATCH).max(1);
    Ok((1..=count).map(|page| Paging { page, page_size: BATCH }))
}

/// What is exported, for the audit chain and the file's name.
pub struct Export<'a> {
    /// The file's name without its extension, and the sheet's (`cases`).
    pub name: &'a str,
    /// The action recorded (`cases.export`).
    pub action: &'a str,
    /// The object recorded (`unit:1`).
    pub object: String,
    /// The filters, as the list's URL has them.
    pub filters: String,
    /// Why, when the export holds values shown whole (an ID number revealed).
    pub purpose: Option<String>,
}

/// Records the export in the audit chain, then writes the file.
pub async fn respond(
    db: &Db,
    actor: &Actor,
    format: Format,
    what: Export<'_>,
    header_row: &[String],
    rows: &[Vec<String>],
) -> AppResult<Response> {
    let mut detail = serde_json::json!({"filters": what.filters, "rows": rows.len(), "format": if format == Format::Xlsx { "xlsx" } else { "csv" }});
    if let Some(purpose) = &what.purpose {
        detail["purpose"] = serde_json::json!(purpose);
        detail["revealed"] = serde_json::json!(true);
    }
    crate::platform::audit::reads::record(db, actor, what.action, what.object, detail).await?;
    Ok(match format {
        Format::Xlsx => {
            let bytes = crate::platform::sheet::xlsx(what.name, header_row, rows)
                .map_err(|e| anyhow::anyhow!("xlsx: {e}"))?;
            crate::platform::web::download::xlsx_response(&format!("{}.xlsx", what.name), bytes)
        }
        Format::Csv => {
            let bytes = crate::platform::sheet::csv(header_row, rows)
                .map_err(|e| anyhow::anyhow!("csv: {e}"))?;
            let disposition = format!("attachment; filename=\"{}.csv\"", what.name);
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
    })
}

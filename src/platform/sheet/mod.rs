//! Spreadsheets in and out. Every upload is read here, by [`read_upload`]: xlsx and CSV (UTF-8,
//! or GBK as older Chinese Excel writes it) into rows of text, within the limits of [`limits`],
//! each checked before the memory it guards is taken, off the async threads and a few at a
//! time. The old binary .xls is refused (calamine's reader reserves the declared range and
//! reads every stream whole, with nothing to stream), and so is any other kind of file, by name.
//! Every export is written here too ([`xlsx`], [`csv`]), every cell as text.

pub mod csv_in;
pub mod limits;
pub mod stream;
#[cfg(test)]
mod tests;
pub mod write;
pub mod xlsx_in;
pub mod zip_guard;

pub use crate::platform::sheet::write::csv;

pub use crate::platform::sheet::write::neutralise;

pub use crate::platform::sheet::write::xlsx;

use crate::platform::input::FieldError;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

/// The rows of a sheet, and the cells whose bytes were not text in the file's encoding.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// Rows of trimmed text cells; the first is the header.
    pub rows: Vec<Vec<String>>,
    /// Cells left empty in `rows` because they could not be decoded.
    pub undecodable: Vec<Undecodable>,
    /// Cells an xlsx held as numbers, not text, as (row from 1, column from 0): a long number
    /// such as an ID number has lost its last digits to Excel's 15 significant ones.
    pub numbers: Vec<(usize, usize)>,
}

/// A CSV cell that is not text in the file's encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// Its row, from 1 (the header).
    pub row: usize,
    /// Its column, from 0.
    pub column: usize,
    /// The file's encoding (`UTF-8` or `GBK`).
    pub encoding: &'static str,
}

impl Sheet {
    /// The undecodable cell of a row (numbered from 1), if it has one.
    pub fn undecodable_in(&self, row: usize) -> Option<&Undecodable> {
        self.undecodable.iter().find(|u| u.row == row)
    }
}

impl Undecodable {
    /// Why the cell was left empty, for the column named `column`.
    pub fn error(&self, column: impl Into<String>) -> FieldError {
        FieldError::new(column, "error.sheet_encoding").arg("encoding", self.encoding)
    }
}

const OLE: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// Reads an uploaded file into rows, within the limits.
pub fn read(bytes: &[u8]) -> Result<Sheet, FieldError> {
    read_by(bytes, crate::platform::sheet::limits::Deadline::start())
}

/// Reads as [`read`] does, by another deadline.
fn read_by(
    bytes: &[u8],
    deadline: crate::platform::sheet::limits::Deadline,
) -> Result<Sheet, FieldError> {
    if bytes.len() > crate::platform::sheet::limits::MAX_FILE_BYTES {
        return Err(crate::platform::sheet::limits::refuse(
            "error.sheet_size",
            crate::platform::sheet::limits::MAX_FILE_BYTES >> 20,
        ));
    }
    if bytes.starts_with(&OLE) {
        return Err(FieldError::new("file", "error.sheet_xls"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let parts = crate::platform::sheet::zip_guard::check(bytes, &deadline)?;
        let has = |prefix: &str| parts.iter().any(|p| p.starts_with(prefix));
        let other = if has("mimetype") {
            Some("ODS")
        } else if has("word/") {
            Some("DOCX")
        } else {
            has("ppt/").then_some("PPTX")
        };
        return match other {
            Some(format) => {
                Err(FieldError::new("file", "error.sheet_format").arg("format", format))
            }
            None => crate::platform::sheet::xlsx_in::read(bytes, &deadline),
        };
    }
    if let Some(kind) = infer::get(bytes).filter(|k| k.matcher_type() != infer::MatcherType::Text) {
        return Err(FieldError::new("file", "error.sheet_format")
            .arg("format", kind.extension().to_uppercase()));
    }
    crate::platform::sheet::csv_in::read(bytes, &deadline)
}

/// Reads rows as [`read`] does, refusing a file with any cell that could not be decoded.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, FieldError> {
    let sheet = read(bytes)?;
    match sheet.undecodable.first() {
        Some(u) => Err(u.error(format!("row {} column {}", u.row, u.column + 1))),
        None => Ok(sheet.rows),
    }
}

/// At most this many files are read at once, one a core: the rest wait their turn.
static READERS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
});

/// Reads an uploaded file as [`read`] does, on a blocking thread once a reader is free.
pub async fn read_upload(bytes: Vec<u8>) -> Result<Sheet, FieldError> {
    let permit = READERS.clone().acquire_owned().await.map_err(|_| unreadable())?;
    // The permit goes with the work: a request given up on still holds it until the read ends.
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        read(&bytes)
    })
    .await
    .unwrap_or_else(|_| Err(unreadable()))
}

/// A file that is no spreadsheet zhili reads.
pub fn unreadable() -> FieldError {
    FieldError::new("file", "error.sheet_unreadable")
}

//! How much of a spreadsheet zhili reads, in one place. Every limit is checked before the
//! memory it guards is taken, and each answers with a message naming it.
//!
//! The work they fit: a zone's 12345 hotline export for a whole year is a few thousand rows of
//! ten columns (under 1 MB as xlsx, about 2 MB as CSV); the category catalogue is a few hundred
//! rows of twelve. Each limit leaves ten times that room, and no more.

use crate::platform::input::FieldError;
use std::time::{Duration, Instant};

/// The largest file read, in bytes: under the 10 MB request limit, with room for the form.
pub const MAX_FILE_BYTES: usize = 8 << 20;
/// The most parts in an xlsx (Excel writes about a dozen, one more per sheet).
pub const MAX_ENTRIES: usize = 200;
/// The largest part once inflated: a sheet of 20,000 full rows is about 10 MB of XML.
pub const MAX_ENTRY_BYTES: u64 = 30 << 20;
/// All parts together once inflated.
pub const MAX_EXPANDED_BYTES: u64 = 50 << 20;
/// How many times a part may inflate: Excel's XML deflates 5 to 20 times, a sparse sheet up to
/// about 60; a bomb does 1,000.
pub const MAX_RATIO: u64 = 100;
/// Parts smaller than this once inflated are not held to [`MAX_RATIO`]: a tiny part of
/// repeated bytes compresses without bound and costs nothing.
pub const RATIO_FLOOR_BYTES: u64 = 1 << 20;
/// The most sheets in a workbook (only the first is read).
pub const MAX_SHEETS: usize = 50;
/// The most rows, counted from the first row used to the last.
pub const MAX_ROWS: usize = 20_000;
/// The most columns, counted from the first column used to the last.
pub const MAX_COLUMNS: usize = 100;
/// The most cells present in the sheet (never the declared range): 20,000 rows of ten.
pub const MAX_CELLS: usize = 200_000;
/// The most shared strings in a workbook (as counted, and as the file declares).
pub const MAX_SHARED_STRINGS: u64 = 200_000;
/// The shared strings' text together.
pub const MAX_SHARED_STRING_BYTES: u64 = 20 << 20;
/// The text of every cell read together: one long shared string used by every cell would
/// otherwise be copied into each.
pub const MAX_TEXT_BYTES: usize = 20 << 20;
/// How long reading one file may take: the real ones take milliseconds, a sheet at every
/// limit about a second.
pub const MAX_SECONDS: u64 = 10;

/// The refusal for one limit: the upload's field (`file`), the message key and the limit.
pub fn refuse(key: &'static str, max: impl ToString) -> FieldError {
    FieldError::new("file", key).arg("max", max)
}

/// Megabytes, as the messages show limits in bytes.
pub fn megabytes(bytes: u64) -> u64 {
    bytes >> 20
}

/// The moment a read must be done by; checked as it goes.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Instant);

impl Deadline {
    /// [`MAX_SECONDS`] from now.
    pub fn start() -> Self {
        Self::after(Duration::from_secs(MAX_SECONDS))
    }

    /// Some other time from now (tests give an unoptimised build more, or none).
    pub fn after(time: Duration) -> Self {
        Deadline(Instant::now() + time)
    }

    /// Refuses once the time is up.
    pub fn check(&self) -> Result<(), FieldError> {
        if Instant::now() >= self.0 { Err(refuse("error.sheet_time", MAX_SECONDS)) } else { Ok(()) }
    }
}

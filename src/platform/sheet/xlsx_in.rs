//! The first sheet of an xlsx (already through [`crate::platform::sheet::zip_guard`]), read cell by cell as the
//! XML holds them: the declared range is never allocated, only the cells present are kept, and
//! the rows span the cells used, as calamine's ranges do.

use crate::platform::sheet::limits::Deadline;

use crate::platform::sheet::limits::MAX_CELLS;

use crate::platform::sheet::limits::MAX_COLUMNS;

use crate::platform::sheet::limits::MAX_ROWS;

use crate::platform::sheet::limits::MAX_SHEETS;

use crate::platform::sheet::limits::MAX_TEXT_BYTES;

use crate::platform::sheet::limits::megabytes;

use crate::platform::input::FieldError;
use crate::platform::sheet::Sheet;
use crate::platform::sheet::limits::refuse;
use crate::platform::sheet::unreadable;
use calamine::{Data, DataRef, Reader, Xlsx};

/// Reads the first sheet's cells into rows of trimmed text.
pub fn read(bytes: &[u8], deadline: &Deadline) -> Result<Sheet, FieldError> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let names = book.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(refuse("error.sheet_sheets", MAX_SHEETS));
    }
    let first = names.first().ok_or_else(unreadable)?;
    let mut reader = book.worksheet_cells_reader(first).map_err(|_| unreadable())?;
    let (mut cells, mut present, mut text) = (Vec::new(), 0usize, 0usize);
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        present += 1;
        if present > MAX_CELLS {
            return Err(refuse("error.sheet_cells", MAX_CELLS));
        }
        if present.is_multiple_of(1024) {
            deadline.check()?;
        }
        let number = matches!(cell.get_value(), DataRef::Float(_) | DataRef::Int(_));
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            // Measured before it is copied: many cells may share one long string.
            DataRef::SharedString(s) => budget(&mut text, s.trim())?.to_string(),
            DataRef::String(s) => budget(&mut text, s.trim())?.to_string(),
            other => {
                let t = cell_text(&Data::from(other.clone()));
                budget(&mut text, &t)?;
                t
            }
        };
        let (row, column) = cell.get_position();
        cells.push((row, column, value, number));
    }
    let (rows, numbers) = place(cells)?;
    Ok(Sheet { rows, undecodable: Vec::new(), numbers })
}

fn budget<'a>(used: &mut usize, text: &'a str) -> Result<&'a str, FieldError> {
    *used += text.len();
    if *used > MAX_TEXT_BYTES {
        Err(refuse("error.sheet_text", megabytes(MAX_TEXT_BYTES as u64)))
    } else {
        Ok(text)
    }
}

/// A cell read: row, column, text, and whether it was a number.
type Cell = (u32, u32, String, bool);

/// The rows, and the places of the cells that were numbers.
type Placed = (Vec<Vec<String>>, Vec<(usize, usize)>);

/// Puts the cells in rows from the first row and column used, with the places of the number
/// cells; refuses a span over the limits before making a row.
fn place(cells: Vec<Cell>) -> Result<Placed, FieldError> {
    let (Some(top), Some(left)) =
        (cells.iter().map(|c| c.0).min(), cells.iter().map(|c| c.1).min())
    else {
        return Ok((Vec::new(), Vec::new()));
    };
    let bottom = cells.iter().map(|c| c.0).max().unwrap_or(top);
    let right = cells.iter().map(|c| c.1).max().unwrap_or(left);
    if (bottom - top) as usize >= MAX_ROWS {
        return Err(refuse("error.sheet_rows", MAX_ROWS));
    }
    if (right - left) as usize >= MAX_COLUMNS {
        return Err(refuse("error.sheet_columns", MAX_COLUMNS));
    }
    let mut rows = vec![Vec::new(); (bottom - top) as usize + 1];
    let mut numbers = Vec::new();
    for (row, column, value, number) in cells {
        let (r, c) = ((row - top) as usize, (column - left) as usize);
        if number {
            numbers.push((r + 1, c));
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = value;
    }
    Ok((rows, numbers))
}

pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        // Excel keeps dates as day numbers; write them as people type them.
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

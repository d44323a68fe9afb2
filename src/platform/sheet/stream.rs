//! Rows one at a time, for imports that may be larger than any upload: an uploaded [`Sheet`]
//! (already read within the upload limits), or a file the command line names, streamed so that
//! memory stays flat whatever its length. A file is read on a thread of its own that hands rows
//! over through a short queue, so reading and checking overlap.

use crate::platform::input::FieldError;
use crate::platform::sheet::Sheet;
use calamine::{Data, DataRef, Reader, Xlsx};
use encoding_rs::{Encoding, GBK, UTF_8};
use std::io::{BufReader, Read};
use std::path::Path;

/// One row of a sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Its number, from 1 (the header), as a spreadsheet shows it.
    pub number: usize,
    /// Its cells, trimmed.
    pub cells: Vec<String>,
    /// Which of its cells an xlsx held as numbers.
    pub numbers: Vec<bool>,
    /// Which of its cells could not be decoded (CSV), with the file's encoding.
    pub undecodable: Vec<(usize, &'static str)>,
}

/// Rows as they come.
pub type Rows = Box<dyn Iterator<Item = Result<Row, FieldError>> + Send>;

/// The most rows a file on the command line may hold, and columns a row.
pub const MAX_FILE_ROWS: usize = 5_000_000;
const MAX_FILE_COLUMNS: usize = 100;

/// The rows of an uploaded sheet.
pub fn of_sheet(sheet: Sheet) -> Rows {
    let Sheet { rows, undecodable, numbers } = sheet;
    let numbers: std::collections::HashSet<(usize, usize)> = numbers.into_iter().collect();
    let mut bad_cells: std::collections::HashMap<usize, Vec<(usize, &'static str)>> =
        std::collections::HashMap::new();
    for u in undecodable {
        bad_cells.entry(u.row).or_default().push((u.column, u.encoding));
    }
    Box::new(rows.into_iter().enumerate().map(move |(i, cells)| {
        let number = i + 1;
        let flags = (0..cells.len()).map(|c| numbers.contains(&(number, c))).collect();
        let bad = bad_cells.remove(&number).unwrap_or_default();
        Ok(Row { number, cells, numbers: flags, undecodable: bad })
    }))
}

/// The rows of an xlsx or CSV file (UTF-8 or GBK), streamed.
pub fn of_file(path: &Path) -> anyhow::Result<Rows> {
    let mut file = std::fs::File::open(path)?;
    let mut head = [0u8; 8];
    let n = file.read(&mut head)?;
    drop(file);
    let (chunks, receiver) = std::sync::mpsc::sync_channel::<Vec<Result<Row, FieldError>>>(8);
    let path = path.to_path_buf();
    let xlsx = head[..n].starts_with(b"PK\x03\x04");
    if head[..n].starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(anyhow::anyhow!("{}: save it as .xlsx or CSV", path.display()));
    }
    std::thread::spawn(move || {
        let mut sender = Sender { chunks, chunk: Vec::with_capacity(CHUNK) };
        let sent = if xlsx { xlsx_rows(&path, &mut sender) } else { csv_rows(&path, &mut sender) };
        if let Err(e) = sent {
            let _ = sender.send(Err(e));
        }
        sender.flush();
    });
    Ok(Box::new(receiver.into_iter().flatten()))
}

/// Rows handed from the reading thread a chunk at a time: one at a time, a full channel woke
/// the reader for every row the import took, a fifth of a large import's time (measured).
const CHUNK: usize = 256;

/// The reading thread's end of the channel, gathering rows into chunks.
struct Sender {
    chunks: std::sync::mpsc::SyncSender<Vec<Result<Row, FieldError>>>,
    chunk: Vec<Result<Row, FieldError>>,
}

impl Sender {
    /// Hands a row on; an error when the import has stopped taking them.
    fn send(&mut self, row: Result<Row, FieldError>) -> Result<(), ()> {
        self.chunk.push(row);
        if self.chunk.len() >= CHUNK {
            let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
            return self.chunks.send(full).map_err(|_| ());
        }
        Ok(())
    }

    /// Hands on the rows gathered so far.
    fn flush(&mut self) {
        if !self.chunk.is_empty() {
            let _ = self.chunks.send(std::mem::take(&mut self.chunk));
        }
    }
}

fn too_many(number: usize, width: usize) -> Result<(), FieldError> {
    if number > MAX_FILE_ROWS {
        return Err(crate::platform::sheet::limits::refuse("error.sheet_rows", MAX_FILE_ROWS));
    }
    if width > MAX_FILE_COLUMNS {
        return Err(crate::platform::sheet::limits::refuse(
            "error.sheet_columns",
            MAX_FILE_COLUMNS,
        ));
    }
    Ok(())
}

/// The encoding of a CSV file from its first 64 KiB, as the upload reader decides it.
fn encoding_of(head: &[u8]) -> &'static Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // A character cut at the end of the sample is not a wrong byte.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(e) if !head[..e.valid_up_to()].is_ascii() => UTF_8,
        Err(_) => GBK,
    }
}

fn csv_rows(path: &Path, sender: &mut Sender) -> Result<(), FieldError> {
    let unreadable = crate::platform::sheet::unreadable;
    let mut file =
        BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(|_| unreadable())?);
    let mut head = vec![0u8; 1 << 16];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]).map_err(|_| unreadable())? {
            0 => break,
            n => got += n,
        }
    }
    head.truncate(got);
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let encoding = if bom { UTF_8 } else { encoding_of(&head) };
    let body = if bom { head[3..].to_vec() } else { head };
    let reader = std::io::Cursor::new(body).chain(file);
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut number = 0;
    while csv.read_byte_record(&mut record).map_err(|_| unreadable())? {
        number += 1;
        too_many(number, record.len())?;
        let mut row = Row { number, ..Row::default() };
        for (column, field) in record.iter().enumerate() {
            match encoding.decode_without_bom_handling_and_without_replacement(field) {
                Some(text) => row.cells.push(text.trim().to_string()),
                None => {
                    row.undecodable.push((column, encoding.name()));
                    row.cells.push(String::new());
                }
            }
        }
        row.numbers = vec![false; row.cells.len()];
        if sender.send(Ok(row)).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

fn xlsx_rows(path: &Path, sender: &mut Sender) -> Result<(), FieldError> {
    let unreadable = crate::platform::sheet::unreadable;
    let file = BufReader::new(std::fs::File::open(path).map_err(|_| unreadable())?);
    let mut book: Xlsx<_> = Xlsx::new(file).map_err(|_| unreadable())?;
    let first = book.sheet_names().first().cloned().ok_or_else(unreadable)?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(|_| unreadable())?;
    let mut row = Row::default();
    let mut at: Option<u32> = None;
    // Rows come in order; a row with no cells is skipped, as a spreadsheet shows none.
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        let c = c as usize;
        if at != Some(r) {
            if at.is_some() && sender.send(Ok(std::mem::take(&mut row))).is_err() {
                return Ok(());
            }
            at = Some(r);
            row.number = r as usize + 1;
        }
        too_many(row.number, c + 1)?;
        let number = matches!(cell.get_value(), DataRef::Float(_) | DataRef::Int(_));
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => s.trim().to_string(),
            DataRef::String(s) => s.trim().to_string(),
            other => crate::platform::sheet::xlsx_in::cell_text(&Data::from(other.clone())),
        };
        if row.cells.len() <= c {
            row.cells.resize(c + 1, String::new());
            row.numbers.resize(c + 1, false);
        }
        row.cells[c] = text;
        row.numbers[c] = number;
    }
    if at.is_some() {
        let _ = sender.send(Ok(row));
    }
    Ok(())
}

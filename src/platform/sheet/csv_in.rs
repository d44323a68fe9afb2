//! CSV as the 12345 system and Excel write it: UTF-8 (with or without a BOM) or GBK. Fields are
//! split on the bytes (both encodings keep `,`, `"` and line ends as single bytes), then each is
//! decoded strictly: a field that is not text in the file's encoding is left empty and reported
//! by row and column, so the other fields keep their columns and the other rows can be taken.

use crate::platform::sheet::limits::Deadline;

use crate::platform::sheet::limits::MAX_CELLS;

use crate::platform::sheet::limits::MAX_COLUMNS;

use crate::platform::sheet::limits::MAX_ROWS;

use crate::platform::input::FieldError;
use crate::platform::sheet::Sheet;
use crate::platform::sheet::Undecodable;
use crate::platform::sheet::limits::refuse;
use crate::platform::sheet::unreadable;
use encoding_rs::{Encoding, GBK, UTF_8};

/// Reads CSV bytes into rows of trimmed text.
pub fn read(bytes: &[u8], deadline: &Deadline) -> Result<Sheet, FieldError> {
    let (bytes, encoding) = encoding_of(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let (mut record, mut sheet, mut cells) = (csv::ByteRecord::new(), Sheet::default(), 0usize);
    while reader.read_byte_record(&mut record).map_err(|_| unreadable())? {
        if sheet.rows.len() >= MAX_ROWS {
            return Err(refuse("error.sheet_rows", MAX_ROWS));
        }
        if record.len() > MAX_COLUMNS {
            return Err(refuse("error.sheet_columns", MAX_COLUMNS));
        }
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(refuse("error.sheet_cells", MAX_CELLS));
        }
        if sheet.rows.len().is_multiple_of(256) {
            deadline.check()?;
        }
        let row = sheet.rows.len() + 1;
        let mut cells_of_row = Vec::with_capacity(record.len());
        for (column, field) in record.iter().enumerate() {
            match encoding.decode_without_bom_handling_and_without_replacement(field) {
                Some(text) => cells_of_row.push(text.trim().to_string()),
                None => {
                    sheet.undecodable.push(Undecodable { row, column, encoding: encoding.name() });
                    cells_of_row.push(String::new());
                }
            }
        }
        sheet.rows.push(cells_of_row);
    }
    Ok(sheet)
}

/// UTF-8 when the file says so by its BOM, or is UTF-8 throughout, or already holds valid
/// non-ASCII UTF-8 before its first invalid byte; else GBK, as older Chinese Excel writes.
fn encoding_of(bytes: &[u8]) -> (&[u8], &'static Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (rest, UTF_8);
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => (bytes, UTF_8),
        Err(e) if !bytes[..e.valid_up_to()].is_ascii() => (bytes, UTF_8),
        Err(_) => (bytes, GBK),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        GBK.encode(text).0.into_owned()
    }

    #[test]
    fn a_broken_byte_is_one_cell_of_one_row() {
        let mut bytes = gbk("类别代码,情况描述,地址\nI0101,井盖缺失,宁郭村\nI0102,");
        bytes.extend_from_slice(&[0xB5, 0xC6, 0xFF]);
        bytes.extend_from_slice(&gbk(",二组\nI0103,路灯不亮,三组\n"));
        let sheet = read(&bytes, &Deadline::after(std::time::Duration::from_secs(120))).unwrap();
        assert_eq!(sheet.rows[1], ["I0101", "井盖缺失", "宁郭村"]);
        assert_eq!(sheet.rows[2], ["I0102", "", "二组"], "no column shifts");
        assert_eq!(sheet.rows[3], ["I0103", "路灯不亮", "三组"]);
        assert_eq!(sheet.undecodable, [Undecodable { row: 3, column: 1, encoding: "GBK" }]);
    }

    #[test]
    fn utf8_with_a_broken_byte_stays_utf8() {
        let mut bytes = "类别代码,情况描述\nI0101,".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xE4, 0xB8]);
        bytes.extend_from_slice("\nI0102,路灯不亮\n".as_bytes());
        let sheet = read(&bytes, &Deadline::after(std::time::Duration::from_secs(120))).unwrap();
        assert_eq!(sheet.rows[2], ["I0102", "路灯不亮"]);
        assert_eq!(sheet.undecodable, [Undecodable { row: 2, column: 1, encoding: "UTF-8" }]);
    }

    #[test]
    fn rows_columns_and_cells_are_limited() {
        let rows = "a\n".repeat(MAX_ROWS + 1);
        assert_eq!(
            read(rows.as_bytes(), &Deadline::after(std::time::Duration::from_secs(120)))
                .unwrap_err()
                .key,
            "error.sheet_rows"
        );
        assert_eq!(
            read(&rows.as_bytes()[2..], &Deadline::after(std::time::Duration::from_secs(120)))
                .unwrap()
                .rows
                .len(),
            MAX_ROWS
        );
        let wide = ",".repeat(MAX_COLUMNS);
        assert_eq!(
            read(wide.as_bytes(), &Deadline::after(std::time::Duration::from_secs(120)))
                .unwrap_err()
                .key,
            "error.sheet_columns"
        );
        let cells =
            format!("{}\n", ",".repeat(MAX_COLUMNS - 1)).repeat(MAX_CELLS / MAX_COLUMNS + 1);
        assert_eq!(
            read(cells.as_bytes(), &Deadline::after(std::time::Duration::from_secs(120)))
                .unwrap_err()
                .key,
            "error.sheet_cells"
        );
        assert_eq!(
            read(b"a\n", &Deadline::after(std::time::Duration::ZERO)).unwrap_err().key,
            "error.sheet_time"
        );
    }
}

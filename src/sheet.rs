//! Spreadsheets in and out: Excel (xlsx, xls) and CSV (UTF-8, or GBK as older Chinese Excel
//! writes it) read into rows of text; rows written out as xlsx with a bold header.

use calamine::{Data, Reader};

/// Reads the first sheet of an Excel file, or CSV text, into rows of trimmed text cells.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let excel = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if excel {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let range = book.worksheet_range_at(0).ok_or("the workbook has no sheet")?.map_err(|e| e.to_string())?;
        return Ok(range.rows().map(|row| row.iter().map(cell_text).collect()).collect());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().map(|r| r.map(|r| r.iter().map(|c| c.trim().to_string()).collect()).map_err(|e| e.to_string())).collect()
}

fn cell_text(cell: &Data) -> String {
    match cell {
        // Excel keeps dates as day numbers; write them as people type them.
        Data::DateTime(d) => d.as_datetime().map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| d.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// Writes rows under a header as an xlsx workbook of one sheet.
pub fn xlsx(sheet: &str, header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(|e| e.to_string())?;
        }
    }
    ws.autofit();
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_round_trips_with_chinese_names() {
        let header = vec!["类别代码".to_string(), "情况描述".to_string()];
        let rows = vec![vec!["D01".to_string(), "宅基地边界争议".to_string()]];
        let bytes = xlsx("热线工单", &header, &rows).unwrap();
        let back = read_rows(&bytes).unwrap();
        assert_eq!(back, vec![header, rows[0].clone()]);
    }

    #[test]
    fn csv_in_utf8_or_gbk() {
        let utf8 = "\u{feff}类别代码,情况描述\nI0101,井盖缺失\n".as_bytes().to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("类别代码,情况描述\nI0101,井盖缺失\n");
        for bytes in [utf8, gbk.into_owned()] {
            let rows = read_rows(&bytes).unwrap();
            assert_eq!(rows[1], ["I0101", "井盖缺失"]);
        }
    }
}

//! Rows written out as xlsx with a bold header.

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

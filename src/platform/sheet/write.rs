//! Rows written out: as xlsx with a bold header, every cell a text cell (so a cell beginning
//! with `=` is text, never a formula) in a column formatted as text (so an ID number typed into
//! the sheet later stays text, not a number that loses its last digits), or as CSV in UTF-8 with a BOM (so Excel opens Chinese
//! text right) with every cell that a spreadsheet would take for a formula made text.

/// Writes rows under a header as an xlsx workbook of one sheet.
pub fn xlsx(sheet: &str, header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for (c, h) in header.iter().enumerate() {
        ws.set_column_format(c as u16, &text).map_err(|e| e.to_string())?;
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

/// Writes rows under a header as CSV, every cell through [`neutralise`].
pub fn csv(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        out.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// A cell a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return), prefixed with `'` so it is read as text (OWASP's rule for CSV injection).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_go_out_as_text() {
        for formula in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
        {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        assert_eq!(neutralise("宁郭村 = 二组"), "宁郭村 = 二组");
        let bytes =
            csv(&["标题".to_string()], &[vec!["=1+1".to_string()], vec!["路灯".to_string()]])
                .unwrap();
        assert_eq!(bytes, "\u{feff}标题\n'=1+1\n路灯\n".as_bytes());
    }
}

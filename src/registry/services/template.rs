//! The sheets a clerk downloads: the empty template of the people sheet, and the report of a
//! failed import, which is the file's bad rows with a column saying what is wrong in each, ready
//! to be fixed and uploaded again.

use crate::platform::i18n::Lang;
use crate::registry::services::columns::{ERRORS_HEADING, PEOPLE};
use crate::registry::services::import::Report;

/// The people template: every column's heading, the required ones marked, every column text.
pub fn people_template() -> Result<Vec<u8>, String> {
    blank("人口信息", PEOPLE)
}

/// The template of a record kind.
pub fn kind_template(kind: &crate::registry::domain::records::Kind) -> Result<Vec<u8>, String> {
    blank(kind.sheet, &crate::registry::services::columns::of_kind(kind))
}

fn blank(
    sheet: &str,
    columns: &[crate::registry::services::columns::Column],
) -> Result<Vec<u8>, String> {
    let header: Vec<String> = columns
        .iter()
        .map(|c| if c.required { format!("*{}", c.heading) } else { c.heading.to_string() })
        .collect();
    crate::platform::sheet::xlsx(sheet, &header, &[])
}

/// What is wrong with each bad row, in one cell: `公民身份号码：校验位不符；网格编码：…`, by row.
fn reasons(report: &Report, lang: Lang) -> std::collections::HashMap<usize, String> {
    let mut out: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    for e in &report.errors {
        let text = out.entry(e.row).or_default();
        if !text.is_empty() {
            text.push('；');
        }
        text.push_str(&format!("{}：{}", e.column, lang.t_args(e.error.key, &e.error.args)));
    }
    out
}

/// The row report as a workbook: the file's header and an error column, then each bad row as the
/// file had it with its reasons.
pub fn report_sheet(report: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let old = report.header.iter().position(|h| h == ERRORS_HEADING);
    let without = |cells: &[String]| -> Vec<String> {
        cells.iter().enumerate().filter(|(i, _)| Some(*i) != old).map(|(_, c)| c.clone()).collect()
    };
    let mut header = without(&report.header);
    let width = header.len();
    header.push(ERRORS_HEADING.to_string());
    let mut why = reasons(report, lang);
    let mut rows: Vec<Vec<String>> = report
        .bad_rows
        .iter()
        .map(|row| {
            let mut cells = without(&row.cells);
            cells.resize(width, String::new());
            cells.push(why.remove(&row.number).unwrap_or_default());
            cells
        })
        .collect();
    if rows.is_empty() {
        // A header that could not be read: its errors on the one row.
        rows.push({
            let mut cells = vec![String::new(); width];
            cells.push(why.remove(&1).unwrap_or_default());
            cells
        });
    }
    crate::platform::sheet::xlsx("错误报告", &header, &rows)
}

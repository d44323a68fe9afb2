//! The spreadsheet reader every upload goes through (`sheet::read`: xlsx and CSV in UTF-8 or
//! GBK, within `sheet::limits`), then the catalogue sheet (`zhili::cases::domain::category::parse_sheet`). Never
//! panics; a sheet read is within the limits; a refusal is the upload's field with a message
//! of its own; the rows are trimmed text; a cell that did not decode is empty and named once;
//! CSV text reads as `zhili::cases::domain::category::csv_rows` reads it; an accepted catalogue
//! keeps its rules and survives the export-and-publish-back round trip of the catalogue page
//! (`to_row` → `sheet::xlsx` → `read_rows` → `parse_sheet`).
//!
//! The same rows then go through the 12345 hotline import's own steps (`app::hotline::columns`
//! and `row_input`, everything it does before the checks every report gets).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::calendar::TimeLimit;
use zhili::cases::domain::CaseKind;
use zhili::cases::domain::category::Category;
use zhili::cases::domain::category::HEADER;
use zhili::platform::sheet::limits::MAX_CELLS;
use zhili::platform::sheet::limits::MAX_COLUMNS;
use zhili::platform::sheet::limits::MAX_ROWS;

fuzz_target!(|bytes: &[u8]| {
    let sheet = match zhili::platform::sheet::read(bytes) {
        Ok(sheet) => sheet,
        Err(e) => {
            assert_eq!(e.field, "file");
            assert!(e.key.starts_with("error.sheet_"), "{}", e.key);
            return;
        }
    };
    assert!(sheet.rows.len() <= MAX_ROWS);
    assert!(sheet.rows.iter().all(|r| r.len() <= MAX_COLUMNS));
    assert!(sheet.rows.iter().map(Vec::len).sum::<usize>() <= MAX_CELLS);
    for u in &sheet.undecodable {
        assert_eq!(sheet.rows[u.row - 1][u.column], "", "an undecodable cell is left empty");
        assert!(sheet.undecodable_in(u.row).is_some());
    }
    if !sheet.undecodable.is_empty() {
        assert!(zhili::platform::sheet::read_rows(bytes).is_err());
        return;
    }
    let rows = sheet.rows;
    for cell in rows.iter().flatten() {
        assert_eq!(cell.as_str(), cell.trim(), "cells are trimmed");
    }
    // Plain UTF-8 CSV reads as the catalogue's own CSV reader reads it, trimmed.
    let excel = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if !excel
        && let Ok(text) = std::str::from_utf8(bytes)
        && !text.starts_with('\u{feff}')
    {
        let plain = zhili::cases::domain::category::csv_rows(text).expect("read_rows took it");
        let trimmed: Vec<Vec<String>> = plain.iter().map(|r| r.iter().map(|c| c.trim().to_string()).collect()).collect();
        assert_eq!(rows, trimmed);
    }

    hotline(&rows);

    let Ok(categories) = zhili::cases::domain::category::parse_sheet(&rows).map_err(|errors| {
        assert!(!errors.is_empty());
        for (row, e) in &errors {
            assert!(*row >= 2 && (*row <= rows.len() || rows.len() < 2), "row {row} of {}", rows.len());
            assert!(HEADER.contains(&e.field.as_str()), "field {}", e.field);
        }
    }) else {
        return;
    };
    assert!(!categories.is_empty());
    for (i, c) in categories.iter().enumerate() {
        assert!(categories[..i].iter().all(|o| o.code != c.code), "duplicate {}", c.code);
        if let Some(parent) = c.parent_code() {
            assert!(categories[..i].iter().any(|o| o.code == parent), "{} before its parent", c.code);
            assert!(c.code.starts_with(parent));
        }
        assert!(matches!(c.code.len(), 1 | 3 | 5) && c.code.is_ascii());
        assert_eq!(c.kind == CaseKind::Dispute, c.code.starts_with('D'));
        assert!(!c.name.is_empty() && !c.name_en.is_empty());
        for limit in c.limits {
            assert!(matches!(limit, TimeLimit::WorkingHours(1..) | TimeLimit::WorkingDays(1..)));
        }
        assert_eq!(Category::from_row(&c.to_row()).as_ref(), Ok(c), "from_row(to_row)");
    }
    // The catalogue page exports the current version as xlsx "to edit and publish back".
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let out: Vec<Vec<String>> = categories.iter().map(|c| c.to_row().to_vec()).collect();
    let xlsx = zhili::platform::sheet::xlsx("catalogue", &header, &out).expect("the catalogue exports");
    let back = zhili::platform::sheet::read_rows(&xlsx).expect("the export reads back");
    assert_eq!(zhili::cases::domain::category::parse_sheet(&back).as_ref(), Ok(&categories), "published back");
});

/// The same rows as a 12345 hotline sheet: the header's columns, then each row as a report. A
/// row refused names one of the sheet's columns; a row taken keeps its cells, its time is not
/// after the import, and its grid is one the zone has, by code.
fn hotline(rows: &[Vec<String>]) {
    use chrono::TimeZone;
    use zhili::cases::services::hotline::COLUMNS;
    use zhili::cases::services::hotline::PHONE;
    use zhili::cases::services::hotline::columns;
    use zhili::cases::services::hotline::row_input;
    let Some(header) = rows.first() else { return };
    let Ok(at) = columns(header) else { return };
    let names: Vec<&str> = COLUMNS.iter().chain(std::iter::once(&PHONE)).map(|c| c.1).collect();
    assert!(at.keys().all(|k| names.contains(k)) && at.values().all(|i| *i < header.len()));
    let codes: std::collections::HashMap<String, i64> = [("410871100200001".to_string(), 17)].into();
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
    for cells in &rows[1..] {
        match row_input(&at, cells, &codes, now) {
            Ok(input) => {
                assert!(input.reported_at.is_some_and(|t| t <= now));
                assert!(input.unit_id.is_none() || input.unit_id == Some(17));
                assert!(input.unit_id.is_none() || input.point.is_none(), "a grid code wins over a point");
                let cell = |name: &str| at.get(name).and_then(|i| cells.get(*i)).map(|c| c.trim()).unwrap_or_default();
                assert_eq!((input.category.as_str(), input.description.as_str()), (cell("category"), cell("description")));
                assert_eq!(input.source, "hotline");
            }
            Err((column, error)) => {
                assert!(matches!(column, "reported_at" | "grid_code"), "{column}");
                assert_eq!(error.field, column);
            }
        }
    }
}

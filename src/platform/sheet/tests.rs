//! The reader's limits, each met by the smallest file that crosses it.

use crate::platform::sheet::limits::*;
use crate::platform::sheet::*;
use std::io::Write;
use std::time::Duration;

/// A workbook of one sheet holding `sheet_data`, and shared strings if given, as a zip.
fn workbook(sheet_data: &str, shared: Option<&str>) -> Vec<u8> {
    let mut parts = vec![
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#)),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml", shared.to_string()));
    }
    zipped(parts.iter().map(|(n, t)| (n.to_string(), t.as_bytes())))
}

fn zipped<'a>(parts: impl IntoIterator<Item = (String, &'a [u8])>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Reads by a deadline an unoptimised build beside other tests keeps (the limits are what
/// these tests are about; the time limit has its own).
fn read(bytes: &[u8]) -> Result<Sheet, FieldError> {
    read_by(bytes, Deadline::after(Duration::from_secs(120)))
}

fn cell(at: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>x</t></is></c>"#)
}

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

#[test]
fn two_cells_far_apart_are_refused_before_any_row_is_made() {
    let started = std::time::Instant::now();
    let bomb = include_bytes!("../../../fuzz/seeds/imports/two-cell-bomb.xlsx");
    assert!(bomb.len() < 2000);
    assert_eq!(read(bomb).unwrap_err(), refuse("error.sheet_rows", MAX_ROWS));
    let wide = workbook(&format!("<row r=\"1\">{}{}</row>", cell("A1"), cell("XFD1")), None);
    assert_eq!(read(&wide).unwrap_err(), refuse("error.sheet_columns", MAX_COLUMNS));
    assert!(started.elapsed().as_millis() < 1000);
}

#[test]
fn the_rows_are_the_cells_present_from_the_first_used() {
    let sheet = workbook(
        &format!(
            "<row r=\"3\">{}{}</row><row r=\"5\">{}</row>",
            cell("B3"),
            cell("D3"),
            cell("C5")
        ),
        None,
    );
    let x = || "x".to_string();
    assert_eq!(
        read_rows(&sheet).unwrap(),
        vec![vec![x(), String::new(), x()], vec![], vec![String::new(), x()]]
    );
}

#[test]
fn too_many_cells() {
    let rows: String = (1..=MAX_CELLS / 10 + 1)
        .map(|r| {
            format!(
                "<row r=\"{r}\">{}</row>",
                (0..10)
                    .map(|c| format!("<c t=\"n\" r=\"{}{r}\"><v>1</v></c>", (b'A' + c) as char))
                    .collect::<String>()
            )
        })
        .collect();
    let sheet = workbook(&rows, None);
    assert_eq!(read(&sheet).unwrap_err(), refuse("error.sheet_cells", MAX_CELLS));
    assert_eq!(
        read_by(&sheet, Deadline::after(Duration::ZERO)).unwrap_err(),
        refuse("error.sheet_time", MAX_SECONDS)
    );
}

#[test]
fn shared_strings_are_counted_before_calamine_reserves_them() {
    let sheet = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>";
    let sst = |attrs: &str, items: &str| {
        format!(
            r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {attrs}>{items}</sst>"#
        )
    };
    let declared = workbook(
        sheet,
        Some(&sst(r#"count="1" uniqueCount="1000000000000""#, "<si><t>a</t></si>")),
    );
    assert_eq!(read(&declared).unwrap_err(), refuse("error.sheet_strings", MAX_SHARED_STRINGS));
    let items: String = (0..=MAX_SHARED_STRINGS).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let many = workbook(sheet, Some(&sst("", &items)));
    assert_eq!(read(&many).unwrap_err(), refuse("error.sheet_strings", MAX_SHARED_STRINGS));
    let fine = workbook(sheet, Some(&sst(r#"uniqueCount="1""#, "<si><t>井盖缺失</t></si>")));
    assert_eq!(read_rows(&fine).unwrap(), vec![vec!["井盖缺失".to_string()]]);
}

#[test]
fn one_long_string_in_every_cell_is_measured_before_it_is_copied() {
    let long = format!("<si><t>{}</t></si>", "a".repeat(900 << 10));
    let sst = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{long}</sst>"#
    );
    let rows: String = (1..=30)
        .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>0</v></c></row>"))
        .collect();
    assert_eq!(
        read(&workbook(&rows, Some(&sst))).unwrap_err(),
        refuse("error.sheet_text", MAX_TEXT_BYTES >> 20)
    );
}

#[test]
fn a_part_compressed_like_a_bomb_is_refused_from_the_directory() {
    let zeros = vec![b'0'; 2 << 20];
    let bomb = zipped([("xl/worksheets/sheet1.xml".to_string(), zeros.as_slice())]);
    assert!(bomb.len() < 20 << 10);
    assert_eq!(read(&bomb).unwrap_err(), refuse("error.sheet_ratio", MAX_RATIO));
    let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("part{i}")).collect();
    let many = zipped(names.into_iter().map(|n| (n, &b""[..])));
    assert_eq!(read(&many).unwrap_err(), refuse("error.sheet_entries", MAX_ENTRIES));
}

#[test]
fn zip_bombs_are_refused_whatever_their_headers_say() {
    // Both inflate to 100 MB; the second's headers say a kilobyte.
    let honest = include_bytes!("../../../fuzz/seeds/imports/zip-bomb-100mb.xlsx");
    assert_eq!(read(honest).unwrap_err(), refuse("error.sheet_part", MAX_ENTRY_BYTES >> 20));
    let lying = include_bytes!("../../../fuzz/seeds/imports/zip-bomb-lying.xlsx");
    // The zip crate stops a part at its declared size, and this reader's own count at the limits.
    assert_eq!(read(lying).unwrap_err(), unreadable());
}

#[test]
fn other_kinds_of_file_are_refused_by_name() {
    assert_eq!(
        read(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap_err().key,
        "error.sheet_xls"
    );
    let ods =
        zipped([("mimetype".to_string(), &b"application/vnd.oasis.opendocument.spreadsheet"[..])]);
    assert_eq!(
        read(&ods).unwrap_err(),
        FieldError::new("file", "error.sheet_format").arg("format", "ODS")
    );
    assert_eq!(
        read(b"%PDF-1.7\n").unwrap_err(),
        FieldError::new("file", "error.sheet_format").arg("format", "PDF")
    );
    assert_eq!(read(&vec![b'a'; MAX_FILE_BYTES + 1]).unwrap_err(), refuse("error.sheet_size", 8));
}

#[test]
fn a_broken_byte_in_a_csv_refuses_read_rows_by_row_and_column() {
    let e = read_rows(include_bytes!("../../../fuzz/seeds/imports/hotline-gbk-broken-byte.csv"))
        .unwrap_err();
    assert_eq!(e, FieldError::new("row 2 column 2", "error.sheet_encoding").arg("encoding", "GBK"));
}

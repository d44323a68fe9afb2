//! Small files: no source file passes 400 lines.

use super::sources;
use std::path::Path;

/// The most lines a source file holds: past it, a file is doing more than one thing.
const MOST_LINES: usize = 400;

/// The files of some folders with more lines than [`MOST_LINES`], as messages.
fn too_long(files: &[(String, usize)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, lines)| *lines > MOST_LINES)
        .map(|(file, lines)| format!("{file}: {lines} lines, more than {MOST_LINES}"))
        .collect()
}

#[test]
fn no_source_file_is_over_400_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["src", "tests", "build.rs"].iter().map(|d| root.join(d)).filter(|p| p.is_dir()) {
        sources(&dir, &mut paths);
    }
    let files: Vec<(String, usize)> = paths
        .iter()
        .map(|p| {
            (
                p.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read_to_string(p).unwrap().lines().count(),
            )
        })
        .collect();
    assert!(files.len() > 100, "the check reads the sources");
    let long = too_long(&files);
    assert!(long.is_empty(), "small files:\n{}", long.join("\n"));
    assert_eq!(
        too_long(&[("a.rs".into(), 401), ("b.rs".into(), 400)]),
        ["a.rs: 401 lines, more than 400"]
    );
}

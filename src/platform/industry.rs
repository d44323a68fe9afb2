//! The national industry classification (GB/T 4754-2017, 国民经济行业分类) at its two upper
//! levels, sections (门类, A–T) and divisions (大类, 01–97), shipped as data (`industry.csv`).
//! A division is written with its section letter (`C34`), so a prefix finds a whole section.

use std::sync::LazyLock;

/// A section or a division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Industry {
    /// `C` for a section, `C34` for a division.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its English name.
    pub name_en: String,
}

static LIST: LazyLock<Vec<Industry>> = LazyLock::new(|| {
    let mut reader = csv::Reader::from_reader(include_str!("industry.csv").as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("industry.csv is well-formed");
            let (code, section) = (&r[0], &r[1]);
            let code = if code == section { code.to_string() } else { format!("{section}{code}") };
            Industry { code, name_zh: r[2].to_string(), name_en: r[3].to_string() }
        })
        .collect()
});

/// Every section and division, each section followed by its divisions.
pub fn all() -> &'static [Industry] {
    &LIST
}

/// The entry of a code as people write it: a section letter, a division's two digits with or
/// without their letter (`34`, `C34`); none if the standard has no such code.
pub fn find(text: &str) -> Option<&'static Industry> {
    let t = text.trim().to_ascii_uppercase();
    LIST.iter().find(|i| i.code == t || (t.len() == 2 && i.code.len() == 3 && i.code[1..] == t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_has_twenty_sections_and_ninety_seven_divisions() {
        assert_eq!(all().iter().filter(|i| i.code.len() == 1).count(), 20);
        assert_eq!(all().iter().filter(|i| i.code.len() == 3).count(), 97);
        assert_eq!(find("34").unwrap().code, "C34");
        assert_eq!(find("c35").unwrap().name_zh, "专用设备制造业");
        assert_eq!(find("K").unwrap().name_zh, "房地产业");
        assert!(find("98").is_none() && find("C01").is_none() && find("").is_none());
    }
}

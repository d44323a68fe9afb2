//! The national code lists a person's record uses, shipped as data (`codes/*.csv`, each naming
//! its standard): a cell may hold the code or the name as people write it.

use std::sync::LazyLock;

/// One code list: its name in messages and its entries.
#[derive(Debug)]
pub struct CodeList {
    /// Its name, which is also its field (`ethnicity`).
    pub name: &'static str,
    entries: Vec<Entry>,
}

/// One entry of a code list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The code (`01`).
    pub code: String,
    /// The Chinese name (`汉族`).
    pub name: String,
    /// The English name.
    pub name_en: String,
}

impl CodeList {
    fn load(name: &'static str, text: &str) -> CodeList {
        let entries = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| {
                let mut cells = l.splitn(3, ',');
                Some(Entry {
                    code: cells.next()?.to_string(),
                    name: cells.next()?.to_string(),
                    name_en: cells.next()?.to_string(),
                })
            })
            .collect();
        CodeList { name, entries }
    }

    /// The code of a cell holding a code or a name (`汉`, `汉族`, `01` and `1` all read as `01`).
    pub fn code_of(&self, cell: &str) -> Option<&str> {
        let cell = cell.trim();
        self.entries
            .iter()
            .find(|e| {
                e.code == cell
                    || e.name == cell
                    || e.name_en.eq_ignore_ascii_case(cell)
                    || (cell.len() < e.code.len() && e.code.trim_start_matches('0') == cell)
                    || (self.name == "ethnicity" && e.name.strip_suffix('族') == Some(cell))
            })
            .map(|e| e.code.as_str())
    }

    /// The entry of a code.
    pub fn get(&self, code: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.code == code)
    }

    /// Every entry, in the standard's order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

macro_rules! list {
    ($static:ident, $name:literal) => {
        /// A shipped code list.
        pub static $static: LazyLock<CodeList> =
            LazyLock::new(|| CodeList::load($name, include_str!(concat!("codes/", $name, ".csv"))));
    };
}

list!(ETHNICITY, "ethnicity");
list!(MARITAL, "marital");
list!(EDUCATION, "education");
list!(POLITICAL, "political");
list!(RELATION, "relation");
list!(ORG_TYPE, "org_type");
list!(PLACE_KIND, "place_kind");
list!(PLACE_USE, "place_use");
list!(FACILITY_KIND, "facility_kind");
list!(FACILITY_STATE, "facility_state");
list!(FLOATING_REASON, "floating_reason");
list!(PERMIT_TYPE, "permit_type");
list!(DWELLING, "dwelling");
list!(LEFT_BEHIND_TYPE, "left_behind_type");
list!(HEALTH, "health");
list!(HANDOVER, "handover");
list!(PLACEMENT, "placement");
list!(RISK, "risk");
list!(CORRECTION_TYPE, "correction_type");
list!(MENTAL_RISK, "mental_risk");
list!(TREATMENT, "treatment");
list!(DRUG_CONTROL, "drug_control");
list!(YOUTH_TYPE, "youth_type");

/// The use of a rental house (出租房屋).
pub const RENTAL: &str = "20";

/// The relation of a household's head (户主).
pub const HEAD: &str = "02";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_by_code_or_name() {
        assert_eq!(ETHNICITY.entries().len(), 56);
        assert_eq!(ETHNICITY.code_of("汉族"), Some("01"));
        assert_eq!(ETHNICITY.code_of("回"), Some("03"));
        assert_eq!(ETHNICITY.code_of("1"), Some("01"));
        assert_eq!(ETHNICITY.code_of("火星族"), None);
        assert_eq!(RELATION.code_of("户主"), Some(HEAD));
        assert_eq!(POLITICAL.code_of("群众"), Some("13"));
        assert_eq!(MARITAL.get("20").unwrap().name, "已婚");
        assert!(EDUCATION.code_of("大学本科").is_some());
        assert_eq!(PLACE_USE.code_of("出租"), Some(RENTAL));
        assert_eq!(MENTAL_RISK.code_of("0"), Some("0"));
        assert_eq!(ORG_TYPE.code_of("企业"), Some("10"));
    }
}

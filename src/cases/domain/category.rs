//! The category catalogue: classes of incidents and disputes, each sub-category with its
//! filing and closing conditions, responsible department and a time limit for every step.
//! Codes say the tree: class `D`, category `D01`, sub-category `I0101`.

use crate::cases::domain::CaseKind;
use crate::cases::domain::Step;
use crate::platform::calendar::TimeLimit;
use crate::platform::input::FieldError;

/// The catalogue shipped with zhili (`catalogue.csv` beside this file), after GB/T 30428's classes.
const BUILTIN: &str = include_str!("catalogue.csv");

/// One entry of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// `I`, `I01`, `I0101`, `D`, `D01`.
    pub code: String,
    /// Incident or dispute.
    pub kind: CaseKind,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Offered to the public (Open311, the public form).
    pub public: bool,
    /// The department that handles it; none for the unit where it happened.
    pub department_kind: Option<String>,
    /// Limits for register, dispatch, handle and verify.
    pub limits: [TimeLimit; 4],
    /// When a report is registered (立案条件).
    pub filing_condition: String,
    /// When a case may be closed (结案条件).
    pub closing_condition: String,
    /// Publishes every report of it on the public views (the status page, Open311's requests),
    /// not only those that came in through a public channel.
    pub publish_all: bool,
}

/// The header of a catalogue sheet, in column order.
pub const HEADER: [&str; 13] = [
    "code",
    "kind",
    "name",
    "name_en",
    "public",
    "department_kind",
    "register_limit",
    "dispatch_limit",
    "handle_limit",
    "verify_limit",
    "filing_condition",
    "closing_condition",
    "publish_all",
];

impl Category {
    /// The limit of a step.
    pub fn limit(&self, step: Step) -> TimeLimit {
        self.limits[match step {
            Step::Register => 0,
            Step::Dispatch => 1,
            Step::Handle => 2,
            Step::Verify => 3,
        }]
    }

    /// The parent's code: `D01` → `D`, `I0101` → `I01`; none for a class.
    pub fn parent_code(&self) -> Option<&str> {
        match self.code.len() {
            3 => Some(&self.code[..1]),
            5 => Some(&self.code[..3]),
            _ => None,
        }
    }

    /// The row as a catalogue sheet writes it.
    pub fn to_row(&self) -> [String; 13] {
        [
            self.code.clone(),
            self.kind.as_str().into(),
            self.name.clone(),
            self.name_en.clone(),
            if self.public { "1".into() } else { "0".into() },
            self.department_kind.clone().unwrap_or_default(),
            self.limits[0].to_string(),
            self.limits[1].to_string(),
            self.limits[2].to_string(),
            self.limits[3].to_string(),
            self.filing_condition.clone(),
            self.closing_condition.clone(),
            if self.publish_all { "1".into() } else { "0".into() },
        ]
    }

    /// Reads one row (cells in [`HEADER`] order); errors name the column.
    pub fn from_row(cells: &[String]) -> Result<Category, Vec<FieldError>> {
        let cell = |i: usize| cells.get(i).map(|c| c.trim().to_string()).unwrap_or_default();
        let mut errors = Vec::new();
        let code = cell(0);
        let code_ok = code.is_ascii()
            && match code.len() {
                1 => true,
                3 | 5 => code[1..].bytes().all(|b| b.is_ascii_digit()),
                _ => false,
            }
            && matches!(code.as_bytes().first(), Some(b'I' | b'D'));
        if !code_ok {
            errors.push(FieldError::new("code", "error.category_code"));
        }
        // The kind must agree with the code's letter: I for incidents, D for disputes.
        let kind = match (cell(1).parse::<CaseKind>(), code.as_bytes().first()) {
            (Ok(kind @ CaseKind::Incident), Some(b'I'))
            | (Ok(kind @ CaseKind::Dispute), Some(b'D')) => Some(kind),
            _ => {
                errors.push(FieldError::new("kind", "error.category_kind"));
                None
            }
        };
        // Names and conditions are shown, exported to workbooks and written into Open311's XML:
        // bounded, and without control characters, like every other text.
        let mut text = |i: usize, max: usize| {
            let checked = if i == 2 {
                crate::platform::input::required_text(HEADER[i], &cell(i), max)
            } else {
                crate::platform::input::optional_text(HEADER[i], &cell(i), max)
            };
            checked.map_err(|e| errors.push(e)).unwrap_or_default()
        };
        let (name, name_en) = (text(2, 64), text(3, 100));
        let (filing_condition, closing_condition) = (text(10, 1000), text(11, 1000));
        let mut limits = [TimeLimit::WorkingDays(1); 4];
        for (i, limit) in limits.iter_mut().enumerate() {
            match TimeLimit::parse(&cell(6 + i)) {
                Some(l) => *limit = l,
                None => errors.push(FieldError::new(HEADER[6 + i], "error.time_limit")),
            }
        }
        let department = cell(5);
        if !department.is_empty()
            && !crate::platform::access::role::DEPARTMENT_KINDS.contains(&department.as_str())
        {
            errors.push(
                FieldError::new("department_kind", "error.department_kind")
                    .arg("kinds", crate::platform::access::role::DEPARTMENT_KINDS.join(", ")),
            );
        }
        let mut yes_no = |i: usize| match cell(i).as_str() {
            "1" | "true" | "是" => true,
            "0" | "false" | "否" | "" => false,
            _ => {
                errors.push(FieldError::new(HEADER[i], "error.yes_no"));
                false
            }
        };
        // A sheet of the twelve columns before publish_all was added reads as off.
        let (public, publish_all) = (yes_no(4), yes_no(12));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Category {
            name_en: if name_en.is_empty() { name.clone() } else { name_en },
            code,
            kind: kind.expect("checked"),
            name,
            public,
            department_kind: Some(department).filter(|d| !d.is_empty()),
            limits,
            filing_condition,
            closing_condition,
            publish_all,
        })
    }
}

/// Reads a whole catalogue sheet. All or nothing: every bad row is reported by its row number
/// (the header is row 1), and a catalogue whose codes do not nest is refused.
pub fn parse_sheet(rows: &[Vec<String>]) -> Result<Vec<Category>, Vec<(usize, FieldError)>> {
    let mut errors = Vec::new();
    let mut out: Vec<Category> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match Category::from_row(row) {
            Ok(c) => {
                if out.iter().any(|o| o.code == c.code) {
                    errors.push((i + 1, FieldError::new("code", "error.category_duplicate")));
                } else if let Some(parent) = c.parent_code()
                    && !out.iter().any(|o| o.code == parent)
                {
                    errors.push((
                        i + 1,
                        FieldError::new("code", "error.category_parent").arg("parent", parent),
                    ));
                } else {
                    out.push(c);
                }
            }
            Err(fields) => errors.extend(fields.into_iter().map(|f| (i + 1, f))),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push((2, FieldError::new("code", "error.required")));
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Reads CSV text into rows of cells.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()).map_err(|e| e.to_string()))
        .collect()
}

/// The catalogue shipped with zhili.
pub fn builtin() -> Vec<Category> {
    parse_sheet(&csv_rows(BUILTIN).expect("the shipped catalogue is CSV"))
        .expect("the shipped catalogue is valid")
}

/// Whether a category has sub-categories in a catalogue (cases are filed under leaves only).
pub fn is_leaf(code: &str, all: &[Category]) -> bool {
    !all.iter().any(|c| c.parent_code() == Some(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_nests_and_has_both_kinds() {
        let all = builtin();
        let leaves: Vec<_> = all.iter().filter(|c| is_leaf(&c.code, &all)).collect();
        assert!(leaves.iter().any(|c| c.code == "D01" && c.name == "宅基地纠纷"));
        assert!(leaves.iter().any(|c| c.kind == CaseKind::Incident && c.public));
        assert!(!is_leaf("I01", &all));
        let homestead = all.iter().find(|c| c.code == "D01").unwrap();
        assert_eq!(homestead.limit(Step::Handle), TimeLimit::WorkingDays(22));
        let labour = all.iter().find(|c| c.code == "D05").unwrap();
        assert_eq!(labour.department_kind.as_deref(), Some("human_resources"));
    }

    #[test]
    fn bad_rows_are_reported_by_row_and_column_and_nothing_is_taken() {
        let text = "code,kind,name\nD,dispute,纠纷,,0,,1d,1d,22d,2d\nD01,incident,x,,0,,1d,1d,22d,2d\nD0x,dispute,x,,0,,1d,1d,3w,2d\nI01,incident,x,,0,,1h,1h,1d,1d\n宅01,dispute,x,,0,,1d,1d,1d,1d\nD02,dispute,x,,0,police,1d,1d,1d,1d";
        let errors = parse_sheet(&csv_rows(text).unwrap()).unwrap_err();
        let found: Vec<(usize, &str)> =
            errors.iter().map(|(r, f)| (*r, f.field.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, "kind"),
                (4, "code"),
                (4, "handle_limit"),
                (5, "code"),
                (6, "code"),
                (6, "kind"),
                (7, "department_kind")
            ]
        );
    }

    #[test]
    fn rows_round_trip() {
        for c in builtin() {
            assert_eq!(Category::from_row(&c.to_row()).unwrap(), c);
        }
    }
}

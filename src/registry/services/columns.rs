//! The columns of the people sheet as people write them: the template's headings first, then
//! the variants found in the villages' own spreadsheets. A row of a sheet becomes a
//! [`PersonInput`] through them.

use crate::platform::input::FieldError;
use crate::registry::domain::person::PersonInput;

/// A column: its field, the template's heading, the other headings accepted, and whether every
/// sheet must have it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field of [`PersonInput`] (and of its errors).
    pub field: &'static str,
    /// The template's heading.
    pub heading: &'static str,
    /// Other headings read as this column.
    pub variants: &'static [&'static str],
    /// Whether a sheet without it is refused.
    pub required: bool,
}

const fn col(
    field: &'static str,
    heading: &'static str,
    variants: &'static [&'static str],
) -> Column {
    Column { field, heading, variants, required: false }
}

/// The people sheet's columns, in the template's order.
pub const PEOPLE: &[Column] = &[
    Column { field: "name", heading: "姓名", variants: &["名字"], required: true },
    Column {
        field: "id_number",
        heading: "公民身份号码",
        variants: &["身份证号", "身份证号码", "身份证", "证件号码"],
        required: true,
    },
    col("sex", "性别", &[]),
    col("birth_date", "出生日期", &["出生年月日"]),
    col("ethnicity", "民族", &[]),
    col("phone", "联系电话", &["手机号", "手机号码", "电话", "联系方式"]),
    Column { field: "grid", heading: "网格编码", variants: &["网格代码"], required: true },
    col("address", "现住址", &["现住地址", "居住地址", "现居住地址"]),
    col("registered_address", "户籍地址", &["户籍地详址", "户籍所在地"]),
    col("household", "户号", &[]),
    col("place", "房屋编号", &["房屋编码"]),
    col("relation", "与户主关系", &["与户主关系代码"]),
    col("kind", "人员类型", &["人口类型"]),
    col("former_name", "曾用名", &[]),
    col("marital", "婚姻状况", &[]),
    col("education", "学历", &["文化程度"]),
    col("political", "政治面貌", &[]),
    col("occupation", "职业", &[]),
    col("workplace", "服务处所", &["工作单位"]),
];

/// The heading of the error column the row report adds; a report uploaded again after fixing
/// is read with it ignored.
pub const ERRORS_HEADING: &str = "错误说明";

/// Which column of the sheet each field is in, read from its header row.
#[derive(Debug, Clone)]
pub struct Layout {
    /// (field, column index) of every column recognised.
    pub fields: Vec<(&'static str, usize)>,
    /// The header row as the file has it.
    pub header: Vec<String>,
    /// The columns a sheet of its kind may have.
    pub columns: Vec<Column>,
}

/// The columns of a record kind's sheet, in its template's order.
pub fn of_kind(kind: &crate::registry::domain::records::Kind) -> Vec<Column> {
    kind.fields
        .iter()
        .map(|f| Column {
            field: f.key,
            heading: f.heading,
            variants: f.variants,
            required: f.required,
        })
        .collect()
}

impl Layout {
    /// Reads a header row of the people sheet.
    pub fn read(header: &[String]) -> Result<Layout, Vec<(usize, FieldError)>> {
        Layout::read_for(PEOPLE.to_vec(), header)
    }

    /// Reads a header row: every heading must be one of `columns`, none twice, the required
    /// ones present.
    pub fn read_for(
        columns: Vec<Column>,
        header: &[String],
    ) -> Result<Layout, Vec<(usize, FieldError)>> {
        let mut fields = Vec::new();
        let mut errors = Vec::new();
        for (i, heading) in header.iter().enumerate() {
            let heading = heading.trim().trim_start_matches('*');
            if heading.is_empty() || heading == ERRORS_HEADING {
                continue;
            }
            match columns.iter().find(|c| c.heading == heading || c.variants.contains(&heading)) {
                Some(c) if fields.iter().any(|(f, _)| *f == c.field) => errors.push((
                    i,
                    FieldError::new(c.field, "error.column_twice").arg("column", heading),
                )),
                Some(c) => fields.push((c.field, i)),
                None => errors.push((
                    i,
                    FieldError::new("file", "error.column_unknown").arg("column", heading),
                )),
            }
        }
        for c in columns.iter().filter(|c| c.required) {
            if !fields.iter().any(|(f, _)| *f == c.field) {
                errors.push((
                    0,
                    FieldError::new(c.field, "error.column_missing").arg("column", c.heading),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Layout { fields, header: header.to_vec(), columns })
        } else {
            Err(errors)
        }
    }

    /// The column a field is in.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, i)| *i)
    }

    /// The heading the file gives a field (for the row report), or the template's.
    pub fn heading_of(&self, field: &str) -> String {
        match self.column_of(field) {
            Some(i) => self.header[i].clone(),
            None => self
                .columns
                .iter()
                .find(|c| c.field == field)
                .map_or(field, |c| c.heading)
                .to_string(),
        }
    }

    /// The cell of a field in a row, if the sheet has its column.
    pub fn cell<'a>(&self, cells: &'a [String], field: &str) -> Option<&'a str> {
        self.column_of(field).map(|i| cells.get(i).map_or("", String::as_str))
    }

    /// A row's cells as a person's input.
    pub fn input(&self, cells: &[String]) -> PersonInput {
        let mut p = PersonInput::default();
        for (field, i) in &self.fields {
            let value = cells.get(*i).cloned().unwrap_or_default();
            let slot = match *field {
                "name" => &mut p.name,
                "former_name" => &mut p.former_name,
                "id_number" => &mut p.id_number,
                "sex" => &mut p.sex,
                "birth_date" => &mut p.birth_date,
                "ethnicity" => &mut p.ethnicity,
                "marital" => &mut p.marital,
                "education" => &mut p.education,
                "political" => &mut p.political,
                "occupation" => &mut p.occupation,
                "workplace" => &mut p.workplace,
                "phone" => &mut p.phone,
                "registered_address" => &mut p.registered_address,
                "grid" => &mut p.grid,
                "address" => &mut p.address,
                "household" => &mut p.household,
                "place" => &mut p.place,
                "relation" => &mut p.relation,
                _ => &mut p.kind,
            };
            *slot = value;
        }
        p
    }
}

/// Whether a cell holds a number as Excel writes a long one in scientific form (`4.10882E+17`).
pub fn scientific(cell: &str) -> bool {
    let Some((mantissa, exponent)) =
        cell.to_ascii_uppercase().split_once("E+").map(|(a, b)| (a.to_string(), b.to_string()))
    else {
        return false;
    };
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn headings_and_their_variants_are_read() {
        let layout =
            Layout::read(&header(&["姓名", "身份证号", "手机号", "网格编码", "错误说明"])).unwrap();
        let p = layout.input(&header(&["李小孬", "11010519491231002X", "13812345678", "410882"]));
        assert_eq!((p.name.as_str(), p.phone.as_str()), ("李小孬", "13812345678"));
        assert_eq!(layout.heading_of("id_number"), "身份证号");
        let errors = Layout::read(&header(&["姓名", "身份证", "爱好"])).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|(_, e)| e.key).collect();
        assert_eq!(keys, ["error.column_unknown", "error.column_missing"]);
        assert!(scientific("4.10882E+17") && scientific("4E+17") && !scientific("410882"));
    }
}

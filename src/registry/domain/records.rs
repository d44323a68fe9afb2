//! The registry's records other than people, each kind described once as data: its fields, the
//! sheet headings people write them under, their types and checks. Places and facilities,
//! organisations, households, the floating and left-behind details of a person, and the special
//! populations each have a [`Kind`]; one store, one import, one API and one set of pages serve
//! them all from it, so a kind added is a description, not a module.

use crate::platform::id_number::IdNumber;
use crate::platform::input::{FieldError, optional_text};
use crate::registry::domain::codes::CodeList;
use std::sync::LazyLock;

/// What a field holds, and so how it is checked, stored and shown.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Free text of at most this many characters.
    Text(usize),
    /// A code of a shipped code list; a cell may hold the code or its name.
    Code(&'static LazyLock<CodeList>),
    /// A whole number, 0 or more.
    Count,
    /// An area in square metres.
    Area,
    /// 是 or 否.
    Flag,
    /// A date, YYYY-MM-DD.
    Date,
    /// A resident ID number, sealed and found by blind index, shown masked.
    IdNumber,
    /// A phone, sealed and found by blind index, shown masked.
    Phone,
    /// Another number that names a person (a permit's), sealed, shown masked.
    Secret,
    /// A unified social credit code (GB 32100), checked.
    CreditCode,
    /// Longitude of the point (GCJ-02, as the zone's maps draw).
    Lon,
    /// Latitude of the point.
    Lat,
    /// The grid, by its 15-digit code.
    Grid,
    /// The person the record is about, by ID number; the record lies in their grid.
    Person,
}

impl Ty {
    /// Whether the value is sealed at rest (two columns, `KEY_sealed` and `KEY_index`).
    pub fn sealed(self) -> bool {
        matches!(self, Ty::IdNumber | Ty::Phone | Ty::Secret)
    }
}

/// One field of a kind.
#[derive(Debug)]
pub struct Field {
    /// Its column, JSON key and message (`field.KEY`).
    pub key: &'static str,
    /// The template's heading.
    pub heading: &'static str,
    /// Other headings read as this field.
    pub variants: &'static [&'static str],
    /// What it holds.
    pub ty: Ty,
    /// Whether a record must have it (and so a sheet must have its column).
    pub required: bool,
    /// Whether lists show it.
    pub listed: bool,
}

/// A kind of record.
#[derive(Debug)]
pub struct Kind {
    /// Its table, its pages' and API's path segment (`organisations`).
    pub name: &'static str,
    /// One of it, in the audit chain's objects and messages (`organisation`).
    pub one: &'static str,
    /// The template's sheet name.
    pub sheet: &'static str,
    /// The field that matches a row to the record it updates (a credit code, a house number, the
    /// person); importing the same file twice changes nothing.
    pub key: &'static str,
    /// Whether a record without its key is matched by its name in its grid instead.
    pub by_name: bool,
    /// The fields, in the template's order.
    pub fields: &'static [Field],
    /// A special population: seen only by its readers (`registry_readers`), every read audited.
    pub restricted: bool,
    /// The column of `registry_counts` that counts this kind in each grid.
    pub counted: Option<&'static str>,
    /// Checks across fields, after each field's own.
    pub check: fn(&Kind, &[Value]) -> Vec<FieldError>,
}

/// A field's value as checked.
#[derive(Clone, PartialEq)]
pub enum Value {
    /// Left empty.
    Empty,
    /// Text, a code or a date.
    Text(String),
    /// A count, or a flag as 0/1.
    Int(i64),
    /// An area or a coordinate.
    Real(f64),
    /// A value to seal (an ID number, a phone); `Debug` leaves it out.
    Secret(String),
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Empty => write!(f, "Empty"),
            Value::Text(t) => write!(f, "Text({t:?})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Real(r) => write!(f, "Real({r})"),
            Value::Secret(_) => write!(f, "Secret(…)"),
        }
    }
}

impl Value {
    /// The text of a text value, or "".
    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) | Value::Secret(t) => t,
            _ => "",
        }
    }
}

impl Kind {
    /// The field of a key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The position of a field.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    /// Whether records of this kind are about a person (and lie in the person's grid).
    pub fn of_person(&self) -> bool {
        self.fields.iter().any(|f| matches!(f.ty, Ty::Person))
    }

    /// The field a record is named by in lists and the audit chain.
    pub fn title(&self) -> &Field {
        self.fields
            .iter()
            .find(|f| f.key == "name")
            .or_else(|| self.field(self.key))
            .unwrap_or(&self.fields[0])
    }

    /// Reads a record from its fields' texts (`get` answers a field's text, `None` when the
    /// sheet or form has no such field): each field checked, then the point's two halves
    /// together, then the kind's own checks. The fields `given` are known otherwise (a person
    /// named by id) and read as empty.
    pub fn parse<'a>(
        &self,
        get: impl Fn(&str) -> Option<&'a str>,
        given: &[&str],
    ) -> Result<Vec<Value>, Vec<FieldError>> {
        let mut values = Vec::with_capacity(self.fields.len());
        let mut errors = Vec::new();
        for field in self.fields {
            if given.contains(&field.key) {
                values.push(Value::Empty);
                continue;
            }
            match value_of(field, get(field.key).unwrap_or("")) {
                Ok(v) => values.push(v),
                Err(e) => {
                    errors.push(e);
                    values.push(Value::Empty);
                }
            }
        }
        if errors.is_empty() {
            if let (Some(lon), Some(lat)) = (self.position("lon"), self.position("lat"))
                && (values[lon] == Value::Empty) != (values[lat] == Value::Empty)
            {
                errors.push(FieldError::new("lat", "error.point_half"));
            }
            errors.extend((self.check)(self, &values));
        }
        if errors.is_empty() { Ok(values) } else { Err(errors) }
    }
}

/// No checks across fields.
pub fn no_check(_: &Kind, _: &[Value]) -> Vec<FieldError> {
    Vec::new()
}

/// Reads one field's text.
pub fn value_of(field: &Field, text: &str) -> Result<Value, FieldError> {
    let key = field.key;
    let text = text.trim();
    if text.is_empty() {
        return if field.required {
            Err(FieldError::new(key, "error.required"))
        } else {
            Ok(Value::Empty)
        };
    }
    let number = |key: &str| -> Result<f64, FieldError> {
        text.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| FieldError::new(key, "error.number"))
    };
    Ok(match field.ty {
        Ty::Text(max) => Value::Text(optional_text(key, text, max)?),
        Ty::Code(list) => Value::Text(
            list.code_of(text)
                .ok_or_else(|| FieldError::new(key, "error.code_list").arg("value", text))?
                .to_string(),
        ),
        Ty::Count => {
            let n = number(key)?;
            if n < 0.0 || n.fract() != 0.0 || n > 1e9 {
                return Err(FieldError::new(key, "error.count"));
            }
            Value::Int(n as i64)
        }
        Ty::Area => {
            let n = number(key)?;
            if !(0.0..1e8).contains(&n) {
                return Err(FieldError::new(key, "error.count"));
            }
            Value::Real(n)
        }
        Ty::Flag => Value::Int(match text {
            "是" | "1" | "Y" | "y" | "yes" | "true" | "on" | "√" => 1,
            "否" | "0" | "N" | "n" | "no" | "false" | "off" | "×" => 0,
            _ => return Err(FieldError::new(key, "error.flag")),
        }),
        Ty::Date => Value::Text(date(key, text)?),
        Ty::IdNumber | Ty::Person => {
            Value::Secret(IdNumber::parse_any(key, text)?.reveal().to_string())
        }
        Ty::Phone => Value::Secret(crate::platform::phone::parse(key, text)?),
        Ty::Secret => Value::Secret(optional_text(key, text, 40)?),
        Ty::CreditCode => Value::Text(crate::platform::credit_code::parse(key, text)?),
        Ty::Lon | Ty::Lat => {
            let n = number(key)?;
            let (lo, hi) = if matches!(field.ty, Ty::Lon) { (73.0, 136.0) } else { (3.0, 54.0) };
            if !(lo..=hi).contains(&n) {
                return Err(FieldError::new(key, "error.point_china"));
            }
            Value::Real(n)
        }
        Ty::Grid => {
            if !(text.len() == 15 && text.bytes().all(|b| b.is_ascii_digit())) {
                return Err(FieldError::new(key, "error.grid_unknown").arg("code", text));
            }
            Value::Text(text.to_string())
        }
    })
}

/// A date as people write it (2015-10-25, 2015/10/25, 2015.10.25, 20151025), as YYYY-MM-DD.
fn date(key: &str, text: &str) -> Result<String, FieldError> {
    let day = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text, f).ok())
        .filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| FieldError::new(key, "error.date"))?;
    Ok(day.format("%Y-%m-%d").to_string())
}

/// The kind's check that a later date is not before an earlier one.
pub fn dates_in_order(kind: &Kind, values: &[Value], first: &str, then: &str) -> Vec<FieldError> {
    match (kind.position(first), kind.position(then)) {
        (Some(a), Some(b)) => match (&values[a], &values[b]) {
            (Value::Text(a), Value::Text(b)) if b < a => {
                let heading = kind.field(first).map_or(first, |f| f.heading);
                vec![FieldError::new(then, "error.date_before").arg("field", heading)]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

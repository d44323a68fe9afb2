//! A day as people and programs write it: `YYYY-MM-DD`, four-digit year, month and day of two
//! digits, between 2000-01-01 and 2100-12-31. chrono alone takes `26-1-1` (the year 26) and
//! `0001-01-01`, so a typo became a day two thousand years off and lists over it silently empty;
//! every day a request names is read here and a doubtful one is refused, naming its field.

use crate::platform::input::FieldError;
use chrono::NaiveDate;

/// The first day any record of the zone can be about.
pub const FIRST: &str = "2000-01-01";
/// The last.
pub const LAST: &str = "2100-12-31";

/// Reads a day, or says which field breaks the rule.
pub fn parse(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| shaped);
    let within = |d: &NaiveDate| (first()..=last()).contains(d);
    day.filter(within).ok_or_else(|| {
        FieldError::new(field, "error.day_rule").arg("first", FIRST).arg("last", LAST)
    })
}

/// [`parse`] of a value that may be absent or empty.
pub fn parse_optional(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse(field, t).map(Some),
        None => Ok(None),
    }
}

fn first() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid day")
}

fn last() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid day")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_written_out_day_in_range_is_taken() {
        assert_eq!(
            parse("from", "2015-10-25").unwrap(),
            NaiveDate::from_ymd_opt(2015, 10, 25).unwrap()
        );
        assert_eq!(parse("from", " 2000-01-01 ").unwrap(), first());
        assert_eq!(parse("from", "2100-12-31").unwrap(), last());
        for bad in [
            "0001-01-01",
            "9999-12-31",
            "26-1-1",
            "2026-1-01",
            "2026-01-1",
            "1999-12-31",
            "2101-01-01",
            "2026-02-30",
            "+2026-01-01",
            "garbage",
            "",
        ] {
            let e = parse("from", bad).unwrap_err();
            assert_eq!((e.field.as_str(), e.key), ("from", "error.day_rule"), "{bad:?}");
        }
        assert_eq!(parse_optional("to", Some(" ")).unwrap(), None);
        assert!(parse_optional("to", Some("26-1-1")).is_err());
    }
}

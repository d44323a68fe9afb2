//! The resident ID number (居民身份证号码, GB 11643): 17 digits and a check character.

use crate::platform::input::FieldError;
use std::fmt;

/// A checked resident ID number. `Debug` and `Display` show it masked; the full number is
/// read only through [`IdNumber::reveal`], which callers audit.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

impl IdNumber {
    /// Parses an ID number for `field`: 18 characters, a real birth date, and the check
    /// character of ISO 7064 MOD 11-2.
    pub fn parse(field: &str, text: &str) -> Result<IdNumber, FieldError> {
        let text = text.trim().to_ascii_uppercase();
        let bytes = text.as_bytes();
        let shape = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !shape {
            return Err(FieldError::new(field, "error.id_number_format"));
        }
        if chrono::NaiveDate::parse_from_str(&text[6..14], "%Y%m%d").is_err() {
            return Err(FieldError::new(field, "error.id_number_birth"));
        }
        let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        if CHECK[(sum % 11) as usize] != bytes[17] {
            return Err(FieldError::new(field, "error.id_number_check"));
        }
        Ok(IdNumber(text))
    }

    /// Parses as [`IdNumber::parse`] does, and also takes an old 15-digit number (first-generation
    /// cards: region, YYMMDD born in the 1900s, sequence), converted to 18 as the standard says.
    pub fn parse_any(field: &str, text: &str) -> Result<IdNumber, FieldError> {
        let text = text.trim();
        if text.len() == 15 && text.bytes().all(|b| b.is_ascii_digit()) {
            if chrono::NaiveDate::parse_from_str(&format!("19{}", &text[6..12]), "%Y%m%d").is_err()
            {
                return Err(FieldError::new(field, "error.id_number_birth"));
            }
            let first17 = format!("{}19{}", &text[..6], &text[6..]);
            return IdNumber::with_check(&first17)
                .ok_or_else(|| FieldError::new(field, "error.id_number_format"));
        }
        IdNumber::parse(field, text)
    }

    /// The birth date the number holds (a checked number always holds one).
    pub fn birth_date(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(self.0.get(6..14)?, "%Y%m%d").ok()
    }

    /// The sex the number holds, as GB/T 2261.1 codes it: `1` male (odd 17th digit), `2` female.
    pub fn sex(&self) -> &'static str {
        match self.0.as_bytes().get(16) {
            Some(d) if (d - b'0') % 2 == 1 => "1",
            _ => "2",
        }
    }

    /// Completes 17 digits with their check character (for generated demo people).
    pub fn with_check(first17: &str) -> Option<IdNumber> {
        let bytes = first17.as_bytes();
        if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        Some(IdNumber(format!("{first17}{}", CHECK[(sum % 11) as usize] as char)))
    }

    /// The number as shown to people who need not see it: the prefecture (the first four
    /// digits) and the last four kept, the county and the birth date hidden.
    pub fn masked(&self) -> String {
        // A stored number was checked when written; anything else is masked whole, never shown.
        match (self.0.get(..4), self.0.get(14..)) {
            (Some(region), Some(last)) if self.0.is_ascii() && self.0.len() == 18 => {
                format!("{region}**********{last}")
            }
            _ => "*".repeat(self.0.chars().count().max(1)),
        }
    }

    /// The full number. Every call site is an audited look at a person's sensitive data.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Wraps a number read from the store (checked when it was written).
    pub fn from_stored(text: String) -> IdNumber {
        IdNumber(text)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_character_is_checked() {
        // The standard's own example number.
        let id = IdNumber::parse("id", "11010519491231002X").unwrap();
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(1101**********002X)");
        assert_eq!(
            IdNumber::parse("id", "11010519491231002x").unwrap(),
            id,
            "a lower-case x is read as X"
        );
        assert_eq!(
            IdNumber::parse("id", "110105194912310021").unwrap_err().key,
            "error.id_number_check"
        );
        assert_eq!(
            IdNumber::parse("id", "11010519491331002X").unwrap_err().key,
            "error.id_number_birth"
        );
        assert_eq!(
            IdNumber::parse("parties[0].id_number", "1101051949123100").unwrap_err().field,
            "parties[0].id_number"
        );
        assert_eq!(IdNumber::with_check("11010519491231002").unwrap(), id);
        assert_eq!(id.birth_date(), chrono::NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.sex(), "2");
        let old = IdNumber::parse_any("id", "110105491231002").unwrap();
        assert_eq!(old, id, "an old 15-digit number is converted to its 18");
        assert_eq!(
            IdNumber::parse_any("id", "110105491331002").unwrap_err().key,
            "error.id_number_birth"
        );
        // Found by the id_number fuzz target: a short stored value panicked when masked.
        assert_eq!(IdNumber::from_stored("1101".into()).masked(), "****");
        assert_eq!(
            IdNumber::from_stored("110105一九四九1231002X".into())
                .masked()
                .chars()
                .filter(|c| *c != '*')
                .count(),
            0
        );
    }
}

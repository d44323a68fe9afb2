//! Phone numbers (and names) as shown to people who need not see them whole: `138****5678`, revealed only
//! through the same audited look as an ID number.

use crate::platform::input::FieldError;

/// Reads a phone number for `field`: a mobile (11 digits from 13 to 19, a leading +86 dropped) or
/// a landline of 7 to 12 digits with its area code and a hyphen as people write them; spaces go.
pub fn parse(field: &str, text: &str) -> Result<String, FieldError> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.strip_prefix("+86").unwrap_or(&text).to_string();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let shape = text.chars().all(|c| c.is_ascii_digit() || c == '-') && !text.starts_with('-');
    let mobile = digits == 11 && text.starts_with('1') && !text.contains('-');
    let valid = shape
        && if mobile {
            matches!(text.as_bytes()[1], b'3'..=b'9')
        } else {
            (7..=12).contains(&digits)
        };
    if valid { Ok(text) } else { Err(FieldError::new(field, "error.phone")) }
}

/// The number with all but its first three and last four digits hidden; a short one is hidden
/// whole. Separators are kept where they stand, so a landline keeps its shape.
pub fn masked(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if digits < 8 {
        return "*".repeat(phone.chars().count().min(16));
    }
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= 3 || seen > digits - 4 { c } else { '*' }
        })
        .collect()
}

/// A name as shown to people who need not see it whole: its first character, then one `*` for
/// each other (`张*`, `李**`).
pub fn masked_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{masked, masked_name, parse};

    #[test]
    fn a_name_keeps_its_first_character() {
        assert_eq!(masked_name("张三"), "张*");
        assert_eq!(masked_name("李小孬"), "李**");
        assert_eq!(masked_name(""), "");
    }

    #[test]
    fn numbers_are_read_as_people_write_them() {
        assert_eq!(parse("p", "138 1234 5678").unwrap(), "13812345678");
        assert_eq!(parse("p", "+8613812345678").unwrap(), "13812345678");
        assert_eq!(parse("p", "0391-3512345").unwrap(), "0391-3512345");
        assert!(parse("p", "12812345678").is_err(), "no mobile starts 12");
        assert!(parse("p", "12345").is_err() && parse("p", "138abc").is_err());
    }

    #[test]
    fn the_middle_is_hidden() {
        assert_eq!(masked("13812345678"), "138****5678");
        assert_eq!(masked("0391-3512345"), "039*-***2345");
        assert_eq!(masked("12345"), "*****");
        assert_eq!(masked(""), "");
    }
}

//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters of a 31-letter
//! alphabet (digits and capitals without I, O, Z, S, V), the last a check character over the
//! other seventeen. Enterprises, shops, schools and village committees all carry one.

use crate::platform::input::FieldError;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// 3^i mod 31, the weight of each of the first 17 characters.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character of 17 characters of the alphabet.
fn check_of(first17: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// Parses a code for `field`: trimmed and upper-cased, 18 characters of the alphabet, and the
/// check character right.
pub fn parse(field: &str, text: &str) -> Result<String, FieldError> {
    let code = text.trim().to_ascii_uppercase();
    let bytes = code.as_bytes();
    if bytes.len() != 18 || bytes.iter().any(|c| value(*c).is_none()) {
        return Err(FieldError::new(field, "error.credit_code_format"));
    }
    if check_of(&bytes[..17]) != Some(bytes[17]) {
        return Err(FieldError::new(field, "error.credit_code_check"));
    }
    Ok(code)
}

/// The whole code of its first 17 characters (the demo makes its codes so).
pub fn with_check(first17: &str) -> Option<String> {
    let bytes = first17.as_bytes();
    (bytes.len() == 17).then_some(())?;
    Some(format!("{first17}{}", check_of(bytes)? as char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_pass_and_a_changed_character_fails() {
        // Codes as printed on business licences.
        for code in ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"] {
            assert_eq!(parse("credit_code", code).unwrap(), code);
        }
        assert_eq!(parse("c", "91350100M000100Y44").unwrap_err().key, "error.credit_code_check");
        assert_eq!(parse("c", "91350100M000100Y4").unwrap_err().key, "error.credit_code_format");
        assert_eq!(parse("c", "91350100I000100Y43").unwrap_err().key, "error.credit_code_format");
        assert_eq!(with_check("91350100M000100Y4").as_deref(), Some("91350100M000100Y43"));
        assert_eq!(parse("c", " 91350100m000100y43 ").unwrap(), "91350100M000100Y43");
    }
}

//! Phone numbers as shown to people who need not see them whole: `138****5678`, revealed only
//! through the same audited look as an ID number.

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

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn the_middle_is_hidden() {
        assert_eq!(masked("13812345678"), "138****5678");
        assert_eq!(masked("0391-3512345"), "039*-***2345");
        assert_eq!(masked("12345"), "*****");
        assert_eq!(masked(""), "");
    }
}

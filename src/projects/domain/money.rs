//! Money as the zone writes it: stored as integer fen, shown in 万元 or 亿元 (DOMAIN: "show it
//! that way, store it exactly"), read from what people type in 万元.

use crate::platform::input::FieldError;

/// Fen in one 万元.
pub const WAN: i64 = 10_000 * 100;
/// Fen in one 亿元.
pub const YI: i64 = 10_000 * WAN;
/// The largest amount any field takes: 10,000 亿元, far past any project of a zone.
pub const MAX_FEN: i64 = 10_000 * YI;

/// An amount in 亿元 with two decimals, cut toward zero only past the second (82.67).
pub fn yi(fen: i64) -> String {
    decimal(fen, YI, 2)
}

/// An amount in 万元 with the decimals it needs, up to two (28,300 or 12.5).
pub fn wan(fen: i64) -> String {
    let text = decimal(fen, WAN, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn decimal(fen: i64, per: i64, places: u32) -> String {
    let scale = 10i128.pow(places);
    // Half away from zero, in integers so that 82.665 亿 is never 82.66 by a float's whim.
    let scaled = (fen as i128 * scale * 2 + per as i128 * fen.signum() as i128) / (per as i128 * 2);
    let sign = if scaled < 0 { "-" } else { "" };
    let a = scaled.abs();
    format!("{sign}{}.{:0width$}", a / scale, a % scale, width = places as usize)
}

/// Reads an amount typed in 万元 (up to six decimals, so to the fen), checked to lie in
/// `0..=MAX_FEN`; the field's error otherwise.
pub fn parse_wan(field: &str, text: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, "error.projects.amount").arg("max", yi(MAX_FEN));
    let text = text.trim().replace([',', '，'], "");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || frac.len() > 6 || !digits(whole) || !digits(frac) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
    let fen = whole.checked_mul(WAN).and_then(|w| w.checked_add(frac)).ok_or_else(bad)?;
    checked("", fen).map_err(|_| bad())
}

/// An amount in fen as a program sends it, checked to lie in `0..=MAX_FEN`.
pub fn checked(field: &str, fen: i64) -> Result<i64, FieldError> {
    if (0..=MAX_FEN).contains(&fen) {
        Ok(fen)
    } else {
        Err(FieldError::new(field, "error.projects.amount").arg("max", yi(MAX_FEN)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sources_figures_read_as_written() {
        assert_eq!(yi(8_267 * 1_000_000 * 100), "82.67");
        assert_eq!(yi(183 * YI / 100), "1.83");
        assert_eq!(wan(28_300 * WAN), "28300");
        assert_eq!(wan(12 * WAN + WAN / 2), "12.5");
        assert_eq!(yi(YI / 200), "0.01"); // half a 百万 rounds up
    }

    #[test]
    fn typed_amounts_are_read_to_the_fen_and_bounded() {
        assert_eq!(parse_wan("amount", "12,000").unwrap(), 12_000 * WAN);
        assert_eq!(parse_wan("amount", "0.000001").unwrap(), 1);
        for bad in ["", "-5", "1e3", "1.0000001", "abc", "999999999999"] {
            assert!(parse_wan("amount", bad).is_err(), "{bad}");
        }
        assert!(checked("amount", -1).is_err());
        assert!(checked("amount", MAX_FEN + 1).is_err());
    }
}

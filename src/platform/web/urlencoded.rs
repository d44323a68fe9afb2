//! Url-encoded forms as browsers post them. serde_urlencoded decodes lossily: a byte that is not
//! UTF-8 becomes U+FFFD and is stored as if typed. A form from a page of ours is always UTF-8, so
//! anything else is a broken client or a probe, and is refused naming the field.

use percent_encoding::percent_decode;

/// The first field whose name or value is not UTF-8 once decoded (named lossily).
pub fn not_utf8(form: &[u8]) -> Option<String> {
    form.split(|b| *b == b'&').find_map(|pair| {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let (name, value): (Vec<u8>, Vec<u8>) =
            (percent_decode(name).collect(), percent_decode(value).collect());
        (std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err())
            .then(|| String::from_utf8_lossy(&name).into_owned())
    })
}

/// The name-value pairs of a query string or form, strictly UTF-8: a field that is not is refused
/// by name.
pub fn pairs(raw: &[u8]) -> Result<Vec<(String, String)>, String> {
    if let Some(field) = not_utf8(raw) {
        return Err(format!("the value of {field} is not UTF-8"));
    }
    serde_urlencoded::from_bytes(raw).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_that_is_not_utf8_is_named() {
        assert_eq!(not_utf8(b"csrf=x&note=%E5%BC%A0+ok"), None);
        assert_eq!(not_utf8(b"csrf=x&note=%FF%FE"), Some("note".into()));
        assert_eq!(not_utf8(b"csrf=x&note=\xff"), Some("note".into()));
        assert_eq!(not_utf8(b"csrf=x&%C0=1"), Some("\u{FFFD}".into()));
        assert_eq!(not_utf8(b""), None);
    }

    #[test]
    fn pairs_are_decoded_or_refused_by_name() {
        assert_eq!(
            pairs(b"q=%E5%AE%85+x&sort=id").unwrap(),
            [("q".into(), "宅 x".into()), ("sort".into(), "id".into())]
        );
        assert_eq!(pairs(b"q=%FF").unwrap_err(), "the value of q is not UTF-8");
    }
}

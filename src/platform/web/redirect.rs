//! Where a redirect that a request names may go: only a path on this site. The language switch,
//! login's next page and any later `next=` go through [`local_target`], so a value a stranger
//! wrote into a link can neither leave the site nor break the `Location` header.
//!
//! Browsers read `/\evil`, `/<TAB>/evil` and `//evil` as another host, and some decode `%2F`
//! or `%5C` before deciding; so every rule is checked on the value and on each form of it that
//! percent-decoding gives, and anything doubtful goes home rather than being repaired.

use axum::response::Redirect;
use percent_encoding::{
    AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode,
};

/// Where a doubtful target goes.
pub const HOME: &str = "/";

/// How many times a value is decoded while looking for a hidden `//` or `\` (`%25` nests).
const DECODINGS: usize = 4;

/// The local path a `next` value may redirect to, or `/`.
pub fn local_target(next: Option<&str>) -> String {
    let Some(next) = next else { return HOME.into() };
    let mut form = next.to_string();
    for round in 0..=DECODINGS {
        // The value as sent is checked whole; its decoded forms only in the path, since a query
        // may well hold an encoded space or slash.
        let checked = if round == 0 { form.as_str() } else { path_of(&form) };
        if !is_local(checked) {
            return HOME.into();
        }
        let decoded = percent_decode_str(&form).decode_utf8_lossy().into_owned();
        if decoded == form {
            // Non-ASCII text (a search for 张) is kept, written as a header can carry it.
            return utf8_percent_encode(next, CONTROLS).to_string();
        }
        form = decoded;
    }
    HOME.into()
}

/// A 303 to [`local_target`].
pub fn to_local(next: Option<&str>) -> Redirect {
    Redirect::to(&local_target(next))
}

/// Everything but what a path needs left alone, so that a page's own path and query come back
/// unchanged through one `next=` value (`%`, `+`, `&`, `?` and `#` included).
const NEXT_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A path written as the value of a `next=` query parameter.
pub fn next_value(path: &str) -> String {
    utf8_percent_encode(path, NEXT_VALUE).to_string()
}

fn path_of(form: &str) -> &str {
    form.split(['?', '#']).next().unwrap_or("")
}

/// One form of a value: a single leading `/`, no backslash, control character or whitespace,
/// and no `//` in the path.
fn is_local(form: &str) -> bool {
    form.starts_with('/')
        && !path_of(form).contains("//")
        && !form
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace() || c == '\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for hostile in [
            "//evil",
            "/\\evil",
            "https://evil",
            "evil",
            "",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/x\n",
            "/%2F/evil",
            "/%2F%2Fevil",
            "/%2f%2fevil",
            "/%5Cevil",
            "/%252F%252Fevil",
            "/%25252F%25252Fevil",
            "/%09/evil",
            "/%0d%0aLocation:%20//evil",
            "/ /evil",
            "/\u{3000}/evil",
            "/%FF/evil",
            "///evil",
        ] {
            assert_eq!(local_target(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(local_target(None), "/");
    }

    #[test]
    fn a_local_path_is_kept() {
        for good in [
            "/",
            "/cases?page=2",
            "/cases?unit=3&state=open#list",
            "/login",
            "/cases?q=%E5%BC%A0",
            "/report?next=https://x",
        ] {
            assert_eq!(local_target(Some(good)), good);
        }
        assert_eq!(
            local_target(Some("/cases?q=张")),
            "/cases?q=%E5%BC%A0",
            "kept, in a form a header can carry"
        );
    }

    #[test]
    fn a_page_path_survives_the_round_trip_through_next() {
        let here = "/cases?q=a+b%20c&page=2#x";
        let query = format!("next={}", next_value(here));
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
        assert_eq!(pairs[0].1, here);
        assert_eq!(local_target(Some(&pairs[0].1)), here);
    }
}

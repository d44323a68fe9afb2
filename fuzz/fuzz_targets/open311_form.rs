//! The Open311 GeoReport v2 `POST requests.{json,xml}` form body, as far as it is pure.
//!
//! `web::open311::post_root` decodes the body with `serde_urlencoded` into
//! `Vec<(String, String)>` and then, inline in the async handler, picks `service_code`,
//! `lat`/`long`, `address_string`, `first_name`/`last_name`, `phone`, `description` and
//! `attribute[...]` into an `app::open311::Submission`; `app::open311::report_input` and
//! `app::cases::prepare` then need the database (the public categories, the zone, the grid
//! under the point) before the text checks. The handler's helpers (`value`, `split`,
//! `xml_node`) are private, so the picking is restated below from src/cases/api/open311.rs; what is
//! zhili's own and public is exercised directly: `web::session::form_value` (the same
//! decoding), the text checks `prepare` applies (`domain::required_text` / `optional_text`
//! with its bounds), `app::open311::public_actor`, and `web::pages::map::escape`, which the XML
//! answers pass every text through (which leaves out what XML cannot hold: control
//! characters, U+FFFE, U+FFFF).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::input::optional_text;
use zhili::platform::input::required_text;

/// `web::open311::value` (private): the first value of a key, if not empty.
fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// Whether a character may stand in an XML 1.0 document (production 2, `Char`).
fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A text the form carries, checked as `prepare` checks it, and written as the XML answers
/// write it (`web::open311::escape`, private: the characters `is_control` other than tab and
/// line breaks left out, then `web::pages::map::escape`).
fn text_field(field: &str, text: &str, max: usize, required: bool) {
    let checked = if required { required_text(field, text, max) } else { optional_text(field, text, max) };
    // What a kept text may hold: no control character but tab and line breaks, and neither of
    // the noncharacters U+FFFE, U+FFFF (XML 1.0 holds none of them).
    let writable = |c: char| (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}');
    match checked {
        Ok(kept) => {
            assert_eq!(kept, text.trim());
            assert!(kept.chars().count() <= max);
            assert!(!required || !kept.is_empty());
            assert!(kept.chars().all(writable), "{field}={kept:?} kept a character XML cannot hold");
            let escaped = zhili::platform::svg::escape(&kept);
            assert!(!escaped.contains(['<', '>', '"', '\'']), "{escaped:?}");
            assert_eq!(unescape(&escaped), kept);
            // What is accepted is stored, and GET requests.xml writes it out: it must be XML.
            assert!(kept.chars().all(xml_char), "{field}={kept:?} is accepted, and goes into requests.xml as ill-formed XML");
        }
        Err(e) => {
            assert_eq!(e.field, field);
            let trimmed = text.trim();
            match e.key {
                "error.required" => assert!(required && trimmed.is_empty()),
                "error.too_long" => assert!(trimmed.chars().count() > max),
                "error.control_character" => assert!(!trimmed.chars().all(writable)),
                other => panic!("unexpected {other}"),
            }
        }
    }
}

fuzz_target!(|body: &[u8]| {
    // The handler's decoding.
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else { return };
    // The session forms' reader agrees with it on every key.
    for (k, _) in pairs.iter().take(16) {
        let first = pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(zhili::platform::web::session::form_value(body, k), first, "{k}");
    }
    // What is decoded encodes and decodes to itself.
    let encoded = serde_urlencoded::to_string(&pairs).expect("pairs encode");
    assert_eq!(serde_urlencoded::from_str::<Vec<(String, String)>>(&encoded).expect("decodes"), pairs);

    // The handler's picking (src/cases/api/open311.rs, post_root).
    let Some(code) = value(&pairs, "service_code") else { return };
    let point = match (value(&pairs, "lat").map(str::parse::<f64>), value(&pairs, "long").map(str::parse::<f64>)) {
        (Some(Ok(lat)), Some(Ok(lon))) => Some((lat, lon)),
        (None, None) => None,
        _ => return,
    };
    let address = value(&pairs, "address_string").unwrap_or("");
    let name = [value(&pairs, "last_name"), value(&pairs, "first_name")].into_iter().flatten().collect::<Vec<_>>().join("");
    let attributes: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("attribute[").and_then(|k| k.strip_suffix(']')).map(|k| (k.to_string(), v.clone())))
        .collect();
    let mut description = value(&pairs, "description").unwrap_or(code).trim().to_string();
    for (code, value) in &attributes {
        description.push_str(&format!("\n[{code}] {value}"));
    }
    // `report_input` needs somewhere: a point, a unit or an address.
    if point.is_none() && address.trim().is_empty() {
        return;
    }
    // The checks of `prepare` that need no database, with its bounds.
    text_field("description", &description, 2000, true);
    text_field("address", address, 200, false);
    text_field("reporter_name", &name, 64, false);
    text_field("reporter_phone", value(&pairs, "phone").unwrap_or(""), 32, false);
    text_field("jurisdiction_id", value(&pairs, "jurisdiction_id").unwrap_or(""), usize::MAX, false);
    // A key's name becomes the public actor's channel.
    let actor = zhili::cases::services::open311::public_actor(&format!("open311:{code}"), code);
    assert!(actor.user_id().is_none() && actor.held.is_empty());
    assert_eq!(actor.username, format!("public:open311:{code}"));
});

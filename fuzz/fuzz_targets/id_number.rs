//! `IdNumber::parse` on arbitrary text: never panics; an accepted number satisfies GB 11643's
//! rules and parses again to itself from its stored form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::id_number::IdNumber;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

fuzz_target!(|text: &str| {
    match IdNumber::parse("parties[0].id_number", text) {
        Ok(id) => {
            let stored = id.reveal();
            let b = stored.as_bytes();
            // The stored form is the trimmed, upper-cased input, of the standard's shape.
            assert_eq!(stored, text.trim().to_ascii_uppercase());
            assert_eq!(b.len(), 18);
            assert!(b[..17].iter().all(u8::is_ascii_digit));
            assert!(b[17].is_ascii_digit() || b[17] == b'X');
            assert!(chrono::NaiveDate::parse_from_str(&stored[6..14], "%Y%m%d").is_ok(), "birth date {stored}");
            let sum: u32 = b[..17].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
            assert_eq!(CHECK[(sum % 11) as usize], b[17], "check character of {stored}");
            // Round trips: the stored form, its lower-case x, the store's wrapper, with_check.
            assert_eq!(IdNumber::parse("id", stored).as_ref(), Ok(&id));
            assert_eq!(IdNumber::parse("id", &stored.to_ascii_lowercase()).as_ref(), Ok(&id));
            assert_eq!(IdNumber::from_stored(stored.to_string()), id);
            assert_eq!(IdNumber::with_check(&stored[..17]).as_ref(), Some(&id));
            // Shown masked: region and last four only.
            let masked = id.masked();
            assert_eq!(masked, format!("{}********{}", &stored[..6], &stored[14..]));
            assert_eq!(id.to_string(), masked);
            assert_eq!(format!("{id:?}"), format!("IdNumber({masked})"));
        }
        Err(e) => {
            assert_eq!(e.field, "parties[0].id_number");
            assert!(matches!(e.key, "error.id_number_format" | "error.id_number_birth" | "error.id_number_check"), "{}", e.key);
        }
    }
    // Any 17 digits completed by with_check are refused for nothing but their birth date.
    let digits: String = text.bytes().map(|b| char::from(b'0' + b % 10)).take(17).collect();
    if digits.len() == 17 {
        let id = IdNumber::with_check(&digits).expect("17 digits");
        assert!(id.reveal().starts_with(&digits));
        match IdNumber::parse("id", id.reveal()) {
            Ok(back) => assert_eq!(back, id),
            Err(e) => assert_eq!(e.key, "error.id_number_birth", "{}", id.reveal()),
        }
    } else {
        assert!(IdNumber::with_check(&digits).is_none());
    }
});

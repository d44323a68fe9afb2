//! `platform::photo::inspect`, the reader of every photo sent (case photos, Open311 `media`, the
//! public form): never panics; a photo accepted is of an allowed type, within the pixel limits
//! by its header, hashed, and its EXIF time is written as zhili writes times.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::photo::MAX_BYTES;
use zhili::platform::photo::MAX_PIXELS;
use zhili::platform::photo::MAX_SIDE;
use zhili::platform::photo::inspect;

fuzz_target!(|bytes: &[u8]| {
    match inspect("media", bytes) {
        Ok(facts) => {
            assert!(!bytes.is_empty() && bytes.len() <= MAX_BYTES);
            assert!(matches!(facts.content_type, "image/jpeg" | "image/png" | "image/webp"));
            let size = imagesize::blob_size(bytes).expect("an accepted photo has a size");
            assert!(size.width <= MAX_SIDE && size.height <= MAX_SIDE && size.width * size.height <= MAX_PIXELS);
            assert_eq!(facts.sha256.len(), 64);
            assert!(facts.sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            if let Some(t) = &facts.taken_at {
                assert_eq!(t.as_str(), t.trim());
            }
            // (Compared as text: a GPS rational over zero is a NaN, unequal to itself.)
            assert_eq!(
                format!("{:?}", inspect("media", bytes)),
                format!("{:?}", Ok::<_, ()>(&facts)),
                "inspect is a function of the bytes"
            );
        }
        Err(e) => {
            assert_eq!(e.field, "media");
            assert!(matches!(e.key, "error.photo_empty" | "error.photo_size" | "error.photo_type" | "error.photo_pixels"), "{}", e.key);
        }
    }
});

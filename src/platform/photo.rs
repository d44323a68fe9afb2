//! A photo sent as evidence (of a case, of a project's progress): its type sniffed from its
//! bytes (never trusted from the name), its size and its pixel dimensions checked (read from the
//! header, never by decoding: a small file can declare a picture that takes gigabytes to
//! decode), the time and place the camera wrote into its EXIF kept, and, once those checks
//! passed, a perceptual hash that tells a near-copy of another photo.

use crate::platform::input::FieldError;
use exif::{In, Tag, Value};
use sha2::{Digest, Sha256};

/// The largest photo taken, in bytes.
pub const MAX_BYTES: usize = 8 << 20;
/// The most pixels a photo may have: a phone's camera takes 12 to 50 megapixels, and a 40
/// megapixel picture decodes to 160 MB.
pub const MAX_PIXELS: usize = 40_000_000;
/// The longest side a photo may have, in pixels (a panorama from a phone is under 12,000).
pub const MAX_SIDE: usize = 12_000;

/// What zhili keeps about a photo besides its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoFacts {
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: &'static str,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// When the camera says it was taken (local time as written, `YYYY-MM-DD HH:MM:SS`).
    pub taken_at: Option<String>,
    /// Where, as (longitude, latitude), from the GPS tags.
    pub point: Option<(f64, f64)>,
}

/// Checks a photo sent for `field` and reads its facts.
pub fn inspect(field: &str, bytes: &[u8]) -> Result<PhotoFacts, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(field, "error.photo_empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(FieldError::new(field, "error.photo_size").arg("max", MAX_BYTES >> 20));
    }
    let content_type = match infer::get(bytes).map(|t| t.mime_type()) {
        Some("image/jpeg") => "image/jpeg",
        Some("image/png") => "image/png",
        Some("image/webp") => "image/webp",
        _ => return Err(FieldError::new(field, "error.photo_type")),
    };
    // A header that gives no size is no photo this can show.
    let size =
        imagesize::blob_size(bytes).map_err(|_| FieldError::new(field, "error.photo_type"))?;
    if size.width > MAX_SIDE
        || size.height > MAX_SIDE
        || size.width.saturating_mul(size.height) > MAX_PIXELS
    {
        return Err(FieldError::new(field, "error.photo_pixels")
            .arg("max", MAX_PIXELS / 1_000_000)
            .arg("side", MAX_SIDE));
    }
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).ok();
    let taken_at = exif.as_ref().and_then(|e| {
        let f = e
            .get_field(Tag::DateTimeOriginal, In::PRIMARY)
            .or_else(|| e.get_field(Tag::DateTime, In::PRIMARY))?;
        match &f.value {
            Value::Ascii(parts) => {
                parts.first().and_then(|b| std::str::from_utf8(b).ok()).map(|s| {
                    // EXIF writes "2015:09:15 09:20:00".
                    let (date, time) = s.split_once(' ').unwrap_or((s, ""));
                    format!("{} {time}", date.replace(':', "-")).trim().to_string()
                })
            }
            _ => None,
        }
    });
    let point = exif.as_ref().and_then(|e| {
        let degrees = |tag| match &e.get_field(tag, In::PRIMARY)?.value {
            Value::Rational(r) if r.len() == 3 => {
                Some(r[0].to_f64() + r[1].to_f64() / 60.0 + r[2].to_f64() / 3600.0)
            }
            _ => None,
        };
        let sign = |tag, negative: &[u8]| match &e.get_field(tag, In::PRIMARY).map(|f| &f.value) {
            Some(Value::Ascii(parts))
                if parts.first().is_some_and(|p| p.as_slice() == negative) =>
            {
                -1.0
            }
            _ => 1.0,
        };
        let lat = degrees(Tag::GPSLatitude)? * sign(Tag::GPSLatitudeRef, b"S");
        let lon = degrees(Tag::GPSLongitude)? * sign(Tag::GPSLongitudeRef, b"W");
        Some((lon, lat))
    });
    Ok(PhotoFacts { content_type, sha256: hex::encode(Sha256::digest(bytes)), taken_at, point })
}

/// The most bytes decoding a photo for its perceptual hash may take: a 40-megapixel photo
/// (the most [`inspect`] lets through) decodes to 160 MB of RGBA.
const MAX_DECODE: u64 = 200 << 20;

/// Photos decoded at once on a server: each may hold [`MAX_DECODE`].
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The perceptual hash of a photo [`inspect`] accepted (a gradient hash of 8 × 8 bits, the same
/// for a photo re-saved, resized or lightly cropped), as 16 hex digits; none if it does not
/// decode. One photo is decoded at a time, off the async threads.
pub async fn perceptual_hash(bytes: Vec<u8>) -> Option<String> {
    let _turn = DECODING.acquire().await.ok()?;
    tokio::task::spawn_blocking(move || {
        let mut reader =
            image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok()?;
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(MAX_DECODE);
        limits.max_image_width = Some(MAX_SIDE as u32);
        limits.max_image_height = Some(MAX_SIDE as u32);
        reader.limits(limits);
        let picture = reader.decode().ok()?;
        let hasher = image_hasher::HasherConfig::new().hash_size(8, 8).to_hasher();
        Some(hex::encode(hasher.hash_image(&picture).as_bytes()))
    })
    .await
    .ok()
    .flatten()
}

/// How many of the 64 bits two perceptual hashes differ in; none if either is not one.
pub fn distance(a: &str, b: &str) -> Option<u32> {
    let (a, b) = (u64::from_str_radix(a, 16).ok()?, u64::from_str_radix(b, 16).ok()?);
    Some((a ^ b).count_ones())
}

/// Hashes this many bits apart or fewer are one picture: a re-saved or resized copy differs in
/// a few; two photos of the same site a month apart in far more.
pub const NEAR_COPY_BITS: u32 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_camera_photo_keeps_its_time_and_place() {
        let bytes = include_bytes!("../../tests/fixtures/photo.jpg");
        let facts = inspect("photo", bytes).unwrap();
        assert_eq!(facts.content_type, "image/jpeg");
        assert_eq!(facts.taken_at.as_deref(), Some("2015-09-15 09:20:00"));
        let (lon, lat) = facts.point.unwrap();
        assert!((lon - 113.3).abs() < 1e-6 && (lat - 35.16).abs() < 1e-6, "{lon} {lat}");
        assert_eq!(facts.sha256.len(), 64);
    }

    /// A picture of a site: a sky, a ground and a building whose place `at` moves.
    fn site(at: u32) -> image::DynamicImage {
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(320, 240, |x, y| {
            let building = (at..at + 90).contains(&x) && (60..200).contains(&y);
            match (building, y < 120) {
                (true, _) => image::Rgb([120, 80, 60]),
                (false, true) => image::Rgb([140, 180, 230 - (y as u8) / 2]),
                (false, false) => image::Rgb([90 + (x as u8) / 4, 110, 60]),
            }
        }))
    }

    fn encoded(picture: &image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        picture.write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
        out
    }

    #[tokio::test]
    async fn a_resized_copy_hashes_near_and_another_picture_far() {
        let picture = site(40);
        let original = perceptual_hash(encoded(&picture, image::ImageFormat::Jpeg)).await.unwrap();
        let half = picture.resize(160, 120, image::imageops::FilterType::Triangle);
        let copy = perceptual_hash(encoded(&half, image::ImageFormat::Png)).await.unwrap();
        assert!(distance(&original, &copy).unwrap() <= NEAR_COPY_BITS, "{original} {copy}");
        let later = perceptual_hash(encoded(&site(200), image::ImageFormat::Jpeg)).await.unwrap();
        assert!(distance(&original, &later).unwrap() > NEAR_COPY_BITS, "{original} {later}");
        assert_eq!(distance("zz", &original), None);
        assert_eq!(perceptual_hash(b"not a picture".to_vec()).await, None);
    }

    #[test]
    fn only_images_of_a_sane_size() {
        let png = inspect("photo", include_bytes!("../../tests/fixtures/plain.png")).unwrap();
        assert_eq!((png.content_type, png.taken_at, png.point), ("image/png", None, None));
        assert_eq!(inspect("photo", b"%PDF-1.7 not a photo").unwrap_err().key, "error.photo_type");
        assert_eq!(inspect("photo", b"").unwrap_err().key, "error.photo_empty");
        let huge = vec![0xFFu8; MAX_BYTES + 1];
        assert_eq!(inspect("photo", &huge).unwrap_err().key, "error.photo_size");
    }

    #[test]
    fn a_picture_declaring_too_many_pixels_is_refused_unread() {
        let bombs: [&[u8]; 2] = [
            include_bytes!("../../fuzz/seeds/photo/png-100000x100000.png"),
            include_bytes!("../../fuzz/seeds/photo/jpeg-60000x60000.jpg"),
        ];
        for bomb in bombs {
            let e = inspect("photo", bomb).unwrap_err();
            assert_eq!(
                (e.key, e.args.clone()),
                (
                    "error.photo_pixels",
                    vec![("max", "40".to_string()), ("side", "12000".to_string())]
                )
            );
        }
    }
}

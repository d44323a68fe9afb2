//! What makes a progress photo doubtful, so that last month's photo cannot be this month's
//! progress: no time in its EXIF (kept, flagged, never refused silently), a time outside the
//! report's period, no place though the project has a site, a place far from the site (the EXIF's WGS-84 converted to the GCJ-02 the
//! site was picked in before measuring), or a near-copy of a photo the project already used.

use crate::platform::geo::Point;
use chrono::NaiveDate;

/// A photo's place farther than this from its site, in metres, is far from it.
pub const SITE_RADIUS_M: f64 = 1_000.0;

/// What is doubtful about a photo.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doubts {
    /// The flags raised, by name: `no_time`, `outside_period`, `no_place`, `far_from_site`,
    /// `near_copy`.
    pub flags: Vec<&'static str>,
    /// The photo of the project it is a near-copy of.
    pub near_photo_id: Option<i64>,
    /// How far from the site it was taken, in metres.
    pub metres: Option<f64>,
}

/// What a new photo is checked against.
pub struct Against<'a> {
    /// The report's first and last day.
    pub period: (NaiveDate, NaiveDate),
    /// The site (GCJ-02), if the project has a point.
    pub site: Option<Point>,
    /// The project's photos so far: (id, SHA-256, perceptual hash).
    pub earlier: &'a [(i64, String, Option<String>)],
}

/// Checks a photo: its EXIF time (`YYYY-MM-DD HH:MM:SS`), its EXIF point (WGS-84), its hashes.
pub fn check(
    taken_at: Option<&str>,
    point: Option<Point>,
    sha256: &str,
    phash: Option<&str>,
    against: &Against,
) -> Doubts {
    let mut d = Doubts::default();
    match taken_at.and_then(|t| t.get(..10)).and_then(|t| t.parse::<NaiveDate>().ok()) {
        None => d.flags.push("no_time"),
        Some(day) if day < against.period.0 || day > against.period.1 => {
            d.flags.push("outside_period")
        }
        Some(_) => {}
    }
    match (point, against.site) {
        (Some(p), Some(site)) => {
            let metres = p.wgs84_to_gcj02().metres_to(site);
            d.metres = Some(metres);
            if metres > SITE_RADIUS_M {
                d.flags.push("far_from_site");
            }
        }
        (None, Some(_)) => d.flags.push("no_place"),
        _ => {}
    }
    let near = against.earlier.iter().find(|(_, sha, hash)| {
        sha == sha256
            || phash
                .zip(hash.as_deref())
                .and_then(|(a, b)| crate::platform::photo::distance(a, b))
                .is_some_and(|bits| bits <= crate::platform::photo::NEAR_COPY_BITS)
    });
    if let Some((id, _, _)) = near {
        d.flags.push("near_copy");
        d.near_photo_id = Some(*id);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn against(earlier: &[(i64, String, Option<String>)]) -> Against<'_> {
        let d = |s: &str| s.parse().unwrap();
        // A site picked on a Chinese map, and the GPS reading of the same spot.
        let gps = Point::new(113.30, 35.16);
        Against {
            period: (d("2015-10-01"), d("2015-10-31")),
            site: Some(gps.wgs84_to_gcj02()),
            earlier,
        }
    }

    #[test]
    fn a_photo_of_the_site_in_the_period_raises_nothing() {
        let d = check(
            Some("2015-10-23 10:00:00"),
            Some(Point::new(113.30, 35.16)),
            "a",
            Some("00000000000000ff"),
            &against(&[]),
        );
        assert_eq!(d.flags, Vec::<&str>::new());
        assert!(d.metres.unwrap() < 1.0, "converted before it is measured");
    }

    #[test]
    fn last_months_photo_a_far_one_and_one_without_a_time_are_flagged() {
        let earlier = vec![(7, "b".to_string(), Some("00000000000000ff".to_string()))];
        let d = check(
            Some("2015-09-20 10:00:00"),
            None,
            "c",
            Some("00000000000000fe"),
            &against(&earlier),
        );
        assert_eq!(
            (d.flags.clone(), d.near_photo_id),
            (vec!["outside_period", "no_place", "near_copy"], Some(7))
        );
        let d = check(
            Some("2015-10-23 10:00:00"),
            Some(Point::new(113.33, 35.16)),
            "d",
            None,
            &against(&earlier),
        );
        assert_eq!(d.flags, vec!["far_from_site"]);
        let d = check(None, None, "b", None, &against(&earlier));
        assert_eq!(
            d.flags,
            vec!["no_time", "no_place", "near_copy"],
            "the same bytes are a copy whatever the hash"
        );
    }
}

//! The zone's time: "now" and "today" as the zone counts them, the stored timestamp, and how a
//! stored time is shown.
//!
//! A report day, a deadline and a dashboard's "today" are Beijing's (UTC+8, with no summer time
//! since 1991, so a fixed offset is exact and no time-zone database is needed); timestamps are
//! stored in UTC. From 00:00 to 08:00 here the UTC date is still yesterday's, so a date taken
//! from UTC is a day behind for a third of the day. Every use-case reads "now" from the
//! [`Clock`] its database carries, so a test can stand a server at any hour of the zone's day.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The zone's offset from UTC: Beijing time.
pub const ZONE: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// Where "now" comes from: the system clock in production, a fixed instant in tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    /// The instant a test stands the clock at; `None` reads the system clock.
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock that always reads `at` (for tests: a report at 23:30 Beijing time).
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(at) }
    }

    /// The instant now.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// The zone's date today.
    pub fn today(&self) -> NaiveDate {
        day_of(self.now())
    }

    /// Now as stored.
    pub fn stamp(&self) -> String {
        stamp(self.now())
    }
}

/// An instant as the zone's wall-clock time.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&ZONE).naive_local()
}

/// The instant a wall-clock time of the zone names (one and only one: there is no summer time).
pub fn from_local(local: NaiveDateTime) -> DateTime<Utc> {
    (local - ZONE).and_utc()
}

/// The zone's date at an instant.
pub fn day_of(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

/// An instant as stored: RFC 3339 UTC with microseconds, fixed width so text sorts as time.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A wall-clock time of the zone as stored (in UTC).
pub fn stamp_local(local: NaiveDateTime) -> String {
    stamp(from_local(local))
}

/// A stored time (or any RFC 3339 time) as an instant, if it is one.
pub fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// A stored time as people here read it: the zone's time, to the minute; text that is not a
/// time is shown as it is.
pub fn shown(stored: &str) -> String {
    Stamp::parse(stored).map_or_else(|| stored.to_string(), Stamp::shown)
}

/// A stored time in RFC 3339 at the zone's offset (`+08:00`), as Open311 answers it; empty when
/// it is not a time.
pub fn rfc3339_local(stored: &str) -> String {
    Stamp::parse(stored).map(Stamp::rfc3339_local).unwrap_or_default()
}

/// An instant as the domain holds it: stored as [`stamp`] text, read back once at a store's edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub DateTime<Utc>);

impl Stamp {
    /// A stored time, if it is one.
    pub fn parse(text: &str) -> Option<Stamp> {
        parse_stamp(text).map(Stamp)
    }

    /// The instant a wall-clock time of the zone names.
    pub fn from_local(wall: NaiveDateTime) -> Stamp {
        Stamp(from_local(wall))
    }

    /// As stored: fixed-width RFC 3339 UTC.
    pub fn stored(self) -> String {
        stamp(self.0)
    }

    /// The zone's wall-clock time at this instant.
    pub fn local(self) -> NaiveDateTime {
        local(self.0)
    }

    /// As people here read it: the zone's time, to the minute.
    pub fn shown(self) -> String {
        self.local().format("%Y-%m-%d %H:%M").to_string()
    }

    /// In RFC 3339 at the zone's offset (`+08:00`), as Open311 answers.
    pub fn rfc3339_local(self) -> String {
        self.0.with_timezone(&ZONE).to_rfc3339()
    }
}

impl serde::Serialize for Stamp {
    /// As stored, so audit details and JSON read as they always did.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.stored())
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.stored())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_stamp(text).unwrap()
    }

    #[test]
    fn the_zones_day_turns_at_16_utc() {
        // 15:59 UTC is 23:59 in Beijing, the same date; a minute later it is the next day there.
        assert_eq!(
            day_of(at("2026-03-14T15:59:00Z")),
            NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()
        );
        assert_eq!(
            day_of(at("2026-03-14T16:00:00Z")),
            NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
        );
        // And across a year: New Year's Eve at 16:30 UTC is New Year's Day here.
        assert_eq!(
            day_of(at("2025-12-31T16:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
    }

    #[test]
    fn a_fixed_clock_reads_its_instant_and_the_system_clock_moves() {
        let clock = Clock::fixed(at("2026-03-14T15:30:00Z"));
        assert_eq!(clock.now(), at("2026-03-14T15:30:00Z"));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 3, 14).unwrap());
        assert_eq!(clock.stamp(), "2026-03-14T15:30:00.000000Z");
        let before = Utc::now();
        let read = Clock::system().now();
        assert!(read >= before && read <= Utc::now());
        assert_eq!(Clock::default(), Clock::system());
    }

    #[test]
    fn local_time_goes_there_and_back() {
        let wall = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap().and_hms_opt(23, 30, 0).unwrap();
        assert_eq!(from_local(wall), at("2026-03-14T15:30:00Z"));
        assert_eq!(local(from_local(wall)), wall);
        assert_eq!(stamp_local(wall), "2026-03-14T15:30:00.000000Z");
    }

    #[test]
    fn stamps_sort_as_text() {
        assert_eq!(stamp(at("2026-01-02T03:04:05Z")), "2026-01-02T03:04:05.000000Z");
        assert_eq!(stamp(at("2026-01-02T03:04:05.5+08:00")), "2026-01-01T19:04:05.500000Z");
        assert!(stamp(at("2026-01-02T03:04:05Z")) < stamp(at("2026-01-02T03:04:05.000001Z")));
        let s = Stamp::parse("2026-03-14T15:30:00.000000Z").unwrap();
        assert_eq!(s.stored(), "2026-03-14T15:30:00.000000Z");
        assert_eq!(Stamp::from_local(s.local()), s);
        assert_eq!(Stamp::parse("yesterday"), None);
    }

    #[test]
    fn stored_times_are_shown_in_the_zones_time() {
        assert_eq!(shown("2026-03-14T15:30:00.000000Z"), "2026-03-14 23:30");
        assert_eq!(shown("2026-03-14T16:30:00.000000Z"), "2026-03-15 00:30");
        assert_eq!(shown("not a time"), "not a time");
        assert_eq!(rfc3339_local("2026-03-14T16:30:00.000000Z"), "2026-03-15T00:30:00+08:00");
        assert_eq!(rfc3339_local("not a time"), "");
    }
}

//! The working calendar: which days are worked (weekdays, less public holidays, plus make-up
//! working days 调休) and the office hours within them, so every deadline counts working time.

pub mod api;
pub mod services;
pub mod store;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeMap;

/// The holidays and make-up days shipped with zhili (`holidays.csv` beside this file).
const BUILTIN: &str = include_str!("holidays.csv");

/// What an exception to the weekly rhythm makes of a day, stored and sent as `off` or `work`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::Display,
)]
#[strum(serialize_all = "lowercase")]
pub enum DayKind {
    /// A public holiday, or a weekday given off.
    Off,
    /// A weekend day worked in exchange (调休).
    Work,
}

impl DayKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A time limit for a step of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum TimeLimit {
    /// So many office hours.
    WorkingHours(u32),
    /// By the close of the so-many-th working day after the start.
    WorkingDays(u32),
}

impl TimeLimit {
    /// Reads `2h` (working hours) or `5d` (working days), as the catalogue writes them.
    pub fn parse(text: &str) -> Option<TimeLimit> {
        let text = text.trim();
        let unit = text.chars().last()?;
        let n: u32 = text[..text.len() - unit.len_utf8()].parse().ok().filter(|n| *n > 0)?;
        match unit {
            'h' => Some(TimeLimit::WorkingHours(n)),
            'd' => Some(TimeLimit::WorkingDays(n)),
            _ => None,
        }
    }
}

impl std::fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeLimit::WorkingHours(h) => write!(f, "{h}h"),
            TimeLimit::WorkingDays(d) => write!(f, "{d}d"),
        }
    }
}

/// Weekdays worked, less holidays, plus make-up days; office hours 09:00–12:00 and 13:30–17:30.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    exceptions: BTreeMap<NaiveDate, (DayKind, String)>,
}

/// The office hours of a working day, local time (Asia/Shanghai).
pub const OFFICE_HOURS: [(u32, u32, u32, u32); 2] = [(9, 0, 12, 0), (13, 30, 17, 30)];

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

impl WorkCalendar {
    /// The calendar shipped with zhili.
    pub fn builtin() -> WorkCalendar {
        WorkCalendar::from_csv(BUILTIN).expect("the shipped calendar parses")
    }

    /// Reads `date,kind,name` lines (`kind` is `off` or `work`); `#` lines are comments.
    /// A bad line is named by its number.
    pub fn from_csv(text: &str) -> Result<WorkCalendar, (usize, String)> {
        let mut exceptions = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("date,") {
                continue;
            }
            let mut parts = line.splitn(3, ',');
            let (date, kind, name) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| (i + 1, format!("not a date: {date}")))?;
            let kind: DayKind = kind
                .parse()
                .map_err(|_| (i + 1, format!("kind must be off or work, not {kind}")))?;
            exceptions.insert(date, (kind, name.to_string()));
        }
        Ok(WorkCalendar { exceptions })
    }

    /// Sets one day's exception (an admin's edit).
    pub fn set(&mut self, date: NaiveDate, kind: DayKind, name: &str) {
        self.exceptions.insert(date, (kind, name.to_string()));
    }

    /// The exceptions of a year, in date order.
    pub fn exceptions_in(
        &self,
        year: i32,
    ) -> impl Iterator<Item = (&NaiveDate, &(DayKind, String))> {
        // A year past what dates can hold (a query's `year=300000`) has no exceptions.
        let year_range =
            NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        year_range.into_iter().flat_map(|(from, to)| self.exceptions.range(from..=to))
    }

    /// Whether people work on this day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date) {
            Some((DayKind::Off, _)) => false,
            Some((DayKind::Work, _)) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date + Duration::days(1);
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// When a limit that starts at `start` (local time) runs out.
    pub fn deadline(&self, start: NaiveDateTime, limit: TimeLimit) -> NaiveDateTime {
        match limit {
            TimeLimit::WorkingHours(h) => self.add_working_minutes(start, i64::from(h) * 60),
            TimeLimit::WorkingDays(n) => {
                let mut d = start.date();
                for _ in 0..n.max(1) {
                    d = self.next_working_day(d);
                }
                let (_, _, h, m) = OFFICE_HOURS[1];
                d.and_time(hm(h, m))
            }
        }
    }

    /// The moment `minutes` of office time after `start`.
    pub fn add_working_minutes(&self, start: NaiveDateTime, minutes: i64) -> NaiveDateTime {
        let mut cursor = start;
        let mut left = minutes.max(0);
        loop {
            let day = cursor.date();
            if self.is_working_day(day) {
                for (h0, m0, h1, m1) in OFFICE_HOURS {
                    let (open, close) = (day.and_time(hm(h0, m0)), day.and_time(hm(h1, m1)));
                    if cursor >= close {
                        continue;
                    }
                    let from = cursor.max(open);
                    let available = (close - from).num_minutes();
                    if left <= available {
                        return from + Duration::minutes(left);
                    }
                    left -= available;
                    cursor = close;
                }
            }
            cursor = (day + Duration::days(1)).and_time(NaiveTime::MIN);
        }
    }

    /// Office minutes between two moments (zero if `to` is not after `from`).
    pub fn working_minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        let mut total = 0;
        let mut day = from.date();
        while day <= to.date() {
            if self.is_working_day(day) {
                for (h0, m0, h1, m1) in OFFICE_HOURS {
                    let (open, close) = (day.and_time(hm(h0, m0)), day.and_time(hm(h1, m1)));
                    let (a, b) = (open.max(from), close.min(to));
                    if b > a {
                        total += (b - a).num_minutes();
                    }
                }
            }
            day += Duration::days(1);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_kind_is_off_or_work() {
        assert_eq!((DayKind::Off.as_str(), DayKind::Work.to_string()), ("off", "work".to_string()));
        assert_eq!("work".parse(), Ok(DayKind::Work));
        assert_eq!(
            WorkCalendar::from_csv("2026-10-01,Off,国庆").unwrap_err().0,
            1,
            "the names are lower case"
        );
    }

    #[test]
    fn a_year_past_what_dates_hold_has_no_exceptions() {
        // Found by the calendar fuzz target (fuzz/seeds/calendar/bug-exceptions-in-year-300000).
        let cal = WorkCalendar::builtin();
        assert_eq!(cal.exceptions_in(300_000).count(), 0);
        assert_eq!(cal.exceptions_in(i32::MIN).count(), 0);
        assert!(cal.exceptions_in(2015).count() > 10);
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn holidays_and_make_up_days() {
        let cal = WorkCalendar::builtin();
        assert!(!cal.is_working_day(day("2015-10-01")), "National Day");
        assert!(cal.is_working_day(day("2015-10-10")), "a Saturday worked in exchange");
        assert!(!cal.is_working_day(day("2015-10-11")), "an ordinary Sunday");
        assert!(cal.is_working_day(day("2015-10-12")), "an ordinary Monday");
        assert!(!cal.is_working_day(day("2015-09-03")), "the 2015 Victory Day holiday");
        assert!(cal.is_working_day(day("2015-09-06")), "its make-up Sunday");
        for year in 2015..=2027 {
            assert!(cal.exceptions_in(year).count() > 10, "{year} has its holidays");
        }
    }

    #[test]
    fn working_days_skip_the_golden_week() {
        let cal = WorkCalendar::builtin();
        // Registered on the last day before National Day: three working days later is
        // Saturday 10 October (worked), then Monday 12 and Tuesday 13.
        assert_eq!(
            cal.deadline(at("2015-09-30 10:00"), TimeLimit::WorkingDays(1)),
            at("2015-10-08 17:30")
        );
        assert_eq!(
            cal.deadline(at("2015-09-30 10:00"), TimeLimit::WorkingDays(3)),
            at("2015-10-10 17:30")
        );
        assert_eq!(
            cal.deadline(at("2015-09-30 10:00"), TimeLimit::WorkingDays(5)),
            at("2015-10-13 17:30")
        );
    }

    #[test]
    fn working_hours_skip_lunch_nights_and_weekends() {
        let cal = WorkCalendar::builtin();
        assert_eq!(
            cal.deadline(at("2015-10-12 11:00"), TimeLimit::WorkingHours(2)),
            at("2015-10-12 14:30")
        );
        assert_eq!(
            cal.deadline(at("2015-10-16 17:00"), TimeLimit::WorkingHours(1)),
            at("2015-10-19 09:30")
        );
        assert_eq!(
            cal.deadline(at("2015-10-17 08:00"), TimeLimit::WorkingHours(1)),
            at("2015-10-19 10:00")
        );
        assert_eq!(
            cal.deadline(at("2015-10-12 07:00"), TimeLimit::WorkingHours(7)),
            at("2015-10-12 17:30")
        );
    }

    #[test]
    fn office_minutes_between_moments() {
        let cal = WorkCalendar::builtin();
        assert_eq!(
            cal.working_minutes_between(at("2015-10-12 11:00"), at("2015-10-12 14:30")),
            120
        );
        assert_eq!(cal.working_minutes_between(at("2015-10-16 17:00"), at("2015-10-19 09:30")), 60);
        assert_eq!(cal.working_minutes_between(at("2015-10-19 09:30"), at("2015-10-16 17:00")), 0);
        let start = at("2015-09-28 09:00");
        let end = cal.add_working_minutes(start, 3000);
        assert_eq!(cal.working_minutes_between(start, end), 3000);
    }

    #[test]
    fn limits_read_and_write_as_the_catalogue_does() {
        assert_eq!(TimeLimit::parse("2h"), Some(TimeLimit::WorkingHours(2)));
        assert_eq!(TimeLimit::parse("22d"), Some(TimeLimit::WorkingDays(22)));
        assert_eq!(TimeLimit::WorkingDays(22).to_string(), "22d");
        for bad in ["", "d", "0d", "5w", "-1h", "三天", "5天"] {
            assert_eq!(TimeLimit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_line_is_named() {
        assert_eq!(WorkCalendar::from_csv("date,kind,name\n2015-13-01,off,x").unwrap_err().0, 2);
        assert_eq!(WorkCalendar::from_csv("2015-10-01,holiday,x").unwrap_err().0, 1);
    }
}

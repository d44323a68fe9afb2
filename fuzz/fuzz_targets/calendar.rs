//! The working calendar: `WorkCalendar::from_csv` on arbitrary text and `TimeLimit::parse` on
//! arbitrary text; accepted values round-trip, and the deadline arithmetic run on a fuzzed
//! calendar keeps its own laws (so many working minutes later is so many working minutes
//! between, a deadline falls at the close of a working day).
#![no_main]

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use zhili::platform::calendar::OFFICE_HOURS;
use zhili::platform::calendar::TimeLimit;
use zhili::platform::calendar::WorkCalendar;

/// The input, as text so that the seeds can be read and written by hand: a head of
/// `name: value` lines, a line `---`, then the calendar CSV.
///
/// ```text
/// limit: 5d          a time limit as the catalogue writes it
/// start: 400000      minutes after 2015-01-01 00:00 (taken within 2015–2027)
/// minutes: 300       working minutes to add
/// days: 3            working days for a deadline
/// year: 2015         a year as `GET /api/v1/calendar?year=` and `/admin/calendar?year=` take it
/// ---
/// date,kind,name
/// 2015-10-01,off,国庆节
/// ```
struct Input<'a> {
    csv: &'a str,
    limit: &'a str,
    start: u32,
    minutes: u16,
    days: u8,
    year: i32,
}

impl<'a> Input<'a> {
    fn read(text: &'a str) -> Input<'a> {
        let (head, csv) = text.split_once("---\n").unwrap_or(("", text));
        let mut input = Input { csv, limit: "", start: 0, minutes: 0, days: 0, year: 2015 };
        for line in head.lines() {
            let Some((name, value)) = line.split_once(':') else { continue };
            let v = value.trim();
            match name.trim() {
                "limit" => input.limit = value,
                "start" => input.start = v.parse().unwrap_or(v.len() as u32),
                "minutes" => input.minutes = v.parse().unwrap_or(v.len() as u16),
                "days" => input.days = v.parse().unwrap_or(v.len() as u8),
                "year" => input.year = v.parse().unwrap_or(v.len() as i32),
                _ => {}
            }
        }
        input
    }
}

fn in_office(t: NaiveDateTime) -> bool {
    OFFICE_HOURS.iter().any(|&(h0, m0, h1, m1)| {
        let (open, close) = (NaiveTime::from_hms_opt(h0, m0, 0).unwrap(), NaiveTime::from_hms_opt(h1, m1, 0).unwrap());
        (open..=close).contains(&t.time())
    })
}

fuzz_target!(|text: &str| {
    let input = Input::read(text);
    // Time limits: what is read writes back to the same value, and as JSON (the catalogue's
    // form, and the API's). The head's `limit:` and every line of the rest are tried.
    for text in std::iter::once(input.limit).chain(input.csv.lines()) {
        let Some(limit) = TimeLimit::parse(text) else { continue };
        let written = limit.to_string();
        assert_eq!(TimeLimit::parse(&written), Some(limit), "{written}");
        let n = match limit {
            TimeLimit::WorkingHours(n) | TimeLimit::WorkingDays(n) => n,
        };
        assert!(n > 0);
        assert!(text.trim().ends_with(['h', 'd']));
        let json = serde_json::to_string(&limit).unwrap();
        assert_eq!(serde_json::from_str::<TimeLimit>(&json).unwrap(), limit);
    }

    // The calendar: a refused file names a line that exists; an accepted one holds exactly the
    // lines' exceptions, the last line for a date winning.
    let parsed;
    let cal: &WorkCalendar = match WorkCalendar::from_csv(input.csv) {
        Ok(cal) => {
            let mut expect: BTreeMap<NaiveDate, bool> = BTreeMap::new();
            for line in input.csv.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') || line.starts_with("date,") {
                    continue;
                }
                let mut parts = line.splitn(3, ',');
                let date = NaiveDate::parse_from_str(parts.next().unwrap(), "%Y-%m-%d").expect("accepted line has a date");
                let work = match parts.next() {
                    Some("work") => true,
                    Some("off") => false,
                    other => panic!("accepted line with kind {other:?}"),
                };
                expect.insert(date, work);
            }
            for (date, work) in &expect {
                assert_eq!(cal.is_working_day(*date), *work, "{date}");
            }
            let years: std::collections::BTreeSet<i32> = expect.keys().map(|d| d.year()).take(4).collect();
            for year in years {
                let listed: Vec<NaiveDate> = cal.exceptions_in(year).map(|(d, _)| *d).collect();
                let want: Vec<NaiveDate> = expect.keys().filter(|d| d.year() == year).copied().collect();
                assert_eq!(listed, want, "{year}");
            }
            parsed = cal;
            &parsed
        }
        Err((line, _)) => {
            assert!(line >= 1 && line <= input.csv.lines().count(), "line {line}");
            // Read once: parsing the shipped file on every run would take most of the time.
            static BUILTIN: std::sync::OnceLock<WorkCalendar> = std::sync::OnceLock::new();
            BUILTIN.get_or_init(WorkCalendar::builtin)
        }
    };

    // Any year the API's query takes lists that year's exceptions, in order.
    let listed: Vec<NaiveDate> = cal.exceptions_in(input.year).map(|(d, _)| *d).collect();
    assert!(listed.windows(2).all(|w| w[0] < w[1]) && listed.iter().all(|d| d.year() == input.year));

    // Deadlines on that calendar, from a minute in 2015–2027.
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap().and_time(NaiveTime::MIN);
    let start = base + Duration::minutes(i64::from(input.start % (13 * 366 * 24 * 60)));
    let minutes = i64::from(input.minutes);
    let end = cal.add_working_minutes(start, minutes);
    assert!(end >= start);
    assert!(cal.is_working_day(end.date()) && in_office(end), "{start} + {minutes} = {end}");
    assert_eq!(cal.working_minutes_between(start, end), minutes, "{start} → {end}");
    assert_eq!(cal.working_minutes_between(end, start), 0);
    let hours = u32::from(input.minutes % 200) + 1;
    assert_eq!(cal.deadline(start, TimeLimit::WorkingHours(hours)), cal.add_working_minutes(start, i64::from(hours) * 60));
    let days = u32::from(input.days % 40) + 1;
    let due = cal.deadline(start, TimeLimit::WorkingDays(days));
    assert_eq!(due.time(), NaiveTime::from_hms_opt(17, 30, 0).unwrap());
    assert!(cal.is_working_day(due.date()));
    let mut worked = 0;
    let mut d = start.date();
    while d < due.date() {
        d += Duration::days(1);
        if cal.is_working_day(d) {
            worked += 1;
        }
    }
    assert_eq!(worked, days, "{days} working days from {start} is {due}");
    assert_eq!(cal.next_working_day(start.date()) <= due.date(), true);
});

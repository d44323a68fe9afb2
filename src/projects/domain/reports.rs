//! A project's periodic report: its period (a month, or one of its three ten-day 旬), when it
//! was due, how its investment is counted (形象进度法 from the visible progress times the total,
//! or 财务支出法 from recorded spending), and whether it counts in the statistics (projects of 5
//! million yuan and more count only once in the bureau's project library: 先入库，后有数).

use crate::platform::input::FieldError;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Days after a month's end its report is due.
pub const MONTH_DUE_DAYS: i64 = 5;
/// Days after a 旬's end its report is due.
pub const DEKAD_DUE_DAYS: i64 = 2;
/// The total investment from which a project counts only once in the project library (5 million
/// yuan, in fen).
pub const LIBRARY_FROM_FEN: i64 = 5_000_000 * 100;

/// A report's period: a month (`2015-10`) or one of its 旬 (`2015-10-2`, the 11th to the 20th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// Its month's first day.
    pub month: NaiveDate,
    /// Its 旬 (1 to 3), or none for the whole month.
    pub dekad: Option<u8>,
}

impl Period {
    /// Reads a period, naming the field when it is not one.
    pub fn parse(field: &str, text: &str) -> Result<Period, FieldError> {
        let bad = || FieldError::new(field, "error.projects.period");
        let t = text.trim();
        let (month, dekad) = match t.len() {
            7 => (t, None),
            9 if t.as_bytes()[7] == b'-' => {
                (&t[..7], Some(t[8..].parse::<u8>().map_err(|_| bad())?))
            }
            _ => return Err(bad()),
        };
        let first =
            crate::platform::day::parse(field, &format!("{month}-01")).map_err(|_| bad())?;
        if dekad.is_some_and(|d| !(1..=3).contains(&d)) {
            return Err(bad());
        }
        Ok(Period { month: first, dekad })
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        match self.dekad {
            None | Some(1) => self.month,
            Some(d) => self.month + Duration::days(10 * (d as i64 - 1)),
        }
    }

    /// Its last day.
    pub fn end(self) -> NaiveDate {
        let next_month = if self.month.month() == 12 {
            NaiveDate::from_ymd_opt(self.month.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.month.year(), self.month.month() + 1, 1)
        }
        .expect("a month follows");
        match self.dekad {
            Some(d @ 1..=2) => self.month + Duration::days(10 * d as i64 - 1),
            _ => next_month - Duration::days(1),
        }
    }

    /// The day its report is due.
    pub fn due(self) -> NaiveDate {
        self.end()
            + Duration::days(if self.dekad.is_some() { DEKAD_DUE_DAYS } else { MONTH_DUE_DAYS })
    }

    /// The latest month whose report was due before `day`: the one an inspection on that day
    /// checks (on 25 October, September, due on 5 October).
    pub fn last_due(day: NaiveDate) -> Period {
        let mut month = day.with_day(1).expect("a month has a first day");
        loop {
            month = (month - Duration::days(1)).with_day(1).expect("a month has a first day");
            let p = Period { month, dekad: None };
            if p.due() < day {
                return p;
            }
        }
    }

    /// As written.
    pub fn text(self) -> String {
        match self.dekad {
            None => self.month.format("%Y-%m").to_string(),
            Some(d) => format!("{}-{d}", self.month.format("%Y-%m")),
        }
    }
}

/// How a period's investment is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Method {
    /// 形象进度法: the visible progress reached (a share of the whole work) times the total
    /// investment, less what earlier reports counted.
    VisibleProgress,
    /// 财务支出法: what was spent, as the accounts record it.
    Spending,
}

impl Method {
    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The investment of a period by visible progress: the share of the total the progress reached
/// (`progress_bp`, hundredths of a percent), rounded to the fen, less what every earlier report
/// counted, by either method; the field's error if the progress is out of range or falls short
/// of what was counted before.
pub fn by_progress(
    total_fen: i64,
    counted_before_fen: i64,
    progress_bp: i64,
) -> Result<i64, FieldError> {
    if !(0..=10_000).contains(&progress_bp) {
        return Err(FieldError::new("progress_percent", "error.projects.progress_range"));
    }
    let share = ((total_fen as i128 * progress_bp as i128 + 5_000) / 10_000) as i64;
    if share < counted_before_fen {
        let before = counted_before_fen as f64 / total_fen.max(1) as f64 * 100.0;
        return Err(FieldError::new("progress_percent", "error.projects.progress_back")
            .arg("before", format!("{before:.2}")));
    }
    Ok(share - counted_before_fen)
}

/// Reads a percentage typed with up to two decimals (`62.5`) as hundredths of a percent.
pub fn percent_bp(text: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new("progress_percent", "error.projects.progress_range");
    let t = text.trim().trim_end_matches('%');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || whole.len() > 3
        || frac.len() > 2
        || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let bp = whole.parse::<i64>().map_err(|_| bad())? * 100
        + format!("{frac:0<2}").parse::<i64>().map_err(|_| bad())?;
    if bp > 10_000 { Err(bad()) } else { Ok(bp) }
}

/// What a period's investment counts in the statistics: all of it, unless the project is large
/// enough to need the library and is not in it yet.
pub fn counted(total_fen: i64, in_library: bool, invested_fen: i64) -> i64 {
    if total_fen >= LIBRARY_FROM_FEN && !in_library { 0 } else { invested_fen }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_inspection_checks_the_last_month_already_due() {
        let on = |d: &str| Period::last_due(d.parse().unwrap()).text();
        assert_eq!(on("2015-10-25"), "2015-09");
        assert_eq!(on("2015-10-06"), "2015-09");
        assert_eq!(on("2015-10-05"), "2015-08");
        assert_eq!(on("2016-01-10"), "2015-12");
        assert_eq!(on("2016-01-03"), "2015-11");
    }

    #[test]
    fn months_and_their_dekads() {
        let oct = Period::parse("period", "2015-10").unwrap();
        assert_eq!(
            (oct.start(), oct.end(), oct.due()),
            (d("2015-10-01"), d("2015-10-31"), d("2015-11-05"))
        );
        let second = Period::parse("period", "2015-10-2").unwrap();
        assert_eq!(
            (second.start(), second.end(), second.due()),
            (d("2015-10-11"), d("2015-10-20"), d("2015-10-22"))
        );
        let third = Period::parse("period", "2015-02-3").unwrap();
        assert_eq!((third.start(), third.end()), (d("2015-02-21"), d("2015-02-28")));
        assert_eq!(Period::parse("period", "2015-12").unwrap().end(), d("2015-12-31"));
        assert_eq!(second.text(), "2015-10-2");
        for bad in ["2015-13", "2015-10-4", "2015-10-0", "15-10", "2015/10", "2015-10-21"] {
            assert!(Period::parse("period", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn visible_progress_counts_the_share_it_adds() {
        let total = 50_000 * 1_000_000; // 5 亿 in fen
        assert_eq!(by_progress(total, total / 100 * 60, 6_500).unwrap(), total / 20);
        assert_eq!(by_progress(total, 0, 0).unwrap(), 0);
        // 20% counted by spending before: 30% reached adds 10%, not 30%.
        assert_eq!(by_progress(total, total / 5, 3_000).unwrap(), total / 10);
        let short = by_progress(total, total / 100 * 65, 6_000).unwrap_err();
        assert_eq!(short.key, "error.projects.progress_back");
        assert!(by_progress(total, 0, 10_001).is_err());
        assert_eq!(percent_bp("62.5").unwrap(), 6_250);
        assert_eq!(percent_bp("100%").unwrap(), 10_000);
        for bad in ["", "101", "62.555", "-1", "abc"] {
            assert!(percent_bp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_large_project_counts_only_in_the_library() {
        assert_eq!(counted(LIBRARY_FROM_FEN, false, 100), 0);
        assert_eq!(counted(LIBRARY_FROM_FEN, true, 100), 100);
        assert_eq!(counted(LIBRARY_FROM_FEN - 1, false, 100), 100);
    }
}

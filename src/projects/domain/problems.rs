//! The problem ledger's ladder (问题台账): a problem not solved by its deadline climbs from its
//! owner to the head of the owner's unit, then to the zone leader in charge of the project,
//! then to the principal leader; the first climb on the first working day after the deadline,
//! each next one so many working days after the last.

use crate::platform::calendar::WorkCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Working days between one climb of the ladder and the next.
pub const CLIMB_WORKING_DAYS: u32 = 3;

/// Who answers for a problem now.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Rung {
    /// Its owner (the person of the unit it was given to).
    Owner,
    /// The head of that unit.
    UnitHead,
    /// The zone leader in charge of the project.
    LeaderInCharge,
    /// The principal leader.
    PrincipalLeader,
}

impl Rung {
    /// Every rung, from the bottom.
    pub const ALL: [Rung; 4] =
        [Rung::Owner, Rung::UnitHead, Rung::LeaderInCharge, Rung::PrincipalLeader];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Its place from the bottom, 0 to 3.
    pub fn index(self) -> usize {
        Rung::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// The days an unsolved problem with this deadline climbs to each rung above its owner, up to
/// `today`: (rung, day).
pub fn climbs(
    calendar: &WorkCalendar,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Vec<(Rung, NaiveDate)> {
    let mut out = Vec::new();
    let mut day = calendar.next_working_day(deadline);
    for rung in &Rung::ALL[1..] {
        if day > today {
            break;
        }
        out.push((*rung, day));
        for _ in 0..CLIMB_WORKING_DAYS {
            day = calendar.next_working_day(day);
        }
    }
    out
}

/// The deadline so many working days after a day.
pub fn deadline(calendar: &WorkCalendar, raised: NaiveDate, working_days: u32) -> NaiveDate {
    let mut day = raised;
    for _ in 0..working_days.max(1) {
        day = calendar.next_working_day(day);
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_overdue_problem_climbs_a_rung_every_three_working_days() {
        let cal = WorkCalendar::builtin();
        // Raised on Thursday 10 September 2015, ten working days: due Thursday 24 September.
        let due = deadline(&cal, d("2015-09-10"), 10);
        assert_eq!(due, d("2015-09-24"));
        assert!(climbs(&cal, due, d("2015-09-24")).is_empty());
        assert_eq!(climbs(&cal, due, d("2015-09-25")), vec![(Rung::UnitHead, d("2015-09-25"))]);
        // The National Day week (1–7 October) is no working time; 10 October, a Saturday, is.
        let all = climbs(&cal, due, d("2015-10-25"));
        assert_eq!(
            all.iter().map(|c| c.0).collect::<Vec<_>>(),
            vec![Rung::UnitHead, Rung::LeaderInCharge, Rung::PrincipalLeader]
        );
        assert_eq!(all[1].1, d("2015-09-30"));
        assert_eq!(all[2].1, d("2015-10-10"));
    }
}

//! Investment completed against the year's plan, and time-elapsed progress (序时进度): the share of
//! the year gone by the end of a month (10/12 = 83.33% at the end of October). A unit at 70.41%
//! of its plan then is 12.92 points behind (欠进度); one at 125.64% is ahead (超进度).

use serde::Serialize;

/// Where a unit or project stands against the time elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    /// Ahead of the time elapsed (超进度).
    Ahead,
    /// Level with it.
    Level,
    /// Behind it (欠进度).
    Behind,
    /// No plan for the year: nothing to measure against.
    NoPlan,
}

/// A completion against the plan and the time elapsed, in hundredths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Against {
    /// Completed as a share of the plan, hundredths of a percent (7041 is 70.41%); none without
    /// a plan.
    pub completion_bp: Option<i64>,
    /// The share of the year gone by the end of the month, hundredths of a percent.
    pub elapsed_bp: i64,
    /// Completion less elapsed, in hundredths of a point (−1292 is 12.92 points behind).
    pub gap_bp: Option<i64>,
    /// Ahead, level or behind.
    pub pace: Pace,
}

/// `part / whole` as hundredths of a percent, rounded half up.
fn bp(part: i64, whole: i64) -> i64 {
    ((part as i128 * 20_000 + whole as i128) / (2 * whole as i128)) as i64
}

/// Where `completed` stands against `planned` at the end of `month` (1 to 12).
pub fn against(completed_fen: i64, planned_fen: i64, month: u32) -> Against {
    let elapsed_bp = bp(month.clamp(1, 12) as i64, 12);
    if planned_fen <= 0 {
        return Against { completion_bp: None, elapsed_bp, gap_bp: None, pace: Pace::NoPlan };
    }
    let completion = bp(completed_fen, planned_fen);
    let gap = completion - elapsed_bp;
    let pace = match gap {
        g if g > 0 => Pace::Ahead,
        0 => Pace::Level,
        _ => Pace::Behind,
    };
    Against { completion_bp: Some(completion), elapsed_bp, gap_bp: Some(gap), pace }
}

/// Hundredths as written: `83.33`, `-12.92`.
pub fn hundredths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", v.abs() / 100, v.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_october_is_83_33_and_a_unit_at_70_41_is_12_92_behind() {
        let a = against(7_041, 10_000, 10);
        assert_eq!(
            (hundredths(a.elapsed_bp), a.completion_bp, a.pace),
            ("83.33".to_string(), Some(7_041), Pace::Behind)
        );
        assert_eq!(hundredths(a.gap_bp.unwrap()), "-12.92");
        let b = against(12_564, 10_000, 10);
        assert_eq!((hundredths(b.gap_bp.unwrap()), b.pace), ("42.31".to_string(), Pace::Ahead));
        assert_eq!(against(5, 0, 10).pace, Pace::NoPlan);
        assert_eq!(against(10, 12, 10).pace, Pace::Level);
    }
}

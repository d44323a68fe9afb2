//! The list of cases: a filter read into one SQL condition, the sorts, and the condition of
//! each dashboard measure, so the cases behind a figure are the figure's own.

use super::cases::{CASE_COLUMNS, CaseRow};
use super::typed::read_all;
use crate::cases::domain::CaseState;
use crate::cases::domain::case::Case;
use sqlx::AnyPool;

/// Which cases to list: a subtree, a report-day range, a category prefix, states, and a
/// measure (a rollup column: the cases behind a figure).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Subtree range of the case's unit.
    pub range: (String, String),
    /// First report day, inclusive.
    pub from: Option<String>,
    /// Last report day, inclusive.
    pub to: Option<String>,
    /// Category code prefix (`D` for every dispute).
    pub category: Option<String>,
    /// Only these states.
    pub states: Vec<CaseState>,
    /// Only cases counted in this measure.
    pub measure: Option<&'static str>,
    /// Only cases handled by this unit now.
    pub handler_unit_id: Option<i64>,
    /// Soonest deadline first (a work queue) instead of newest first.
    pub by_deadline: bool,
    /// Words the title, description or address contain.
    pub keyword: Option<String>,
    /// Only cases past their step's deadline.
    pub overdue: bool,
    /// A column to sort by, and whether largest first; before `by_deadline`.
    pub sort: Option<(Sort, bool)>,
}

/// The columns a list of cases sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// The case number.
    Id,
    /// When it was reported.
    Reported,
    /// Its step's deadline (cases without one last).
    Deadline,
    /// Its category's code.
    Category,
    /// Its state.
    State,
}

impl Sort {
    /// The ORDER BY of a sort, the id breaking ties.
    fn sql(self, descending: bool) -> String {
        let dir = if descending { "DESC" } else { "ASC" };
        match self {
            Sort::Id => format!("id {dir}"),
            Sort::Reported => format!("reported_at {dir}, id {dir}"),
            Sort::Deadline => format!("step_deadline IS NULL, step_deadline {dir}, id"),
            Sort::Category => format!("category_code {dir}, id DESC"),
            Sort::State => format!("state {dir}, id DESC"),
        }
    }
}

/// The states that are not open, as an SQL list (`'refused', 'closed'`): the sweeps' and the
/// public views' conditions, derived from `CaseState::is_open` so they cannot drift from it.
pub fn ended_states_sql() -> String {
    let ended: Vec<String> = crate::cases::domain::CaseState::ALL
        .into_iter()
        .filter(|s| !s.is_open())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    ended.join(", ")
}

/// The SQL condition of a measure on the cases table, mirroring `Counts::of`.
pub fn measure_sql(measure: &str) -> Option<&'static str> {
    Some(match measure {
        "found" => "1 = 1",
        "registered" => "registered = 1",
        "resolved" => "state = 'closed' AND outcome = 'resolved'",
        "closed" => "state = 'closed'",
        "left_out" => "state = 'closed' AND outcome IN ('duplicate', 'withdrawn')",
        "due" => {
            "registered = 1 AND NOT (state = 'closed' AND outcome IN ('duplicate', 'withdrawn')) AND (state = 'closed' OR overdue = 1)"
        }
        "due_deferred" => {
            "registered = 1 AND deferred = 1 AND NOT (state = 'closed' AND outcome IN ('duplicate', 'withdrawn')) \
             AND (state = 'closed' OR overdue = 1)"
        }
        "on_time" => {
            "registered = 1 AND deferred = 0 AND state = 'closed' AND on_time = 1 AND outcome NOT IN ('duplicate', 'withdrawn')"
        }
        "deferred" => "deferred = 1",
        "verified" => "verified = 1",
        "reworked" => "reworks > 0",
        "followed_up" => "satisfaction IS NOT NULL",
        _ => return None,
    })
}

fn filter_sql(f: &Filter) -> (String, Vec<String>) {
    // Every value is bound as text; numeric columns are cast so both databases compare alike.
    let mut conds = vec!["unit_path >= $1".to_string(), "unit_path < $2".to_string()];
    let mut args = vec![f.range.0.clone(), f.range.1.clone()];
    let mut push = |cond: &str, value: String| {
        args.push(value);
        conds.push(format!("{cond} ${}", args.len()));
    };
    if let Some(from) = &f.from {
        push("report_day >=", from.clone());
    }
    if let Some(to) = &f.to {
        push("report_day <=", to.clone());
    }
    if let Some(code) = &f.category {
        // A code prefix as a range, like unit paths: 'D' covers 'D' ≤ code < 'E'.
        let mut end = code.clone();
        if let Some(last) = end.pop() {
            end.push(char::from_u32(last as u32 + 1).unwrap_or(last));
        }
        push("category_code >=", code.clone());
        push("category_code <", end);
    }
    if let Some(id) = f.handler_unit_id {
        push("CAST(handler_unit_id AS TEXT) =", id.to_string());
    }
    if !f.states.is_empty() {
        let first = args.len() + 1;
        let marks: Vec<String> = (0..f.states.len()).map(|i| format!("${}", first + i)).collect();
        conds.push(format!("state IN ({})", marks.join(", ")));
        args.extend(f.states.iter().map(|s| s.as_str().to_string()));
    }
    if let Some(m) = f.measure.and_then(measure_sql) {
        conds.push(m.to_string());
    }
    if f.overdue {
        conds.push("overdue = 1".into());
    }
    if let Some(words) = &f.keyword {
        // Matched as written: % and _ in the words are themselves, not wildcards.
        let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        conds.push(format!("(title LIKE ${n} ESCAPE '\\' OR description LIKE ${n} ESCAPE '\\' OR address LIKE ${n} ESCAPE '\\')"));
    }
    (conds.join(" AND "), args)
}

/// A page of cases matching a filter, newest first, and how many match.
pub async fn list(
    pool: &AnyPool,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Case>, i64)> {
    let (cond, args) = filter_sql(f);
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM cases WHERE {cond}"
    )));
    for a in &args {
        count = count.bind(a.clone());
    }
    let total = count.fetch_one(pool).await?;
    let order = match f.sort {
        Some((sort, descending)) => sort.sql(descending),
        None if f.by_deadline => "step_deadline IS NULL, step_deadline, id".into(),
        None => "reported_at DESC, id DESC".into(),
    };
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE {cond} ORDER BY {order} LIMIT ${} OFFSET ${}",
        args.len() + 1,
        args.len() + 2
    );
    let mut q = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql));
    for a in &args {
        q = q.bind(a.clone());
    }
    let rows = q.bind(limit).bind(offset).fetch_all(pool).await?;
    Ok((read_all(rows)?, total))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ended_states_are_the_ones_not_open() {
        assert_eq!(super::ended_states_sql(), "'refused', 'closed'");
    }
}

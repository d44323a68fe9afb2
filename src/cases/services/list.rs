//! The list of cases in a unit's subtree, filtered and sorted as asked, and the rates of a
//! subtree read from the rollups.

use crate::cases::domain::CaseState;
use crate::cases::domain::case::Case;
use crate::cases::domain::rates::{Counts, Rates};
use crate::cases::store::Filter;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult, Page, Paging};

/// Which cases to list, as a request asks.
#[derive(Debug, Clone, Default)]
pub struct ListInput {
    /// A unit whose subtree to list; the actor's first when none.
    pub unit_id: Option<i64>,
    /// First report day.
    pub from: Option<chrono::NaiveDate>,
    /// Last report day.
    pub to: Option<chrono::NaiveDate>,
    /// Category code prefix.
    pub category: Option<String>,
    /// Only these states.
    pub states: Vec<String>,
    /// A measure: the cases behind a figure.
    pub measure: Option<String>,
    /// Only cases handled by this unit now (a queue).
    pub handler_unit_id: Option<i64>,
    /// Soonest deadline first.
    pub by_deadline: bool,
    /// Words the title, description or address contain.
    pub keyword: Option<String>,
    /// Only cases past their step's deadline.
    pub overdue: bool,
    /// A column to sort by, and whether largest first.
    pub sort: Option<(crate::cases::store::Sort, bool)>,
}

/// A page of the cases in a visible unit's subtree.
pub async fn list(
    db: &Db,
    actor: &Actor,
    input: ListInput,
    paging: Paging,
) -> AppResult<Page<Case>> {
    let unit_id =
        input.unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let measure = match input.measure.as_deref() {
        None | Some("") => None,
        Some(m) => Some(
            crate::cases::domain::rates::COLUMNS
                .into_iter()
                .find(|c| *c == m)
                .ok_or_else(|| FieldError::new("measure", "error.measure"))?,
        ),
    };
    if let (Some(from), Some(to)) = (input.from, input.to)
        && to < from
    {
        return Err(FieldError::new("to", "error.date_order").into());
    }
    let states = input
        .states
        .iter()
        .map(|s| s.parse::<CaseState>().map_err(|_| FieldError::new("state", "error.state")))
        .collect::<Result<Vec<_>, _>>()?;
    let filter = Filter {
        range: unit.subtree_range(),
        from: input.from.map(|d| d.to_string()),
        to: input.to.map(|d| d.to_string()),
        category: input.category.filter(|c| !c.is_empty()),
        states,
        measure,
        handler_unit_id: input.handler_unit_id,
        by_deadline: input.by_deadline,
        keyword: input.keyword.filter(|k| !k.trim().is_empty()),
        overdue: input.overdue,
        sort: input.sort,
    };
    let (items, total) =
        crate::cases::store::list(&db.pool, &filter, paging.page_size, paging.offset()).await?;
    Ok(Page { items, total, paging })
}

/// The counts and rates of a visible unit's subtree for report days `from..=to`, optionally
/// of one category (a code prefix: `D` for every dispute), read from the rollups.
pub async fn rates(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    category: Option<&str>,
) -> AppResult<(Counts, Rates)> {
    if to < from {
        return Err(FieldError::new("to", "error.date_order").into());
    }
    // Only where the unit is matters here: its own counts are not read on this hot path.
    actor.unit_path(db, unit_id).await?;
    let counts = crate::cases::store::sum_rollups(
        &db.pool,
        unit_id,
        &from.to_string(),
        &to.to_string(),
        category,
    )
    .await?;
    Ok((counts, Rates::of(&counts)))
}

//! The weekly inspection list (周督查) of a unit's projects on a day: what is overdue and who
//! answers for it, the longest overdue first. Gates and problems are seen as they stood on the
//! day, so last week's list can be drawn again; reports as they stand.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::{AppError, AppResult, Page, Paging};
use crate::projects::domain::reports::Period;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What an item is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    utoipa::ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Kind {
    /// A gate whose planned day passed without it (no cancelled project's).
    Gate,
    /// A key project under construction in the month checked with no report for it (promotion
    /// deals are followed by their gates and funds, not by monthly reports).
    ReportMissing,
    /// That month's report, sent after its due day.
    ReportLate,
    /// A problem of the ledger past its deadline.
    Problem,
}

impl Kind {
    /// The identifier used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One item of the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = InspectionItem)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub project: String,
    /// The unit it lies in.
    pub unit_id: i64,
    /// That unit's name.
    pub unit: String,
    /// Who answers for it: the project's leader, the report's sender, or the problem's owner.
    pub owner: String,
    /// The gate (`filing`), the period (`2015-09`) or the problem's description.
    pub detail: String,
    /// A problem's rung on its ladder; empty for the others.
    pub rung: String,
    /// The day it was due.
    #[schema(value_type = String)]
    pub due_on: NaiveDate,
    /// Calendar days from then to the day of the list (0 for a late report already in).
    pub days_over: i64,
}

/// A page of the inspection list of a visible unit (default: the actor's first) on `day`, with
/// the month whose reports it checks.
pub async fn list(
    db: &Db,
    actor: &Actor,
    unit_id: Option<i64>,
    day: NaiveDate,
    paging: Paging,
) -> AppResult<(Page<Item>, Period)> {
    let unit_id = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let month = Period::last_due(day);
    let (rows, total) = crate::projects::store::inspection::items(
        &db.pool,
        &unit.subtree_range(),
        (&day.to_string(), &month.text(), &month.due().to_string()),
        paging.page_size,
        paging.offset(),
    )
    .await?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.unit_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: BTreeMap<i64, String> =
        crate::platform::hierarchy::services::names(db, ids).await?.into_iter().collect();
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let kind: Kind = r.kind.parse().ok()?;
            let due_on: NaiveDate = r.due_on.parse().ok()?;
            Some(Item {
                kind,
                project_id: r.project_id,
                project: r.project,
                unit: names.get(&r.unit_id).cloned().unwrap_or_default(),
                unit_id: r.unit_id,
                owner: r.owner,
                detail: r.detail,
                rung: r.rung,
                due_on,
                days_over: if kind == Kind::ReportLate { 0 } else { (day - due_on).num_days() },
            })
        })
        .collect();
    Ok((Page { items, total, paging }, month))
}

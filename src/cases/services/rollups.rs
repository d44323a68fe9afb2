//! The rollups behind the dashboard: a case's contribution, and their rebuild from the cases.

use crate::cases::domain::case::Case;
use crate::cases::domain::rates::{CaseFacts, Counts};
use crate::cases::store::CaseRow;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::AppResult;

/// The facts of a case row that its rollup contribution depends on, read through the domain's
/// case; a row that does not read is an error, not a guess.
pub fn facts(row: &CaseRow) -> anyhow::Result<CaseFacts> {
    Ok(Case::try_from(row.clone())?.facts())
}

/// Rebuilds every rollup from the cases themselves, for checking and for repair.
pub async fn recompute_rollups(db: &Db) -> AppResult<()> {
    let mut tx = db.begin().await?;
    crate::cases::store::sweeps::clear_rollups(&mut tx).await?;
    let mut after = 0i64;
    loop {
        let rows = crate::cases::store::sweeps::cases_after(&mut tx, after, 2000).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in &rows {
            let ids = UnitPath::from_stored(row.unit_path.clone()).ids();
            crate::cases::store::add_to_rollups(&mut tx, &ids, &row.report_day, row.category_id, &Counts::of(&facts(row)?)).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

//! The rollups behind the dashboard: a case's contribution, and their rebuild from the cases.

use crate::cases::domain::rates::Counts;
use crate::platform::db::Db;
use crate::platform::service::AppResult;

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
            let ids = row.unit_path.ids();
            crate::cases::store::add_to_rollups(
                &mut tx,
                &ids,
                &row.report_day.to_string(),
                row.category_id,
                &Counts::of(&row.facts()),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

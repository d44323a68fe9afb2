//! The public's requests as Open311 lists them: a page of them, or the one a caller followed,
//! each with the name of the unit handling it and when it last changed.

pub use crate::cases::store::open311::RequestFilter;

use crate::cases::domain::case::Case;
use crate::platform::db::Db;
use crate::platform::service::AppResult;
use crate::platform::service::Paging;
use std::collections::HashMap;

/// A request as the public sees it: the case, who handles it and when it last moved.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The case.
    pub case: Case,
    /// The name of the unit handling it now.
    pub agency: String,
    /// When it last changed (its last event, else its report).
    pub updated_at: String,
}

/// A page of the public's requests, newest first.
pub async fn page(db: &Db, filter: &RequestFilter, paging: Paging) -> AppResult<Vec<Shown>> {
    let rows =
        crate::cases::store::open311::requests(&db.pool, filter, paging.page_size, paging.offset())
            .await?;
    shown(db, rows).await
}

/// Cases the caller may already see, with their handlers' names and last changes read together.
pub async fn shown(db: &Db, rows: Vec<Case>) -> AppResult<Vec<Shown>> {
    let (mut names, mut updated) = (HashMap::new(), HashMap::new());
    // A page holds at most a few hundred requests; chunks keep each IN list bounded.
    for chunk in rows.chunks(500) {
        let mut handlers: Vec<i64> = chunk.iter().map(|c| c.handler_unit_id).collect();
        handlers.sort_unstable();
        handlers.dedup();
        let ids: Vec<i64> = chunk.iter().map(|c| c.id).collect();
        names.extend(crate::cases::store::open311::unit_names(&db.pool, &handlers).await?);
        updated.extend(crate::cases::store::open311::updated_at(&db.pool, &ids).await?);
    }
    Ok(rows
        .into_iter()
        .map(|case| Shown {
            agency: names.get(&case.handler_unit_id).cloned().unwrap_or_default(),
            updated_at: updated.get(&case.id).cloned().unwrap_or_else(|| case.reported_at.stored()),
            case,
        })
        .collect())
}

//! Where a public report stands, as its reporter may see it by the token they were given: the
//! case, the unit handling it, and its steps without the photos (no notes, no staff names).

use crate::cases::domain::case::Case;
use crate::cases::domain::event::Event;
use crate::platform::db::Db;
use crate::platform::service::AppResult;

/// A followed report.
#[derive(Debug, Clone)]
pub struct Status {
    /// The case.
    pub case: Case,
    /// The name of the unit handling it.
    pub handler: String,
    /// Its steps, oldest first, photos left out.
    pub steps: Vec<Event>,
}

/// The report this token follows.
pub async fn of_token(db: &Db, token: &str) -> AppResult<Status> {
    let case = crate::cases::services::public::followed(db, token).await?;
    let handler = crate::cases::services::places::handler_name(db, case.handler_unit_id).await?;
    let steps = crate::cases::store::events(&db.pool, case.id)
        .await?
        .into_iter()
        .filter(|e| e.action != "photo")
        .collect();
    Ok(Status { case, handler, steps })
}

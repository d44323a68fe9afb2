//! What the public may do, through the public form or an Open311 key: report, with a photo.
//! The public actor holds no role, so it reaches its report only through what reporting hands
//! back, never through the case's id.

use super::intake_queue::IntakeQueue;
use super::{Actor, AppError, AppResult, cases, open311};
use crate::store::Db;
use crate::store::cases::CaseRow;

/// What a public report hands back to its reporter.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// The case as written.
    pub case: CaseRow,
}

/// Takes a report from the public: a public category and a place in the zone served, then the
/// photo, if any (checked by the caller before, so a bad one writes nothing).
pub async fn report(
    db: &Db,
    intake: &IntakeQueue,
    actor: &Actor,
    submission: open311::Submission,
    photo: Option<(&str, &[u8])>,
) -> AppResult<Receipt> {
    if !actor.is_public() {
        return Err(AppError::Forbidden);
    }
    let input = open311::report_input(db, submission).await?;
    let case = intake.report(db, actor, input).await?;
    if let Some((field, bytes)) = photo {
        cases::attach_photo(db, actor, case.clone(), field, bytes).await?;
    }
    Ok(Receipt { case })
}

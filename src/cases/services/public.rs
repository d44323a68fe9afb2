//! What the public may do, through the public form or an Open311 key: report, with a photo,
//! and follow its own reports by the token reporting hands back. The public actor holds no role,
//! so it never reaches a case through the case's id.

use crate::cases::domain::case::Case;
use crate::cases::services::intake_queue::IntakeQueue;
use crate::cases::store::CategoryRow;
use crate::platform::access::actor::Actor;
use crate::platform::audit::sha256_hex;
use crate::platform::db::Db;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;

/// What a public report hands back to its reporter.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// The case as written.
    pub case: Case,
    /// The token the reporter follows it by: 128 random bits in hex, shown this once (only its
    /// digest is kept).
    pub token: String,
}

/// Whether text has a token's shape, so that no other text is looked up.
fn token_shaped(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Takes a report from the public: a public category and a place in the zone served, then the
/// photo, if any (checked by the caller before, so a bad one writes nothing).
pub async fn report(
    db: &Db,
    intake: &IntakeQueue,
    actor: &Actor,
    submission: crate::cases::services::open311::Submission,
    photo: Option<(&str, &[u8])>,
) -> AppResult<Receipt> {
    if !actor.is_public() {
        return Err(AppError::Forbidden);
    }
    let input = crate::cases::services::open311::report_input(db, submission).await?;
    let token = crate::platform::users::password::random_hex(16);
    let case = intake.report_followed(db, actor, input, sha256_hex(&token)).await?;
    if let Some((field, bytes)) = photo {
        crate::cases::services::attach_photo(
            db,
            actor,
            crate::cases::services::access::just_reported(case.clone()),
            field,
            bytes,
        )
        .await?;
    }
    Ok(Receipt { case, token })
}

/// The report a token follows, or `NotFound`: anything but a live token finds nothing.
pub async fn followed(db: &Db, token: &str) -> AppResult<Case> {
    let token = token.to_ascii_lowercase();
    if !token_shaped(&token) {
        return Err(AppError::NotFound);
    }
    let id = crate::cases::store::tokens::case_of(&db.pool, &sha256_hex(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    crate::cases::store::get(&db.pool, id).await?.ok_or(AppError::NotFound)
}

/// A case by its number as the public views show it: in a public category, and reported
/// through a public channel unless its category publishes every report. `NotFound` otherwise.
pub async fn shown(db: &Db, id: i64, public: &[CategoryRow]) -> AppResult<Case> {
    let case = crate::cases::store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let Some(category) = public.iter().find(|c| {
        c.code == case.category_code && case.kind == crate::cases::domain::CaseKind::Incident
    }) else {
        return Err(AppError::NotFound);
    };
    if category.publish_all != 0 || crate::cases::store::tokens::is_followed(&db.pool, id).await? {
        Ok(case)
    } else {
        Err(AppError::NotFound)
    }
}

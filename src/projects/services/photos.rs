//! Progress photos: added to a report not yet locked by whoever works the project, checked
//! (type, size, pixels), hashed, their EXIF time and place kept, and flagged when doubtful
//! (`domain::photo_checks`): kept either way, never refused for a doubt.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::geo::Point;
use crate::platform::service::{AppError, AppResult};
use crate::projects::domain::photo_checks::{Against, check};
use crate::projects::domain::reports::Period;
use crate::projects::store::reports::PhotoRow;

/// Adds a photo to a project's report of a period.
pub async fn add(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    period: &str,
    bytes: Vec<u8>,
) -> AppResult<PhotoRow> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    let work = crate::projects::services::access::may_work(actor, seen)?;
    let project = work.row().clone();
    let period = Period::parse("period", period).map_err(|_| AppError::NotFound)?;
    let facts = crate::platform::photo::inspect("photo", &bytes)?;
    let phash = crate::platform::photo::perceptual_hash(bytes.clone()).await;
    let mut tx = db.begin().await?;
    let reports = crate::projects::store::reports::of_project_in(&mut tx, project_id).await?;
    let report =
        reports.into_iter().find(|r| r.period == period.text()).ok_or(AppError::NotFound)?;
    if report.reviewed_at.is_some() {
        return Err(AppError::Conflict("error.projects.period_locked"));
    }
    let earlier = crate::projects::store::reports::hashes_in(&mut tx, project_id).await?;
    // A point the camera wrote that is not on the earth (a 0/0 rational) is no point.
    let point = facts.point.and_then(|(lon, lat)| Point::checked(lon, lat));
    let site = project.lon.zip(project.lat).map(|(lon, lat)| Point::new(lon, lat));
    let against = Against { period: (period.start(), period.end()), site, earlier: &earlier };
    let doubts = check(facts.taken_at.as_deref(), point, &facts.sha256, phash.as_deref(), &against);
    let mut row = PhotoRow {
        id: 0,
        report_id: report.id,
        project_id,
        content_type: facts.content_type.into(),
        size: bytes.len() as i64,
        sha256: facts.sha256.clone(),
        phash,
        taken_at: facts.taken_at.clone(),
        lon: point.map(|p| p.lon),
        lat: point.map(|p| p.lat),
        flags: doubts.flags.join(","),
        near_photo_id: doubts.near_photo_id,
        metres: doubts.metres.map(|m| m.round()),
        created_by: actor.audit_name().into(),
        created_at: tx.now(),
    };
    row.id = crate::projects::store::reports::add_photo(&mut tx, &row, &bytes).await?;
    let detail = serde_json::json!({ "period": report.period, "photo": row.id, "sha256": row.sha256, "flags": row.flags });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.photo", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// A photo's type and bytes, if it is the project's and the actor sees the project.
pub async fn data(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    photo_id: i64,
) -> AppResult<(String, Vec<u8>)> {
    crate::projects::services::access::visible(db, actor, project_id).await?;
    let (of, content_type, data) = crate::projects::store::reports::photo_data(&db.pool, photo_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if of != project_id {
        return Err(AppError::NotFound);
    }
    Ok((content_type, data))
}

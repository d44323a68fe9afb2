//! Photos of a case: added by those who work it or reported it, read by those who see it.

use crate::cases::domain::event::Event;
use crate::cases::services::access::{Right, Workable, may_work, visible};
use crate::cases::services::act::write_change;
use crate::cases::store::PhotoRow;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::{AppError, AppResult};
use serde_json::json;

/// Adds a photo to a case the actor works on, or reported: its type is sniffed, its size
/// checked, its EXIF time and place kept, and the timeline notes it.
pub async fn add_photo(
    db: &Db,
    actor: &Actor,
    case_id: i64,
    field: &str,
    bytes: &[u8],
) -> AppResult<PhotoRow> {
    let work = may_work(db, actor, visible(db, actor, case_id).await?, Right::AddEvidence).await?;
    attach_photo(db, actor, work, field, bytes).await
}

/// Adds a photo to a case already checked to be the actor's to add to (their work, their
/// report, or the public's report just received).
pub(crate) async fn attach_photo(
    db: &Db,
    actor: &Actor,
    work: Workable,
    field: &str,
    bytes: &[u8],
) -> AppResult<PhotoRow> {
    let row = work.row();
    let case_id = row.id;
    let facts = crate::platform::photo::inspect(field, bytes)?;
    let mut next = row.clone();
    next.events = row.events + 1;
    let event = Event::new(
        next.events,
        "photo",
        (Some(row.state), row.state),
        (actor.user_id(), actor.audit_name()),
        crate::platform::time::Stamp(db.clock.now()),
        "",
        json!({"sha256": facts.sha256, "taken_at": facts.taken_at}),
    );
    let mut tx = db.begin().await?;
    write_change(&mut tx, &work, &next, &event).await?;
    let id =
        crate::cases::store::insert_photo(&mut tx, case_id, &facts, bytes, actor.user_id()).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "case.photo",
            format!("case:{case_id}"),
            json!({"photo": id, "sha256": facts.sha256, "bytes": bytes.len(), "type": facts.content_type}),
        ),
    )
    .await?;
    tx.commit().await?;
    crate::cases::store::photos(&db.pool, case_id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)
}

/// A photo's type and bytes, if the actor may see its case; the download is audited.
pub async fn photo(db: &Db, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
    let (case_id, content_type, data) =
        crate::cases::store::photo_data(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    visible(db, actor, case_id).await?;
    crate::platform::audit::reads::record(
        db,
        actor,
        "case.photo_download",
        format!("case:{case_id}"),
        json!({"photo": id}),
    )
    .await?;
    Ok((content_type, data))
}

/// A case's photos' facts, if the actor may see the case.
pub async fn photos(db: &Db, actor: &Actor, case_id: i64) -> AppResult<Vec<PhotoRow>> {
    visible(db, actor, case_id).await?;
    Ok(crate::cases::store::photos(&db.pool, case_id).await?)
}

//! Reads that go into the audit chain: personal data in bulk (the users workbook, every phone),
//! photo downloads, and reveals refused. Such a read writes its audit row alone, in its own
//! transaction, before the data is handed back.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use crate::platform::service::Page;
use crate::platform::service::Paging;
use crate::platform::users::services::UserView;
use serde_json::json;

/// Appends one audit row for something the actor read (or was refused).
pub(crate) async fn record(
    db: &Db,
    actor: &Actor,
    action: &str,
    object: String,
    detail: serde_json::Value,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    crate::platform::audit::append(&mut tx, actor.audit(action, object, detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// A page of the users holding roles in a unit's subtree, with their phones (the API's list and
/// the users page); audited with the unit, the page and its rows, as the workbook is.
pub async fn users_page(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    paging: Paging,
) -> AppResult<Page<UserView>> {
    let list = crate::platform::users::services::list(db, actor, unit_id, paging).await?;
    let detail = json!({"unit_id": unit_id, "page": paging.page, "rows": list.items.len()});
    record(db, actor, "users.list", format!("unit:{unit_id}"), detail).await?;
    Ok(list)
}

/// Everyone holding a role in a unit's subtree (the actor's first when none), every page, for
/// the users workbook (administrators); audited with the unit and the number of rows.
pub async fn users_export(
    db: &Db,
    actor: &Actor,
    unit_id: Option<i64>,
) -> AppResult<Vec<UserView>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let unit = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let mut out = Vec::new();
    for page in 1.. {
        let list = crate::platform::users::services::list(
            db,
            actor,
            unit,
            Paging::parse(Some(page), Some(500))?,
        )
        .await?;
        out.extend(list.items);
        if page * 500 >= list.total {
            break;
        }
    }
    record(
        db,
        actor,
        "users.export",
        format!("unit:{unit}"),
        json!({"unit_id": unit, "rows": out.len()}),
    )
    .await?;
    Ok(out)
}

/// Who did what to one object (`person:17`), newest first, at most `limit` rows: what a
/// person's page shows of who looked at their data. The caller has checked the actor sees it.
pub async fn on_object(
    db: &Db,
    object: &str,
    limit: i64,
) -> AppResult<Vec<crate::platform::audit::Row>> {
    Ok(crate::platform::audit::store::recent_on_object(&db.pool, object, limit.clamp(1, 500))
        .await?)
}

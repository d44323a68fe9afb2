//! The category catalogue and the working calendar, as the zone has them.

use crate::platform::access::actor::Actor;

use crate::platform::service::AppError;

use crate::cases::store::CategoryRow;
use crate::platform::db::Db;
use crate::platform::service::AppResult;
use serde_json::json;

/// The current catalogue of the zone above a unit path, published from the shipped one on
/// first use: its version id and categories in code order.
pub async fn current(db: &Db, zone_id: i64) -> AppResult<(i64, Vec<CategoryRow>)> {
    if let Some((version_id, _)) = crate::cases::store::current_version(&db.pool, zone_id).await? {
        return Ok((version_id, crate::cases::store::categories(&db.pool, version_id).await?));
    }
    match publish_shipped(db, zone_id).await {
        Ok(version_id) => {
            Ok((version_id, crate::cases::store::categories(&db.pool, version_id).await?))
        }
        // Another server or request published it at the same moment: theirs stands.
        Err(e) => match crate::cases::store::current_version(&db.pool, zone_id).await? {
            Some((version_id, _)) => {
                Ok((version_id, crate::cases::store::categories(&db.pool, version_id).await?))
            }
            None => Err(e),
        },
    }
}

async fn publish_shipped(db: &Db, zone_id: i64) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    if let Some(id) = crate::cases::store::categories::current_version_in(&mut tx, zone_id).await? {
        return Ok(id);
    }
    let (id, version) = crate::cases::store::insert_version(
        &mut tx,
        zone_id,
        "shipped catalogue",
        &crate::cases::domain::category::builtin(),
    )
    .await?;
    crate::platform::audit::append(
        &mut tx,
        crate::platform::audit::Entry {
            actor_id: None,
            actor_name: "system",
            action: "catalogue.publish",
            object: format!("catalogue:{id}"),
            detail: json!({"zone_id": zone_id, "version": version}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether a category code is a leaf of its catalogue (cases are filed under leaves).
pub fn is_leaf(code: &str, all: &[CategoryRow]) -> bool {
    !all.iter().any(|c| c.code.len() > code.len() && c.code.starts_with(code))
}

/// The zone a unit belongs to (the first id of its path).
pub fn zone_of(path: &crate::platform::hierarchy::unit::UnitPath) -> i64 {
    path.ids().first().copied().unwrap_or_default()
}

/// Publishes a new catalogue version from a sheet's rows (admins of the zone). All or nothing:
/// every bad row is named.
pub async fn publish(
    db: &Db,
    actor: &Actor,
    zone_id: i64,
    rows: &[Vec<String>],
    note: &str,
) -> AppResult<i64> {
    let zone = actor.unit(db, zone_id).await?;
    if !actor.administers(zone.path()) {
        return Err(AppError::Forbidden);
    }
    let note = crate::platform::input::optional_text("note", note, 200)?;
    let note = note.as_str();
    let categories = crate::cases::domain::category::parse_sheet(rows).map_err(|errors| {
        AppError::Invalid(
            errors
                .into_iter()
                .map(|(row, mut f)| {
                    f.field = format!("row {row}: {}", f.field);
                    f
                })
                .collect(),
        )
    })?;
    let mut tx = db.begin().await?;
    // Two publishing at once both take the next number; the database keeps the first.
    let (id, version) =
        match crate::cases::store::insert_version(&mut tx, zone.id(), note, &categories).await {
            Ok(published) => published,
            Err(e) if crate::platform::db::unique::is_unique_violation(&e) => {
                return Err(AppError::Conflict("error.catalogue_changed"));
            }
            Err(e) => return Err(e.into()),
        };
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "catalogue.publish",
            format!("catalogue:{id}"),
            json!({"zone_id": zone.id(), "version": version, "categories": categories.len(), "note": note}),
        ),
    )
    .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(version)
}

/// Publishes a sheet as [`publish`] does, refusing it first if any cell was not text in the
/// file's encoding (each named by row and column).
pub async fn publish_sheet(
    db: &Db,
    actor: &Actor,
    zone_id: i64,
    sheet: &crate::platform::sheet::Sheet,
    note: &str,
) -> AppResult<i64> {
    if !sheet.undecodable.is_empty() {
        let column = |c: usize| {
            crate::cases::domain::category::HEADER
                .get(c)
                .map(|h| h.to_string())
                .unwrap_or_else(|| (c + 1).to_string())
        };
        return Err(AppError::Invalid(
            sheet
                .undecodable
                .iter()
                .map(|u| u.error(format!("row {}: {}", u.row, column(u.column))))
                .collect(),
        ));
    }
    publish(db, actor, zone_id, &sheet.rows, note).await
}

/// The department of a zone that the catalogue makes responsible for a category, if it names
/// one and the zone has it.
pub async fn responsible_department(
    db: &Db,
    zone: i64,
    category: &crate::cases::domain::category::Category,
) -> AppResult<Option<crate::platform::hierarchy::store::DepartmentRow>> {
    let Some(kind) = category.department_kind.as_deref() else { return Ok(None) };
    Ok(crate::platform::hierarchy::store::departments(&db.pool, zone)
        .await?
        .into_iter()
        .find(|d| d.kind == kind))
}

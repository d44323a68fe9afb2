//! The category catalogue and the working calendar, as the zone has them.

use super::{Actor, AppError, AppResult};
use crate::domain::calendar::{DayKind, WorkCalendar};
use crate::domain::category;
use crate::store::cases::{self, CategoryRow};
use crate::store::{Db, audit};
use serde_json::json;

/// The working calendar: the stored exceptions, or the shipped ones while none are stored.
pub async fn calendar(db: &Db) -> AppResult<WorkCalendar> {
    let days = cases::calendar_days(&db.pool).await?;
    if days.is_empty() {
        return Ok(WorkCalendar::builtin());
    }
    let mut cal = WorkCalendar::default();
    for (day, kind, name) in days {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            cal.set(date, if kind == "work" { DayKind::Work } else { DayKind::Off }, &name);
        }
    }
    Ok(cal)
}

/// Stores the shipped calendar's exceptions so admins can edit them (the demo does this).
pub async fn seed_calendar(tx: &mut crate::store::Tx) -> AppResult<()> {
    let cal = WorkCalendar::builtin();
    for year in 2015..=2027 {
        for (date, (kind, name)) in cal.exceptions_in(year) {
            let kind = if *kind == DayKind::Work { "work" } else { "off" };
            cases::set_calendar_day(tx, &date.format("%Y-%m-%d").to_string(), Some(kind), name).await?;
        }
    }
    Ok(())
}

/// The current catalogue of the zone above a unit path, published from the shipped one on
/// first use: its version id and categories in code order.
pub async fn current(db: &Db, zone_id: i64) -> AppResult<(i64, Vec<CategoryRow>)> {
    if let Some((version_id, _)) = cases::current_version(&db.pool, zone_id).await? {
        return Ok((version_id, cases::categories(&db.pool, version_id).await?));
    }
    match publish_shipped(db, zone_id).await {
        Ok(version_id) => Ok((version_id, cases::categories(&db.pool, version_id).await?)),
        // Another server or request published it at the same moment: theirs stands.
        Err(e) => match cases::current_version(&db.pool, zone_id).await? {
            Some((version_id, _)) => Ok((version_id, cases::categories(&db.pool, version_id).await?)),
            None => Err(e),
        },
    }
}

async fn publish_shipped(db: &Db, zone_id: i64) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM catalogue_versions WHERE zone_id = $1 ORDER BY version DESC")
        .bind(zone_id)
        .fetch_optional(&mut *tx)
        .await?
    {
        return Ok(id);
    }
    let (id, version) = cases::insert_version(&mut tx, zone_id, "shipped catalogue", &category::builtin()).await?;
    audit::append(
        &mut tx,
        audit::Entry {
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
pub fn zone_of(path: &crate::domain::unit::UnitPath) -> i64 {
    path.ids().first().copied().unwrap_or_default()
}

/// Publishes a new catalogue version from a sheet's rows (admins of the zone). All or nothing:
/// every bad row is named.
pub async fn publish(db: &Db, actor: &Actor, zone_id: i64, rows: &[Vec<String>], note: &str) -> AppResult<i64> {
    let zone = actor.unit(db, zone_id).await?;
    if !actor.administers(zone.path()) {
        return Err(AppError::Forbidden);
    }
    let note = crate::domain::optional_text("note", note, 200)?;
    let note = note.as_str();
    let categories = category::parse_sheet(rows).map_err(|errors| {
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
    let (id, version) = cases::insert_version(&mut tx, zone.id(), note, &categories).await?;
    audit::append(
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
pub async fn publish_sheet(db: &Db, actor: &Actor, zone_id: i64, sheet: &crate::sheet::Sheet, note: &str) -> AppResult<i64> {
    if !sheet.undecodable.is_empty() {
        let column = |c: usize| category::HEADER.get(c).map(|h| h.to_string()).unwrap_or_else(|| (c + 1).to_string());
        return Err(AppError::Invalid(sheet.undecodable.iter().map(|u| u.error(format!("row {}: {}", u.row, column(u.column)))).collect()));
    }
    publish(db, actor, zone_id, &sheet.rows, note).await
}

/// Sets one day of the working calendar (admins): `off` (a holiday), `work` (a make-up working
/// day) or `normal` (as the week has it). The shipped days are stored first, so an edit keeps them.
pub async fn set_day(db: &Db, actor: &Actor, date: chrono::NaiveDate, kind: &str, name: &str) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let kind = match kind {
        "off" | "work" => Some(kind),
        "normal" => None,
        _ => return Err(crate::domain::FieldError::new("kind", "error.day_kind").into()),
    };
    let name =
        if kind.is_some() { crate::domain::required_text("name", name, 32)? } else { crate::domain::optional_text("name", name, 32)? };
    let name = name.as_str();
    let mut tx = db.begin().await?;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calendar_days").fetch_one(&mut *tx).await?;
    if stored == 0 {
        seed_calendar(&mut tx).await?;
    }
    let day = date.format("%Y-%m-%d").to_string();
    cases::set_calendar_day(&mut tx, &day, kind, name).await?;
    audit::append(&mut tx, actor.audit("calendar.set", format!("day:{day}"), json!({"kind": kind.unwrap_or("normal"), "name": name})))
        .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

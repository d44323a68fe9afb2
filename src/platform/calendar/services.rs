//! The working calendar as the zone keeps it: the shipped one until an administrator edits a day.

use crate::platform::access::actor::Actor;
use crate::platform::calendar::{DayKind, WorkCalendar};
use crate::platform::db::Db;
use crate::platform::service::{AppError, AppResult};
use serde_json::json;

/// The working calendar: the stored exceptions, or the shipped ones while none are stored.
pub async fn calendar(db: &Db) -> AppResult<WorkCalendar> {
    let days = crate::platform::calendar::store::calendar_days(&db.pool).await?;
    if days.is_empty() {
        return Ok(WorkCalendar::builtin());
    }
    let mut cal = WorkCalendar::default();
    for (day, kind, name) in days {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            // Stored as `off` or `work` (checked when written); anything else counts as off.
            cal.set(date, kind.parse().unwrap_or(DayKind::Off), &name);
        }
    }
    Ok(cal)
}

/// Stores the shipped calendar's exceptions so admins can edit them (the demo does this).
pub async fn seed_calendar(tx: &mut crate::platform::db::Tx) -> AppResult<()> {
    let cal = WorkCalendar::builtin();
    for year in 2015..=2027 {
        for (date, (kind, name)) in cal.exceptions_in(year) {
            crate::platform::calendar::store::set_calendar_day(
                tx,
                &date.format("%Y-%m-%d").to_string(),
                Some(kind.as_str()),
                name,
            )
            .await?;
        }
    }
    Ok(())
}

/// Sets one day of the working calendar (admins): `off` (a holiday), `work` (a make-up working
/// day) or `normal` (as the week has it). The shipped days are stored first, so an edit keeps them.
pub async fn set_day(
    db: &Db,
    actor: &Actor,
    date: chrono::NaiveDate,
    kind: &str,
    name: &str,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let kind = match kind {
        "off" | "work" => Some(kind),
        "normal" => None,
        _ => return Err(crate::platform::input::FieldError::new("kind", "error.day_kind").into()),
    };
    let name = if kind.is_some() {
        crate::platform::input::required_text("name", name, 32)?
    } else {
        crate::platform::input::optional_text("name", name, 32)?
    };
    let name = name.as_str();
    let mut tx = db.begin().await?;
    if crate::platform::calendar::store::count_days(&mut tx).await? == 0 {
        seed_calendar(&mut tx).await?;
    }
    let day = date.format("%Y-%m-%d").to_string();
    crate::platform::calendar::store::set_calendar_day(&mut tx, &day, kind, name).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "calendar.set",
            format!("day:{day}"),
            json!({"kind": kind.unwrap_or("normal"), "name": name}),
        ),
    )
    .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

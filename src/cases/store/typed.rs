//! The edge where a case's stored row (text and 0/1 integers, all the `Any` driver carries)
//! becomes the domain's typed [`Case`] and back. A row that does not read is an error naming the
//! case, never a default.

use crate::cases::domain::case::Case;
use crate::cases::store::cases::CaseRow;
use crate::platform::geo::Point;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::time::Stamp;
use anyhow::{Context, anyhow};

/// A stored stamp, or an error naming the case and the column.
fn stamp(id: i64, column: &str, text: &str) -> anyhow::Result<Stamp> {
    Stamp::parse(text).ok_or_else(|| anyhow!("case {id}: {column} {text:?} is not a time"))
}

fn optional_stamp(id: i64, column: &str, text: Option<&str>) -> anyhow::Result<Option<Stamp>> {
    text.map(|t| stamp(id, column, t)).transpose()
}

/// Reads a stored row into a case; one that does not read is the database's decode error.
pub(super) fn read(row: CaseRow) -> sqlx::Result<Case> {
    Case::try_from(row).map_err(|e| sqlx::Error::Decode(e.into()))
}

/// Reads stored rows into cases.
pub(super) fn read_all(rows: Vec<CaseRow>) -> sqlx::Result<Vec<Case>> {
    rows.into_iter().map(read).collect()
}

impl TryFrom<CaseRow> for Case {
    type Error = anyhow::Error;

    fn try_from(r: CaseRow) -> anyhow::Result<Case> {
        let id = r.id;
        let unknown = |column: &str, value: &str| anyhow!("case {id}: unknown {column} {value:?}");
        Ok(Case {
            kind: r.kind.parse().map_err(|_| unknown("kind", &r.kind))?,
            state: r.state.parse().map_err(|_| unknown("state", &r.state))?,
            outcome: r
                .outcome
                .as_deref()
                .map(|o| o.parse().map_err(|_| unknown("outcome", o)))
                .transpose()?,
            source: r.source.parse().map_err(|_| unknown("source", &r.source))?,
            reported_at: stamp(id, "reported_at", &r.reported_at)?,
            report_day: r
                .report_day
                .parse()
                .with_context(|| format!("case {id}: report_day {:?}", r.report_day))?,
            closed_at: optional_stamp(id, "closed_at", r.closed_at.as_deref())?,
            step_deadline: optional_stamp(id, "step_deadline", r.step_deadline.as_deref())?,
            due_at: optional_stamp(id, "due_at", r.due_at.as_deref())?,
            unit_path: UnitPath::from_stored(r.unit_path),
            id,
            category_id: r.category_id,
            category_code: r.category_code,
            unit_id: r.unit_id,
            handler_unit_id: r.handler_unit_id,
            department_id: r.department_id,
            title: r.title,
            description: r.description,
            address: r.address,
            point: r.lon.zip(r.lat).map(Point::from),
            reporter_name: r.reporter_name,
            reporter_phone: r.reporter_phone,
            registered: r.registered != 0,
            overdue: r.overdue != 0,
            deferred: r.deferred != 0,
            reworks: r.reworks,
            verified: r.verified != 0,
            on_time: r.on_time != 0,
            satisfaction: r.satisfaction,
            merged_into: r.merged_into,
            created_by: r.created_by,
            events: r.events,
            paused_step_minutes: r.paused_step_minutes,
            paused_due_minutes: r.paused_due_minutes,
        })
    }
}

impl From<&Case> for CaseRow {
    fn from(c: &Case) -> CaseRow {
        CaseRow {
            id: c.id,
            kind: c.kind.as_str().into(),
            category_id: c.category_id,
            category_code: c.category_code.clone(),
            unit_id: c.unit_id,
            unit_path: c.unit_path.as_str().into(),
            handler_unit_id: c.handler_unit_id,
            department_id: c.department_id,
            state: c.state.as_str().into(),
            outcome: c.outcome.map(|o| o.as_str().into()),
            title: c.title.clone(),
            description: c.description.clone(),
            address: c.address.clone(),
            lon: c.point.map(|p| p.lon),
            lat: c.point.map(|p| p.lat),
            source: c.source.as_str().into(),
            reporter_name: c.reporter_name.clone(),
            reporter_phone: c.reporter_phone.clone(),
            reported_at: c.reported_at.stored(),
            report_day: c.report_day.format("%Y-%m-%d").to_string(),
            closed_at: c.closed_at.map(Stamp::stored),
            step_deadline: c.step_deadline.map(Stamp::stored),
            due_at: c.due_at.map(Stamp::stored),
            registered: i64::from(c.registered),
            overdue: i64::from(c.overdue),
            deferred: i64::from(c.deferred),
            reworks: c.reworks,
            verified: i64::from(c.verified),
            on_time: i64::from(c.on_time),
            satisfaction: c.satisfaction,
            merged_into: c.merged_into,
            created_by: c.created_by,
            events: c.events,
            paused_step_minutes: c.paused_step_minutes,
            paused_due_minutes: c.paused_due_minutes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> CaseRow {
        CaseRow {
            id: 5,
            kind: "dispute".into(),
            unit_path: "/1/3/".into(),
            state: "handled".into(),
            outcome: Some("resolved".into()),
            source: "hotline".into(),
            reported_at: "2026-03-10T02:00:00.000000Z".into(),
            report_day: "2026-03-10".into(),
            due_at: Some("2026-03-12T09:30:00.000000Z".into()),
            registered: 1,
            events: 4,
            ..CaseRow::default()
        }
    }

    #[test]
    fn a_row_reads_into_typed_values_and_writes_back_the_same() {
        let case = Case::try_from(row()).unwrap();
        assert!(case.registered && !case.overdue && case.is_open());
        let back = CaseRow::from(&case);
        assert_eq!(
            (back.state, back.outcome, back.source, back.due_at),
            (row().state, row().outcome, row().source, row().due_at)
        );
        assert_eq!(
            (back.reported_at, back.report_day, back.registered),
            (row().reported_at, row().report_day, 1)
        );
    }

    #[test]
    fn a_row_that_does_not_read_names_the_case_and_the_column() {
        let bad = CaseRow { state: "lost".into(), ..row() };
        assert_eq!(Case::try_from(bad).unwrap_err().to_string(), "case 5: unknown state \"lost\"");
        let bad = CaseRow { due_at: Some("soon".into()), ..row() };
        assert!(Case::try_from(bad).unwrap_err().to_string().contains("due_at"));
    }
}

//! Intake: a report checked and worked out into a new case's row (its place, its category in
//! the zone's catalogue, its first deadline), and many such written together.

use crate::cases::domain::Step;
use crate::cases::domain::case::Case;
use crate::cases::domain::event::Event;
use crate::cases::domain::new_case::{NewCase, ReportInput};
use crate::cases::domain::rates::Counts;
use crate::cases::store::PartyRow;
use crate::platform::access::actor::Actor;
use crate::platform::calendar::WorkCalendar;
use crate::platform::db::{Db, Tx};
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult, check};
// Deadlines and report days are counted in the zone's time; "now" is the database's clock's.
use crate::platform::geo::Point;
use crate::platform::time::{Stamp, local};
use serde_json::json;

/// Finds the grid whose boundary holds a point, within a zone.
async fn grid_at(db: &Db, zone_path: &UnitPath, point: Point) -> AppResult<Option<(i64, String)>> {
    let found = crate::platform::hierarchy::services::grid_at(db, zone_path, point).await?;
    Ok(found.map(|grid| (grid.id, grid.path.as_str().to_string())))
}

/// What intake reads once and reuses for many reports: the calendar and every zone's current
/// catalogue.
pub struct Intake {
    calendar: WorkCalendar,
    catalogues: std::collections::HashMap<i64, Vec<crate::cases::store::CategoryRow>>,
}

impl Intake {
    /// Reads the calendar and the catalogues (publishing the shipped one where a zone has none).
    pub async fn load(db: &Db) -> AppResult<Intake> {
        let mut catalogues = std::collections::HashMap::new();
        for (zone, _, _) in
            crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", "zone").await?
        {
            catalogues.insert(zone, crate::cases::services::catalogue::current(db, zone).await?.1);
        }
        Ok(Intake {
            calendar: crate::platform::calendar::services::calendar(db).await?,
            catalogues,
        })
    }

    fn catalogue(&self, zone: i64) -> &[crate::cases::store::CategoryRow] {
        self.catalogues.get(&zone).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A checked report, ready to write.
#[derive(Clone)]
pub struct Prepared {
    row: Case,
    parties: Vec<PartyRow>,
    unit_ids: Vec<i64>,
    /// The digest of the token the public follows its report by; written only for the public.
    token_digest: Option<String>,
}

impl Prepared {
    /// The report, to be followed by the token of this digest.
    pub(crate) fn followed_by(self, digest: String) -> Prepared {
        Prepared { token_digest: Some(digest), ..self }
    }
}

/// Checks a report and works out its row, without writing anything. Staff report inside their
/// own subtrees; the system (public channels) anywhere.
pub async fn prepare(
    db: &Db,
    intake: &Intake,
    actor: &Actor,
    input: ReportInput,
) -> AppResult<Prepared> {
    let mut errors = Vec::new();
    let place = place_of(db, actor, &input, &mut errors).await?;
    let zone_id = place.as_ref().map(|(_, p)| crate::cases::services::catalogue::zone_of(p));
    let category = match zone_id {
        Some(zone) => {
            let all = intake.catalogue(zone);
            match all.iter().find(|c| c.code == input.category.trim()) {
                Some(c) if crate::cases::services::catalogue::is_leaf(&c.code, all) => {
                    c.clone().category().map(|cat| (c.id, cat))
                }
                _ => None,
            }
        }
        None => None,
    };
    if category.is_none() && place.is_some() {
        errors.push(FieldError::new("category", "error.no_such_category"));
    }
    let parsed = NewCase::parse(&input, category.as_ref().map(|(_, c)| c.kind))
        .map_err(|e| errors.extend(e))
        .ok();
    check(errors)?;
    let ((unit_id, unit_path), (category_id, category), new) =
        (place.expect("checked"), category.expect("checked"), parsed.expect("checked"));
    let calendar = &intake.calendar;
    let now = input.reported_at.unwrap_or_else(|| db.clock.now());
    let title = if new.title.is_empty() { category.name.clone() } else { new.title };
    let parties = new
        .parties
        .into_iter()
        .map(|p| PartyRow {
            role: p.role.into(),
            name: p.name,
            id_number: p.id_number.map(|n| n.reveal().to_string()),
            phone: p.phone,
            address: p.address,
        })
        .collect();
    let unit_ids = unit_path.ids();
    let row = Case {
        title,
        description: new.description,
        address: new.address,
        point: input.point,
        source: new.source,
        reporter_name: new.reporter_name,
        reporter_phone: new.reporter_phone,
        step_deadline: Some(Stamp::from_local(
            calendar.deadline(local(now), category.limit(Step::Register)),
        )),
        created_by: actor.user_id(),
        ..Case::reported(
            category.kind,
            (category_id, &category.code),
            (unit_id, unit_path),
            Stamp(now),
        )
    };
    Ok(Prepared { row, parties, unit_ids, token_digest: None })
}

/// Where a report happened: a unit the actor sees, or a point inside one of the zone's grids;
/// none, with the field's error noted, when neither holds.
async fn place_of(
    db: &Db,
    actor: &Actor,
    input: &ReportInput,
    errors: &mut Vec<FieldError>,
) -> AppResult<Option<(i64, UnitPath)>> {
    match (input.unit_id, input.point) {
        (Some(id), _) => match actor.report_path(db, id).await {
            Ok(path) => Ok(Some((id, path))),
            Err(AppError::NotFound) => {
                errors.push(FieldError::new("unit_id", "error.no_such_unit"));
                Ok(None)
            }
            Err(e) => Err(e),
        },
        (None, Some(point)) => {
            let zones: Vec<UnitPath> = if actor.user_id().is_none() {
                crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", "zone")
                    .await?
                    .into_iter()
                    .map(|(_, _, p)| UnitPath::from_stored(p))
                    .collect()
            } else {
                actor
                    .held
                    .iter()
                    .map(|h| UnitPath::root(crate::cases::services::catalogue::zone_of(&h.path)))
                    .collect()
            };
            let mut found = None;
            for zone in zones {
                if let Some((id, path)) = grid_at(db, &zone, point).await? {
                    found = Some((id, UnitPath::from_stored(path)));
                    break;
                }
            }
            let found = found.filter(|(_, p)| actor.reports_at(p));
            if found.is_none() {
                errors.push(FieldError::new("point", "error.point_outside"));
            }
            Ok(found)
        }
        (None, None) => {
            errors.push(FieldError::new("unit_id", "error.required"));
            Ok(None)
        }
    }
}

/// Writes many checked reports in one transaction with as few statements as the data allows:
/// one insert per case (its id comes back), the events and audit rows in multi-row inserts, the
/// rollups summed per unit, day and category first.
pub async fn write_reports(tx: &mut Tx, batch: Vec<(&Actor, Prepared)>) -> AppResult<Vec<Case>> {
    let ids = crate::cases::store::allocate_ids(tx, batch.len()).await?;
    let mut written = Vec::with_capacity(batch.len());
    let mut events = Vec::with_capacity(batch.len());
    let mut rollups: std::collections::HashMap<(i64, String, i64), Counts> =
        std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(batch.len());
    let mut parties_of = Vec::new();
    let mut tokens = Vec::new();
    for ((actor, p), id) in batch.into_iter().zip(ids) {
        let Prepared { mut row, parties, unit_ids, token_digest } = p;
        row.id = id;
        // Only what came in through a public channel is followed by a token.
        if let Some(digest) = token_digest.filter(|_| actor.is_public()) {
            tokens.push((id, digest));
        }
        parties_of.push((id, parties));
        let data =
            json!({"source": row.source, "category": row.category_code, "unit_id": row.unit_id});
        let by = (actor.user_id(), actor.audit_name());
        events.push((
            row.id,
            Event::new(1, "report", (None, row.state), by, row.reported_at, "", data),
        ));
        let contribution = Counts::of(&row.facts());
        for unit in unit_ids {
            let sum =
                rollups.entry((unit, row.report_day.to_string(), row.category_id)).or_default();
            *sum = sum.plus(&contribution);
        }
        rows.push(row.clone());
        written.push((actor, row, parties_of.last().map(|p| p.1.len()).unwrap_or(0)));
    }
    crate::cases::store::insert_many(tx, &rows).await?;
    crate::cases::store::tokens::insert(tx, &tokens).await?;
    for (id, parties) in &parties_of {
        for party in parties {
            crate::cases::store::insert_party(tx, *id, party).await?;
        }
    }
    crate::cases::store::insert_events(tx, &events).await?;
    let rollups: Vec<_> = rollups.into_iter().collect();
    crate::cases::store::add_many_to_rollups(tx, &rollups).await?;
    let entries = written
        .iter()
        .map(|(actor, row, parties)| {
            actor.audit(
                "case.report",
                format!("case:{}", row.id),
                json!({"category": row.category_code, "unit_id": row.unit_id, "source": row.source, "parties": parties}),
            )
        })
        .collect();
    crate::platform::audit::append_many(tx, entries).await?;
    Ok(written.into_iter().map(|(_, row, _)| row).collect())
}

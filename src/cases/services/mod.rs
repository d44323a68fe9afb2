//! Grid events and disputes: intake, the workflow, and the rates behind the dashboard.
//!
//! Every change of a case appends an event, rewrites the case's current row, moves the rollups
//! of the case's unit and every unit above it by the case's change in contribution, and appends
//! to the audit chain, all in one transaction.

pub mod access;
pub mod catalogue;
pub mod hotline;
pub mod intake_queue;
pub mod mediation;
pub mod open311;
pub mod periods;
pub mod public;
pub mod schedule;

use crate::cases::domain::Action;
use crate::cases::domain::CaseKind;
use crate::cases::domain::CaseState;
use crate::cases::domain::Outcome;
use crate::cases::domain::Step;
use crate::cases::domain::category::Category;
use crate::cases::domain::rates::CaseFacts;
use crate::cases::domain::rates::Counts;
use crate::cases::domain::rates::Rates;
use crate::cases::services::access::above;
use crate::cases::services::access::handler_path;
use crate::cases::services::access::sees;
pub use crate::cases::services::access::visible;
use crate::cases::services::access::works_on;
use crate::cases::store::CaseRow;
use crate::cases::store::EventRow;
use crate::cases::store::Filter;
use crate::cases::store::PartyRow;
use crate::platform::access::actor::Actor;
use crate::platform::calendar::TimeLimit;
use crate::platform::calendar::WorkCalendar;
use crate::platform::db::Db;
use crate::platform::db::Tx;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::id_number::IdNumber;
use crate::platform::input::FieldError;
use crate::platform::input::optional_text;
use crate::platform::input::required_text;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use crate::platform::service::Page;
use crate::platform::service::Paging;
use crate::platform::service::check;
// Deadlines and report days are counted in the zone's time; "now" is the database's clock's.
use crate::platform::time::local;
use crate::platform::time::parse_stamp;
use crate::platform::time::stamp_local;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// The facts of a case row that its rollup contribution depends on.
pub fn facts(c: &CaseRow) -> CaseFacts {
    let closed = c.state == CaseState::Closed.as_str();
    let outcome = c.outcome.as_deref().and_then(|o| o.parse::<Outcome>().ok());
    CaseFacts {
        registered: c.registered != 0,
        closed,
        resolved: closed && outcome == Some(Outcome::Resolved),
        left_out: closed && outcome.is_some_and(Outcome::is_excluded),
        overdue: c.overdue != 0,
        deferred: c.deferred != 0,
        verified: c.verified != 0,
        reworked: c.reworks > 0,
        on_time: c.on_time != 0,
        satisfaction: c.satisfaction,
    }
}

/// A party as reported.
#[derive(Debug, Clone, Default)]
pub struct PartyInput {
    /// `applicant`, `respondent` or `other`.
    pub role: String,
    /// Name.
    pub name: String,
    /// Resident ID number, optional; checked when given.
    pub id_number: Option<String>,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
}

/// A report, as grid staff, a program or the public send it.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// The category's code in the current catalogue (a leaf).
    pub category: String,
    /// The grid (or other unit) it happened in; or give a point.
    pub unit_id: Option<i64>,
    /// Where, as (longitude, latitude): the grid is found from the boundaries.
    pub point: Option<(f64, f64)>,
    /// Short title; the category's name when empty.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address in words.
    pub address: String,
    /// `grid`, `public`, `hotline` or `api`.
    pub source: String,
    /// Reporter's name.
    pub reporter_name: String,
    /// Reporter's phone.
    pub reporter_phone: String,
    /// The parties, for a dispute.
    pub parties: Vec<PartyInput>,
    /// When it was reported, if not now (imports of past reports).
    pub reported_at: Option<DateTime<Utc>>,
}

/// Finds the grid whose boundary holds a point, within a zone.
async fn grid_at(db: &Db, zone_path: &UnitPath, point: (f64, f64)) -> AppResult<Option<(i64, String)>> {
    let found = crate::platform::hierarchy::services::grid_at(db, zone_path, point.into()).await?;
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
        for (zone, _, _) in crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", "zone").await? {
            catalogues.insert(zone, crate::cases::services::catalogue::current(db, zone).await?.1);
        }
        Ok(Intake { calendar: crate::platform::calendar::services::calendar(db).await?, catalogues })
    }

    fn catalogue(&self, zone: i64) -> &[crate::cases::store::CategoryRow] {
        self.catalogues.get(&zone).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A checked report, ready to write.
#[derive(Clone)]
pub struct Prepared {
    row: CaseRow,
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

/// The most parties a case names; a dispute between more is a collective one, reported as such.
pub const MAX_PARTIES: usize = 50;

/// An optional text field within its bound; an overlong one is noted and read as empty.
fn bounded(errors: &mut Vec<FieldError>, field: &str, text: &str, max: usize) -> String {
    optional_text(field, text, max).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

/// Checks a report and works out its row, without writing anything. Staff report inside their
/// own subtrees; the system (public channels) anywhere.
pub async fn prepare(db: &Db, intake: &Intake, actor: &Actor, input: ReportInput) -> AppResult<Prepared> {
    let mut errors = Vec::new();
    // Where: a unit the actor sees, or a point inside one of the zone's grids.
    let place = match (input.unit_id, input.point) {
        (Some(id), _) => match actor.report_path(db, id).await {
            Ok(path) => Some((id, path)),
            Err(AppError::NotFound) => {
                errors.push(FieldError::new("unit_id", "error.no_such_unit"));
                None
            }
            Err(e) => return Err(e),
        },
        (None, Some(point)) => {
            let zones: Vec<UnitPath> = if actor.user_id().is_none() {
                crate::platform::hierarchy::store::at_level(&db.pool, "/", "0", "zone")
                    .await?
                    .into_iter()
                    .map(|(_, _, p)| UnitPath::from_stored(p))
                    .collect()
            } else {
                actor.held.iter().map(|h| UnitPath::root(crate::cases::services::catalogue::zone_of(&h.path))).collect()
            };
            let mut found = None;
            for zone in zones {
                if let Some((id, path)) = grid_at(db, &zone, point).await? {
                    found = Some((id, UnitPath::from_stored(path)));
                    break;
                }
            }
            match found.filter(|(_, p)| actor.reports_at(p)) {
                Some(f) => Some(f),
                None => {
                    errors.push(FieldError::new("point", "error.point_outside"));
                    None
                }
            }
        }
        (None, None) => {
            errors.push(FieldError::new("unit_id", "error.required"));
            None
        }
    };
    let zone_id = place.as_ref().map(|(_, p)| crate::cases::services::catalogue::zone_of(p));
    let category = match zone_id {
        Some(zone) => {
            let all = intake.catalogue(zone);
            match all.iter().find(|c| c.code == input.category.trim()) {
                Some(c) if crate::cases::services::catalogue::is_leaf(&c.code, all) => c.clone().category().map(|cat| (c.id, cat)),
                _ => None,
            }
        }
        None => None,
    };
    if category.is_none() && place.is_some() {
        errors.push(FieldError::new("category", "error.no_such_category"));
    }
    let description = required_text("description", &input.description, 2000).map_err(|e| errors.push(e)).ok();
    let address = bounded(&mut errors, "address", &input.address, 200);
    let reporter_name = bounded(&mut errors, "reporter_name", &input.reporter_name, 64);
    let reporter_phone = bounded(&mut errors, "reporter_phone", &input.reporter_phone, 32);
    let source = match input.source.as_str() {
        "" => "api",
        s @ ("grid" | "public" | "hotline" | "api") => s,
        _ => {
            errors.push(FieldError::new("source", "error.source"));
            "api"
        }
    };
    if input.parties.len() > MAX_PARTIES {
        errors.push(FieldError::new("parties", "error.too_many").arg("max", MAX_PARTIES));
    }
    let title = bounded(&mut errors, "title", &input.title, 100);
    let mut parties = Vec::new();
    for (i, p) in input.parties.iter().take(MAX_PARTIES).enumerate() {
        let field = |f: &str| format!("parties[{i}].{f}");
        let name = required_text(&field("name"), &p.name, 64).map_err(|e| errors.push(e)).ok();
        let id_number = match p.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => IdNumber::parse(&field("id_number"), text).map_err(|e| errors.push(e)).ok().map(|n| n.reveal().to_string()),
            None => None,
        };
        let role = match p.role.as_str() {
            "" => "applicant",
            r @ ("applicant" | "respondent" | "other") => r,
            _ => {
                errors.push(FieldError::new(field("role"), "error.party_role"));
                "other"
            }
        };
        parties.push(PartyRow {
            role: role.into(),
            name: name.unwrap_or_default(),
            id_number,
            phone: bounded(&mut errors, &field("phone"), &p.phone, 32),
            address: bounded(&mut errors, &field("address"), &p.address, 200),
        });
    }
    if let Some((_, cat)) = &category
        && cat.kind == CaseKind::Dispute
        && input.parties.is_empty()
    {
        errors.push(FieldError::new("parties", "error.parties_required"));
    }
    check(errors)?;
    let ((unit_id, unit_path), (category_id, category), description) =
        (place.expect("checked"), category.expect("checked"), description.expect("checked"));
    let calendar = &intake.calendar;
    let now = input.reported_at.unwrap_or_else(|| db.clock.now());
    let title = if title.is_empty() { category.name.clone() } else { title };
    let row = CaseRow {
        kind: match category.kind {
            CaseKind::Incident => "incident".into(),
            CaseKind::Dispute => "dispute".into(),
        },
        category_id,
        category_code: category.code.clone(),
        unit_id,
        unit_path: unit_path.as_str().into(),
        handler_unit_id: unit_id,
        state: CaseState::Reported.as_str().into(),
        title,
        description,
        address,
        lon: input.point.map(|p| p.0),
        lat: input.point.map(|p| p.1),
        source: source.into(),
        reporter_name,
        reporter_phone,
        reported_at: crate::platform::db::stamp(now),
        report_day: local(now).date().format("%Y-%m-%d").to_string(),
        step_deadline: Some(stamp_local(calendar.deadline(local(now), category.limit(Step::Register)))),
        created_by: actor.user_id(),
        events: 1,
        ..CaseRow::default()
    };
    Ok(Prepared { row, parties, unit_ids: unit_path.ids(), token_digest: None })
}

/// Writes many checked reports in one transaction with as few statements as the data allows:
/// one insert per case (its id comes back), the events and audit rows in multi-row inserts, the
/// rollups summed per unit, day and category first.
pub async fn write_reports(tx: &mut Tx, batch: Vec<(&Actor, Prepared)>) -> AppResult<Vec<CaseRow>> {
    let ids = crate::cases::store::allocate_ids(tx, batch.len()).await?;
    let mut written = Vec::with_capacity(batch.len());
    let mut events = Vec::with_capacity(batch.len());
    let mut rollups: std::collections::HashMap<(i64, String, i64), Counts> = std::collections::HashMap::new();
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
        let data = json!({"source": row.source, "category": row.category_code, "unit_id": row.unit_id});
        let by = (actor.user_id(), actor.audit_name());
        events.push((row.id, EventRow::new(1, "report", (None, &row.state), by, row.reported_at.clone(), "", data)));
        let contribution = Counts::of(&facts(&row));
        for unit in unit_ids {
            let sum = rollups.entry((unit, row.report_day.clone(), row.category_id)).or_default();
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

/// The department of a zone that the catalogue makes responsible for a category, if it names
/// one and the zone has it.
pub async fn responsible_department(
    db: &Db,
    zone: i64,
    category: &Category,
) -> AppResult<Option<crate::platform::hierarchy::store::DepartmentRow>> {
    let Some(kind) = category.department_kind.as_deref() else { return Ok(None) };
    Ok(crate::platform::hierarchy::store::departments(&db.pool, zone).await?.into_iter().find(|d| d.kind == kind))
}

/// What an action carries besides its name.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// The action.
    pub action: String,
    /// Why, or what was done.
    pub note: String,
    /// Dispatch: the unit to handle it.
    pub unit_id: Option<i64>,
    /// Dispatch: the department to handle it.
    pub department_id: Option<i64>,
    /// Feedback: the proposed outcome.
    pub outcome: Option<String>,
    /// Defer: working days more.
    pub days: Option<i64>,
    /// Follow-up: satisfaction 1–5.
    pub satisfaction: Option<i64>,
    /// Merge: the case this one duplicates.
    pub into: Option<i64>,
    /// When, if not now (imports of past work).
    pub at: Option<DateTime<Utc>>,
}

fn note_required(action: Action) -> bool {
    matches!(
        action,
        Action::Refuse | Action::Object | Action::Escalate | Action::Feedback | Action::Rework | Action::Defer | Action::Withdraw
    )
}

/// Does an action to a case: checks the actor, the state and the input, then writes the
/// event, the new state, the rollups and the audit row together. An action not allowed from
/// the case's state is `Conflict` naming the allowed ones.
pub async fn act(db: &Db, actor: &Actor, case_id: i64, input: ActionInput) -> AppResult<CaseRow> {
    let row = visible(db, actor, case_id).await?;
    let Ok(action) = input.action.parse::<Action>() else {
        return Err(FieldError::new("action", "error.no_such_action").into());
    };
    // Who may before whether now: a caller without the right learns nothing of the workflow.
    let permitted = match action {
        Action::Defer | Action::Suspend => above(db, actor, &row).await?,
        Action::FollowUp | Action::Reopen | Action::Withdraw => works_on(db, actor, &row).await? || above(db, actor, &row).await?,
        _ => works_on(db, actor, &row).await?,
    };
    if !permitted {
        return Err(AppError::Forbidden);
    }
    let from: CaseState = row.state.parse().map_err(|_| anyhow::anyhow!("case {case_id} has an unknown state {}", row.state))?;
    let Some(to) = action.next(from) else {
        return Err(AppError::NotAllowed {
            state: from.as_str(),
            allowed: Action::allowed_from(from).iter().map(|a| a.as_str()).collect(),
        });
    };
    let note = optional_text("note", &input.note, 2000)?;
    if note_required(action) && note.is_empty() {
        return Err(FieldError::new("note", "error.required").into());
    }
    let category: Category = crate::cases::store::category(&db.pool, row.category_id)
        .await?
        .and_then(|c| c.category())
        .ok_or_else(|| anyhow::anyhow!("case {case_id} has no readable category"))?;
    let calendar = crate::platform::calendar::services::calendar(db).await?;
    let now = input.at.unwrap_or_else(|| db.clock.now());
    let mut next = row.clone();
    next.state = to.as_str().into();
    let step_deadline = |cal: &WorkCalendar, step: Step| Some(stamp_local(cal.deadline(local(now), category.limit(step))));
    let mut data = serde_json::Map::new();
    match action {
        Action::Register => {
            next.registered = 1;
            next.step_deadline = step_deadline(&calendar, Step::Dispatch);
        }
        Action::Refuse => next.step_deadline = None,
        Action::Dispatch => {
            let handler_path = handler_path(db, &row).await?;
            let zone = crate::cases::services::catalogue::zone_of(&handler_path);
            // With no target named, the case goes to the department the catalogue makes responsible.
            let target = match (input.unit_id, input.department_id) {
                (None, None) => (None, responsible_department(db, zone, &category).await?.map(|d| d.id)),
                named => named,
            };
            match target {
                (Some(unit), None) => {
                    // Down the tree from the unit that handles it now, within the actor's reach.
                    let target = crate::platform::hierarchy::store::path_of(&db.pool, unit).await?.map(UnitPath::from_stored);
                    if !target.as_ref().is_some_and(|t| handler_path.contains(t) && actor.sees(t)) {
                        return Err(FieldError::new("unit_id", "error.dispatch_target").into());
                    }
                    next.handler_unit_id = unit;
                    next.department_id = None;
                    data.insert("unit_id".into(), json!(unit));
                }
                (None, Some(dep)) => {
                    if !crate::platform::hierarchy::store::departments(&db.pool, zone).await?.iter().any(|d| d.id == dep) {
                        return Err(FieldError::new("department_id", "error.no_such_department").into());
                    }
                    next.department_id = Some(dep);
                    data.insert("department_id".into(), json!(dep));
                }
                (None, None) => return Err(FieldError::new("unit_id", "error.dispatch_none").into()),
                (Some(_), Some(_)) => return Err(FieldError::new("unit_id", "error.dispatch_one").into()),
            }
            next.step_deadline = step_deadline(&calendar, Step::Handle);
            if next.due_at.is_none() {
                next.due_at = next.step_deadline.clone();
            }
        }
        Action::Object => {
            next.department_id = None;
            next.step_deadline = step_deadline(&calendar, Step::Dispatch);
        }
        Action::Accept => {}
        Action::Escalate => {
            let ids = handler_path(db, &row).await?.ids();
            let Some(parent) = ids.len().checked_sub(2).map(|i| ids[i]) else {
                return Err(AppError::Conflict("error.escalate_top"));
            };
            next.handler_unit_id = parent;
            next.department_id = None;
            next.step_deadline = step_deadline(&calendar, Step::Register);
            data.insert("unit_id".into(), json!(parent));
        }
        Action::Feedback => {
            let outcome = input.outcome.as_deref().and_then(|o| o.parse::<Outcome>().ok());
            match outcome {
                Some(o @ (Outcome::Resolved | Outcome::Referred | Outcome::NotOurs)) => {
                    next.outcome = Some(o.as_str().into());
                    data.insert("outcome".into(), json!(o));
                }
                _ => return Err(FieldError::new("outcome", "error.outcome").into()),
            }
            next.step_deadline = step_deadline(&calendar, Step::Verify);
        }
        Action::Verify => {
            // Whoever gave the feedback does not verify it (核查 is someone else's look).
            let events = crate::cases::store::events(&db.pool, case_id).await?;
            let last_feedback = events.iter().rev().find(|e| e.action == Action::Feedback.as_str());
            if actor.user_id().is_some() && last_feedback.is_some_and(|e| e.actor_id == actor.user_id()) {
                return Err(AppError::Conflict("error.verify_own"));
            }
            next.verified = 1;
            next.closed_at = Some(crate::platform::db::stamp(now));
            next.step_deadline = None;
            next.on_time = i64::from(row.due_at.as_deref().and_then(parse_stamp).is_none_or(|due| now <= due));
        }
        Action::Rework => {
            next.verified = 1;
            next.reworks += 1;
            next.outcome = None;
            next.step_deadline = step_deadline(&calendar, Step::Handle);
        }
        Action::Defer => {
            let days = input.days.filter(|d| (1..=60).contains(d)).ok_or_else(|| FieldError::new("days", "error.defer_days"))?;
            let extend = |t: &Option<String>| {
                t.as_deref().and_then(parse_stamp).map(|t| stamp_local(calendar.deadline(local(t), TimeLimit::WorkingDays(days as u32))))
            };
            next.deferred = 1;
            next.overdue = 0;
            next.due_at = extend(&row.due_at);
            next.step_deadline = extend(&row.step_deadline);
            data.insert("days".into(), json!(days));
        }
        Action::Suspend => {
            // What the step and handling had left, in office minutes, is kept for resuming.
            let left = |t: &Option<String>| {
                t.as_deref().and_then(parse_stamp).map(|t| calendar.working_minutes_between(local(now), local(t)).max(0))
            };
            next.paused_step_minutes = left(&row.step_deadline);
            next.paused_due_minutes = left(&row.due_at);
            next.step_deadline = None;
            next.deferred = 1;
            data.insert("step_minutes_left".into(), json!(next.paused_step_minutes));
        }
        Action::Resume => {
            let back = |m: Option<i64>| m.map(|m| stamp_local(calendar.add_working_minutes(local(now), m)));
            next.step_deadline = back(row.paused_step_minutes);
            next.due_at = back(row.paused_due_minutes).or(row.due_at.clone());
            next.paused_step_minutes = None;
            next.paused_due_minutes = None;
            next.overdue = 0;
        }
        Action::Withdraw => {
            next.outcome = Some(Outcome::Withdrawn.as_str().into());
            next.closed_at = Some(crate::platform::db::stamp(now));
            next.step_deadline = None;
        }
        Action::Merge => {
            let into = input.into.ok_or_else(|| FieldError::new("into", "error.required"))?;
            let target = crate::cases::store::get(&db.pool, into).await?;
            if into == case_id || !target.as_ref().is_some_and(|t| sees(actor, t)) {
                return Err(FieldError::new("into", "error.merge_target").into());
            }
            next.outcome = Some(Outcome::Duplicate.as_str().into());
            next.merged_into = Some(into);
            next.closed_at = Some(crate::platform::db::stamp(now));
            next.step_deadline = None;
            data.insert("into".into(), json!(into));
        }
        Action::FollowUp => {
            let score =
                input.satisfaction.filter(|s| (1..=5).contains(s)).ok_or_else(|| FieldError::new("satisfaction", "error.satisfaction"))?;
            next.satisfaction = Some(score);
            data.insert("satisfaction".into(), json!(score));
        }
        Action::Reopen => {
            next.outcome = None;
            next.closed_at = None;
            next.satisfaction = None;
            next.on_time = 0;
            next.registered = 1;
            next.step_deadline = step_deadline(&calendar, Step::Dispatch);
        }
    }
    next.events = row.events + 1;
    let event = EventRow::new(
        next.events,
        action.as_str(),
        (Some(from.as_str()), to.as_str()),
        (actor.user_id(), actor.audit_name()),
        crate::platform::db::stamp(now),
        &note,
        serde_json::Value::Object(data.clone()),
    );
    let mut tx = db.begin().await?;
    write_change(&mut tx, &row, &next, &event).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit("case.act", format!("case:{case_id}"), json!({"action": action, "from": from, "to": to, "note": note, "data": data})),
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// Writes a change of a case: the row (refused if someone else changed it meanwhile), the
/// event, and the rollups of every unit from the case's up to the zone.
async fn write_change(tx: &mut Tx, before: &CaseRow, after: &CaseRow, event: &EventRow) -> AppResult<()> {
    if !crate::cases::store::update(tx, after, before.events).await? {
        return Err(AppError::Conflict("error.case_changed"));
    }
    crate::cases::store::insert_event(tx, after.id, event).await?;
    let delta = Counts::of(&facts(after)).minus(&Counts::of(&facts(before)));
    let ids = UnitPath::from_stored(after.unit_path.clone()).ids();
    crate::cases::store::add_to_rollups(tx, &ids, &after.report_day, after.category_id, &delta).await?;
    Ok(())
}

/// Flags open cases whose step ran out (催办): an `overdue` event each, once. Safe to run on
/// every server at once: a case already flagged, or changed meanwhile, is left alone.
pub async fn sweep_overdue(db: &Db, now: DateTime<Utc>) -> AppResult<usize> {
    let stamp = crate::platform::db::stamp(now);
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE overdue = 0 AND step_deadline IS NOT NULL AND step_deadline < $1 \
         AND state NOT IN ('closed', 'refused') ORDER BY step_deadline LIMIT 500",
    )
    .bind(&stamp)
    .fetch_all(&db.pool)
    .await?;
    let mut flagged = 0;
    for id in due {
        let mut tx = db.begin().await?;
        let Some(row) = crate::cases::store::get_in(&mut tx, id).await? else { continue };
        if row.overdue != 0 {
            continue;
        }
        let mut next = row.clone();
        next.overdue = 1;
        next.events = row.events + 1;
        let state = (Some(row.state.as_str()), row.state.as_str());
        let event =
            EventRow::new(next.events, "overdue", state, (None, "system"), stamp.clone(), "", json!({"deadline": row.step_deadline}));
        match write_change(&mut tx, &row, &next, &event).await {
            Ok(()) => {
                crate::platform::audit::append(
                    &mut tx,
                    crate::platform::audit::Entry {
                        actor_id: None,
                        actor_name: "system",
                        action: "case.overdue",
                        object: format!("case:{id}"),
                        detail: json!({"deadline": row.step_deadline}),
                    },
                )
                .await?;
                tx.commit().await?;
                flagged += 1;
            }
            Err(AppError::Conflict(_)) => tx.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    Ok(flagged)
}

/// A case with its history and parties, as the actor may see them.
#[derive(Debug, Clone)]
pub struct CaseView {
    /// The case.
    pub case: CaseRow,
    /// Its events, oldest first.
    pub events: Vec<EventRow>,
    /// Its parties; ID numbers masked unless revealed.
    pub parties: Vec<PartyRow>,
    /// The actions allowed from its state.
    pub allowed: Vec<Action>,
    /// Whether the actor may work the case.
    pub can_act: bool,
    /// The department the catalogue makes responsible for its category: where a dispatch
    /// naming no target sends it.
    pub responsible_department: Option<crate::platform::hierarchy::store::DepartmentRow>,
}

/// One case. With `reveal`, the parties' full ID numbers, and the look is audited (a refused
/// one too, as refused).
pub async fn get(db: &Db, actor: &Actor, id: i64, reveal: bool) -> AppResult<CaseView> {
    let case = visible(db, actor, id).await?;
    let can_act = works_on(db, actor, &case).await?;
    let mut parties = crate::cases::store::parties(&db.pool, id).await?;
    if reveal {
        if !can_act {
            crate::platform::audit::reads::record(db, actor, "case.reveal_id_numbers", format!("case:{id}"), json!({"refused": true}))
                .await?;
            return Err(AppError::Forbidden);
        }
        let mut tx = db.begin().await?;
        crate::platform::audit::append(
            &mut tx,
            actor.audit(
                "case.reveal_id_numbers",
                format!("case:{id}"),
                json!({"parties": parties.iter().filter(|p| p.id_number.is_some()).count()}),
            ),
        )
        .await?;
        tx.commit().await?;
    } else {
        for p in &mut parties {
            p.id_number = p.id_number.take().map(|n| IdNumber::from_stored(n).masked());
            p.phone = crate::platform::phone::masked(&p.phone);
        }
    }
    let events = crate::cases::store::events(&db.pool, id).await?;
    let state: CaseState = case.state.parse().unwrap_or(CaseState::Reported);
    let mut allowed = Action::allowed_from(state);
    // Whoever gave the feedback is not offered its verification.
    let gave_feedback = events.iter().rev().find(|e| e.action == Action::Feedback.as_str()).is_some_and(|e| e.actor_id == actor.user_id());
    if gave_feedback && actor.user_id().is_some() {
        allowed.retain(|a| *a != Action::Verify);
    }
    let category = crate::cases::store::category(&db.pool, case.category_id).await?.and_then(|c| c.category());
    let responsible_department = match category {
        // The case's own place names its zone, as its handler's would.
        Some(category) => {
            responsible_department(
                db,
                crate::cases::services::catalogue::zone_of(&UnitPath::from_stored(case.unit_path.clone())),
                &category,
            )
            .await?
        }
        None => None,
    };
    Ok(CaseView { allowed, case, events, parties, can_act, responsible_department })
}

/// Which cases to list, as a request asks.
#[derive(Debug, Clone, Default)]
pub struct ListInput {
    /// A unit whose subtree to list; the actor's first when none.
    pub unit_id: Option<i64>,
    /// First report day.
    pub from: Option<chrono::NaiveDate>,
    /// Last report day.
    pub to: Option<chrono::NaiveDate>,
    /// Category code prefix.
    pub category: Option<String>,
    /// Only these states.
    pub states: Vec<String>,
    /// A measure: the cases behind a figure.
    pub measure: Option<String>,
    /// Only cases handled by this unit now (a queue).
    pub handler_unit_id: Option<i64>,
    /// Soonest deadline first.
    pub by_deadline: bool,
    /// Words the title, description or address contain.
    pub keyword: Option<String>,
    /// Only cases past their step's deadline.
    pub overdue: bool,
    /// A column to sort by, and whether largest first.
    pub sort: Option<(crate::cases::store::Sort, bool)>,
}

/// A page of the cases in a visible unit's subtree.
pub async fn list(db: &Db, actor: &Actor, input: ListInput, paging: Paging) -> AppResult<Page<CaseRow>> {
    let unit_id = input.unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let measure = match input.measure.as_deref() {
        None | Some("") => None,
        Some(m) => Some(
            crate::cases::domain::rates::COLUMNS
                .into_iter()
                .find(|c| *c == m)
                .ok_or_else(|| FieldError::new("measure", "error.measure"))?,
        ),
    };
    if let (Some(from), Some(to)) = (input.from, input.to)
        && to < from
    {
        return Err(FieldError::new("to", "error.date_order").into());
    }
    for s in &input.states {
        if s.parse::<CaseState>().is_err() {
            return Err(FieldError::new("state", "error.state").into());
        }
    }
    let filter = Filter {
        range: unit.subtree_range(),
        from: input.from.map(|d| d.to_string()),
        to: input.to.map(|d| d.to_string()),
        category: input.category.filter(|c| !c.is_empty()),
        states: input.states,
        measure,
        handler_unit_id: input.handler_unit_id,
        by_deadline: input.by_deadline,
        keyword: input.keyword.filter(|k| !k.trim().is_empty()),
        overdue: input.overdue,
        sort: input.sort,
    };
    let (items, total) = crate::cases::store::list(&db.pool, &filter, paging.page_size, paging.offset()).await?;
    Ok(Page { items, total, paging })
}

/// The counts and rates of a visible unit's subtree for report days `from..=to`, optionally
/// of one category (a code prefix: `D` for every dispute), read from the rollups.
pub async fn rates(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    category: Option<&str>,
) -> AppResult<(Counts, Rates)> {
    if to < from {
        return Err(FieldError::new("to", "error.date_order").into());
    }
    // Only where the unit is matters here: its own counts are not read on this hot path.
    actor.unit_path(db, unit_id).await?;
    let counts = crate::cases::store::sum_rollups(&db.pool, unit_id, &from.to_string(), &to.to_string(), category).await?;
    Ok((counts, Rates::of(&counts)))
}

/// Rebuilds every rollup from the cases themselves, for checking and for repair.
pub async fn recompute_rollups(db: &Db) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM case_rollups").execute(&mut *tx).await?;
    let mut after = 0i64;
    loop {
        let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM cases WHERE id > $1 ORDER BY id LIMIT 2000",
            "id, kind, category_id, category_code, unit_id, unit_path, handler_unit_id, department_id, state, outcome, title, \
             description, address, lon, lat, source, reporter_name, reporter_phone, reported_at, report_day, closed_at, step_deadline, \
             due_at, registered, overdue, deferred, reworks, verified, on_time, satisfaction, merged_into, created_by, events, \
             paused_step_minutes, paused_due_minutes"
        )))
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in &rows {
            let ids = UnitPath::from_stored(row.unit_path.clone()).ids();
            crate::cases::store::add_to_rollups(&mut tx, &ids, &row.report_day, row.category_id, &Counts::of(&facts(row))).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// How near, and how recent, another case must be to be offered as a possible duplicate.
pub const DUPLICATE_METRES: f64 = 250.0;
/// Days either side of the report.
pub const DUPLICATE_DAYS: i64 = 30;

/// Metres between two (lon, lat) points on the earth (haversine).
pub fn metres_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let (dla, dlo) = ((b.1 - a.1).to_radians(), (b.0 - a.0).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

/// Why a case is offered as a possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same category, within 250 m (or in the same grid when a case has no point) and 30 days.
    Nearby,
    /// A party with the same ID number, within 30 days.
    SameParty,
}

/// Possible duplicates of a case the actor may see: other cases of its township that it may
/// be merged with (并单), nearest in time first.
pub async fn duplicates(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<(CaseRow, Likeness)>> {
    let case = visible(db, actor, id).await?;
    let at = parse_stamp(&case.reported_at).ok_or_else(|| anyhow::anyhow!("case {id} has a bad time"))?;
    let (lo, hi) =
        (crate::platform::db::stamp(at - Duration::days(DUPLICATE_DAYS)), crate::platform::db::stamp(at + Duration::days(DUPLICATE_DAYS)));
    // Within the township: 250 m rarely crosses it, and the index keeps the scan small.
    let ids = UnitPath::from_stored(case.unit_path.clone()).ids();
    let township = UnitPath::from_stored(format!("/{}/", ids.iter().take(2).map(i64::to_string).collect::<Vec<_>>().join("/")));
    let mut out: Vec<(CaseRow, Likeness)> = Vec::new();
    for other in crate::cases::store::nearby_candidates(&db.pool, &township.subtree_range(), &case.category_code, (&lo, &hi), id).await? {
        let near = match (case.lon.zip(case.lat), other.lon.zip(other.lat)) {
            (Some(a), Some(b)) => metres_between(a, b) <= DUPLICATE_METRES,
            _ => other.unit_id == case.unit_id,
        };
        if near && sees(actor, &other) {
            out.push((other, Likeness::Nearby));
        }
    }
    for other in crate::cases::store::same_party(&db.pool, id, (&lo, &hi)).await? {
        if sees(actor, &other) && !out.iter().any(|(c, _)| c.id == other.id) {
            out.push((other, Likeness::SameParty));
        }
    }
    out.sort_by_key(|(c, _)| parse_stamp(&c.reported_at).map(|t| (t - at).num_seconds().abs()).unwrap_or(i64::MAX));
    Ok(out)
}

/// Adds a photo to a case the actor works on, or reported: its type is sniffed, its size
/// checked, its EXIF time and place kept, and the timeline notes it.
pub async fn add_photo(db: &Db, actor: &Actor, case_id: i64, field: &str, bytes: &[u8]) -> AppResult<crate::cases::store::PhotoRow> {
    let row = visible(db, actor, case_id).await?;
    if !(works_on(db, actor, &row).await? || (actor.user_id().is_some() && row.created_by == actor.user_id())) {
        return Err(AppError::Forbidden);
    }
    attach_photo(db, actor, row, field, bytes).await
}

/// Adds a photo to a case already checked to be the actor's to add to (their work, their
/// report, or the public's report just received).
pub(crate) async fn attach_photo(
    db: &Db,
    actor: &Actor,
    row: CaseRow,
    field: &str,
    bytes: &[u8],
) -> AppResult<crate::cases::store::PhotoRow> {
    let case_id = row.id;
    let facts = crate::cases::domain::photo::inspect(field, bytes)?;
    let mut next = row.clone();
    next.events = row.events + 1;
    let event = EventRow::new(
        next.events,
        "photo",
        (Some(row.state.as_str()), row.state.as_str()),
        (actor.user_id(), actor.audit_name()),
        db.clock.stamp(),
        "",
        json!({"sha256": facts.sha256, "taken_at": facts.taken_at}),
    );
    let mut tx = db.begin().await?;
    write_change(&mut tx, &row, &next, &event).await?;
    let id = crate::cases::store::insert_photo(&mut tx, case_id, &facts, bytes, actor.user_id()).await?;
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
    crate::cases::store::photos(&db.pool, case_id).await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)
}

/// A photo's type and bytes, if the actor may see its case; the download is audited.
pub async fn photo(db: &Db, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
    let (case_id, content_type, data) = crate::cases::store::photo_data(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    visible(db, actor, case_id).await?;
    crate::platform::audit::reads::record(db, actor, "case.photo_download", format!("case:{case_id}"), json!({"photo": id})).await?;
    Ok((content_type, data))
}

/// A case's photos' facts, if the actor may see the case.
pub async fn photos(db: &Db, actor: &Actor, case_id: i64) -> AppResult<Vec<crate::cases::store::PhotoRow>> {
    visible(db, actor, case_id).await?;
    Ok(crate::cases::store::photos(&db.pool, case_id).await?)
}

/// Escalates (上报) open cases still overdue once their reminder ran for a working day: the
/// level above takes them over, with a fresh limit to register them. A case at the zone, or
/// waiting for verification, stays where it is. Returns how many went up.
pub async fn escalate_overdue(db: &Db, now: DateTime<Utc>) -> AppResult<usize> {
    let stamp = crate::platform::db::stamp(now);
    let late: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, step_deadline FROM cases WHERE overdue = 1 AND step_deadline IS NOT NULL AND step_deadline < $1 \
         AND state IN ('reported', 'registered', 'dispatched', 'handling') ORDER BY step_deadline LIMIT 500",
    )
    .bind(&stamp)
    .fetch_all(&db.pool)
    .await?;
    let calendar = crate::platform::calendar::services::calendar(db).await?;
    let system = Actor::system();
    let mut escalated = 0;
    for (id, deadline) in late {
        let Some(deadline) = parse_stamp(&deadline) else { continue };
        // Reminded when flagged; a working day to act on the reminder, then up it goes.
        if local(now) <= calendar.deadline(local(deadline), TimeLimit::WorkingDays(1)) {
            continue;
        }
        let input = ActionInput {
            action: "escalate".into(), note: "超时未办，自动上报上级".into(), at: Some(now), ..Default::default()
        };
        match act(db, &system, id, input).await {
            Ok(_) => escalated += 1,
            Err(AppError::Conflict(_) | AppError::NotAllowed { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(escalated)
}

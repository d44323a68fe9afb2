//! The demo zone's cases: the source's year so far, 1 January to 25 October 2015. 1,393
//! disputes found across the grids and 1,372 of them resolved (98.5%), the rest referred or still
//! being mediated; among them the 宁郭村 homestead boundary dispute that the village director,
//! also the grid mediator, settled in under 30 minutes. Beside them, a realistic mix of incidents.

pub mod homestead;
mod setting;
mod words;

use crate::platform::demo::GIVEN;

use crate::platform::demo::SURNAMES;

use crate::cases::domain::Step;
use crate::cases::domain::case::Case;
use crate::cases::domain::event::Event;
use crate::cases::domain::rates::Counts;
use crate::cases::domain::source::Source;
use crate::cases::domain::{CaseKind, CaseState, Outcome};
use crate::cases::store::PartyRow;
use crate::platform::calendar::TimeLimit;
use crate::platform::calendar::WorkCalendar;
use crate::platform::db::Db;
use crate::platform::demo::Seq;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::id_number::IdNumber;
use crate::platform::time::Stamp;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;
use setting::{grids, publish_incidents};
use std::collections::HashMap;
use words::{DISPUTE_MIX, INCIDENT_MIX, feedback_note, story};

/// Disputes found in the source's year so far.
pub const DISPUTES: usize = 1393;
/// Of them, resolved.
pub const RESOLVED: usize = 1372;
/// Disputes referred to litigation or arbitration; the others still in mediation.
const REFERRED: usize = 9;
/// Incidents in the same months.
pub const INCIDENTS: usize = 2460;
/// The first and last report days.
pub const FROM: &str = "2015-01-01";
/// The source's date.
pub const TO: &str = "2015-10-25";

/// What the loader made.
#[derive(Debug, Clone, Copy)]
pub struct CaseSummary {
    /// Disputes.
    pub disputes: usize,
    /// Of them resolved.
    pub resolved: usize,
    /// Incidents.
    pub incidents: usize,
}

/// Loads the demo cases into a database that holds the demo zone and no cases yet.
pub async fn load(db: &Db) -> anyhow::Result<CaseSummary> {
    let zone_id = crate::cases::store::zone::first_zone(&db.pool).await?;
    let existing = crate::cases::store::count(&db.pool).await?;
    anyhow::ensure!(existing == 0, "the database already holds cases");
    publish_incidents(db, zone_id).await?;
    let (_, categories) = crate::cases::services::catalogue::current(db, zone_id).await?;
    let category = |code: &str| {
        categories.iter().find(|c| c.code == code).and_then(|c| c.category().map(|cat| (c.id, cat)))
    };
    let grids = grids(db).await?;
    let calendar = WorkCalendar::builtin();
    let from = NaiveDate::parse_from_str(FROM, "%Y-%m-%d")?;
    let to = NaiveDate::parse_from_str(TO, "%Y-%m-%d")?;
    let days: Vec<NaiveDate> =
        from.iter_days().take_while(|d| *d <= to).filter(|d| calendar.is_working_day(*d)).collect();
    let mut seq = Seq(0x1393_1372_0985);
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut tx = db.begin().await?;
    crate::platform::calendar::services::seed_calendar(&mut tx).await?;
    let mut rollups: HashMap<(i64, String, i64), Counts> = HashMap::new();
    // Every case's history is written at the end, many events a statement.
    let mut history: Vec<(i64, Event)> = Vec::new();
    let mut made = CaseSummary { disputes: 0, resolved: 0, incidents: 0 };
    let homestead_at = DISPUTES / 2;
    for i in 0..DISPUTES + INCIDENTS {
        let dispute = i < DISPUTES;
        let code = if dispute { seq.weighted(&DISPUTE_MIX) } else { seq.weighted(&INCIDENT_MIX) };
        let special = i == homestead_at;
        let code = if special { "D01" } else { code };
        let (category_id, cat) =
            category(code).ok_or_else(|| anyhow::anyhow!("no category {code}"))?;
        let grid = if special {
            grids.iter().find(|g| g.village == "宁郭村").unwrap_or(&grids[0])
        } else {
            &grids[seq.below(grids.len() as u64) as usize]
        };
        let day = if special {
            NaiveDate::from_ymd_opt(2015, 9, 15).expect("date")
        } else {
            days[seq.below(days.len() as u64) as usize]
        };
        let start = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("time"))
            + Duration::minutes(seq.below(480) as i64);
        let start = if special {
            day.and_time(NaiveTime::from_hms_opt(9, 10, 0).expect("time"))
        } else {
            start
        };
        // What became of it.
        let fate = if dispute {
            match i {
                _ if i < RESOLVED => "resolved",
                _ if i < RESOLVED + REFERRED => "referred",
                _ => "handling",
            }
        } else {
            match seq.below(100) {
                0..=93 => "resolved",
                94..=95 => "not_ours",
                96..=97 => "duplicate",
                _ => "handling",
            }
        };
        let mut name =
            || format!("{}{}{}", seq.pick(&surnames), seq.pick(&given), seq.pick(&given));
        let (a, b) = (name(), name());
        let place = format!("{}{}组", grid.village, 1 + seq.below(9));
        let (title, description) = story(code, &cat.name, &a, &b, &place, special);
        let mut t = start;
        let mut events: Vec<Event> = Vec::new();
        let push = |events: &mut Vec<Event>,
                    at: NaiveDateTime,
                    action: &str,
                    from: Option<&str>,
                    to: &str,
                    who: &(i64, String),
                    note: &str,
                    data: serde_json::Value| {
            // The demo names its states as written; each is one of CaseState's.
            let state = |s: &str| s.parse::<CaseState>().expect("the demo's states are states");
            events.push(Event::new(
                events.len() as i64 + 1,
                action,
                (from.map(state), state(to)),
                (Some(who.0), &who.1),
                Stamp::from_local(at),
                note,
                data,
            ));
        };
        push(
            &mut events,
            t,
            "report",
            None,
            "reported",
            &grid.manager,
            "",
            json!({"source": "grid", "category": code, "unit_id": grid.id}),
        );
        let kind = if dispute { CaseKind::Dispute } else { CaseKind::Incident };
        let unit = (grid.id, UnitPath::from_stored(grid.path.clone()));
        let mut row = Case {
            title,
            description,
            address: place.clone(),
            source: Source::Grid,
            reporter_name: grid.manager.1.clone(),
            registered: true,
            created_by: Some(grid.manager.0),
            ..Case::reported(kind, (category_id, code), unit, Stamp::from_local(start))
        };
        let minutes = |seq: &mut Seq, lo: u64, hi: u64| {
            Duration::minutes((lo + seq.below(hi - lo + 1)) as i64)
        };
        if fate == "duplicate" {
            t += minutes(&mut seq, 5, 40);
            push(
                &mut events,
                t,
                "merge",
                Some("reported"),
                "closed",
                &grid.manager,
                "与已上报事件重复",
                json!({}),
            );
            row.registered = false;
            row.state = CaseState::Closed;
            row.outcome = Some(Outcome::Duplicate);
            row.closed_at = Some(Stamp::from_local(t));
        } else {
            t += if special { Duration::minutes(2) } else { minutes(&mut seq, 3, 30) };
            push(
                &mut events,
                t,
                "register",
                Some("reported"),
                "registered",
                &grid.manager,
                "",
                json!({}),
            );
            t += if special { Duration::minutes(1) } else { minutes(&mut seq, 2, 20) };
            push(
                &mut events,
                t,
                "dispatch",
                Some("registered"),
                "dispatched",
                &grid.manager,
                "",
                json!({"unit_id": grid.id}),
            );
            let due = calendar.deadline(t, cat.limit(Step::Handle));
            row.due_at = Some(Stamp::from_local(due));
            t += if special { Duration::minutes(1) } else { minutes(&mut seq, 2, 60) };
            push(
                &mut events,
                t,
                "accept",
                Some("dispatched"),
                "handling",
                &grid.manager,
                "",
                json!({}),
            );
            row.state = CaseState::Handling;
            row.step_deadline = Some(Stamp::from_local(due));
            if fate != "handling" {
                // Mediation takes days; most incidents are fixed within hours.
                let work = if special {
                    24
                } else if dispute && seq.below(25) == 0 {
                    // One mediation in twenty-five runs past its month.
                    60 * (160 + seq.below(40)) as i64
                } else if dispute {
                    60 * (1 + seq.below(60)) as i64
                } else {
                    30 + 30 * seq.below(16) as i64
                };
                t = calendar.add_working_minutes(t, work);
                let note = feedback_note(fate, dispute, special);
                push(
                    &mut events,
                    t,
                    "feedback",
                    Some("handling"),
                    "handled",
                    &grid.manager,
                    note,
                    json!({"outcome": fate}),
                );
                t = calendar.add_working_minutes(
                    t,
                    if special { 20 } else { 30 + 30 * seq.below(10) as i64 },
                );
                push(
                    &mut events,
                    t,
                    "verify",
                    Some("handled"),
                    "closed",
                    &grid.supervisor,
                    "",
                    json!({}),
                );
                row.state = CaseState::Closed;
                row.outcome = Some(
                    fate.parse()
                        .map_err(|_| anyhow::anyhow!("the demo's fate {fate} is an outcome"))?,
                );
                row.verified = true;
                row.closed_at = Some(Stamp::from_local(t));
                row.on_time = t <= due;
                row.step_deadline = None;
                if fate == "resolved" && seq.below(10) < 6 {
                    let score = if seq.below(10) < 8 { 5 } else { 4 };
                    t = calendar.deadline(t, TimeLimit::WorkingDays(3)) - Duration::hours(3);
                    push(
                        &mut events,
                        t,
                        "follow_up",
                        Some("closed"),
                        "closed",
                        &grid.supervisor,
                        "电话回访，群众满意",
                        json!({"satisfaction": score}),
                    );
                    row.satisfaction = Some(score);
                }
            }
        }
        row.events = events.len() as i64;
        row.id = crate::cases::store::insert(&mut tx, &row).await?;
        // The insert writes the opening state; the rest of the row is written as it ended.
        crate::cases::store::update(&mut tx, &row, row.events).await?;
        history.extend(events.into_iter().map(|e| (row.id, e)));
        if dispute {
            for (party, role) in [(&a, "applicant"), (&b, "respondent")] {
                let born = format!(
                    "19{:02}{:02}{:02}",
                    50 + seq.below(46),
                    1 + seq.below(12),
                    1 + seq.below(28)
                );
                let id = IdNumber::with_check(&format!("410871{born}{:03}", seq.below(1000)))
                    .map(|n| n.reveal().to_string());
                let phone = format!("13{:09}", seq.next() % 1_000_000_000);
                crate::cases::store::insert_party(
                    &mut tx,
                    row.id,
                    &PartyRow {
                        role: role.into(),
                        name: party.clone(),
                        id_number: id,
                        phone,
                        address: place.clone(),
                    },
                )
                .await?;
            }
            if special {
                crate::cases::demo::homestead::record(&mut tx, row.id, &a, &b, day, grid.manager.0)
                    .await?;
            }
            made.disputes += 1;
            made.resolved += usize::from(fate == "resolved");
        } else {
            made.incidents += 1;
        }
        let contribution = Counts::of(&row.facts());
        for unit in row.unit_path.ids() {
            let entry = rollups.entry((unit, row.report_day.to_string(), category_id)).or_default();
            *entry = entry.plus(&contribution);
        }
    }
    crate::cases::store::insert_events(&mut tx, &history).await?;
    let mut rollups: Vec<_> = rollups.into_iter().collect();
    rollups.sort_by(|a, b| a.0.cmp(&b.0));
    crate::cases::store::add_many_to_rollups(&mut tx, &rollups).await?;
    crate::platform::audit::append(
        &mut tx,
        crate::platform::audit::Entry {
            actor_id: None,
            actor_name: "system",
            action: "demo.cases",
            object: format!("unit:{zone_id}"),
            detail: json!({"disputes": made.disputes, "resolved": made.resolved, "incidents": made.incidents, "from": FROM, "to": TO}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(made)
}

/// The capability's demo hook: loads the cases and says what they are.
pub fn hook(db: &Db) -> crate::platform::capability::Work<'_, Vec<String>> {
    Box::pin(async move {
        let c = load(db).await?;
        Ok(vec![format!(
            "demo cases {FROM} to {TO}: {} disputes found, {} resolved; {} incidents",
            c.disputes, c.resolved, c.incidents
        )])
    })
}

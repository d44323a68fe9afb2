//! The demo zone's cases: the source's year so far, 1 January to 25 October 2015. 1,393
//! disputes found across the grids and 1,372 of them resolved (98.5%), the rest referred or still
//! being mediated; among them the 宁郭村 homestead boundary dispute that the village director,
//! also the grid mediator, settled in under 30 minutes. Beside them, a realistic mix of incidents.

pub mod homestead;

use crate::platform::demo::GIVEN;

use crate::platform::demo::SURNAMES;

use crate::cases::domain::Step;
use crate::cases::domain::rates::COLUMNS;
use crate::cases::domain::rates::Counts;
use crate::cases::services::facts;
use crate::cases::store::CaseRow;
use crate::cases::store::EventRow;
use crate::cases::store::PartyRow;
use crate::platform::calendar::TimeLimit;
use crate::platform::calendar::WorkCalendar;
use crate::platform::db::Db;
use crate::platform::db::Tx;
use crate::platform::demo::Seq;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::id_number::IdNumber;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;
use std::collections::HashMap;

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

/// Dispute categories and their weights (how often each comes up).
const DISPUTE_MIX: [(&str, u64); 8] = [("D02", 30), ("D01", 20), ("D03", 15), ("D04", 12), ("D05", 10), ("D06", 5), ("D07", 4), ("D99", 4)];
/// Incident categories and their weights.
const INCIDENT_MIX: [(&str, u64); 16] = [
    ("I0301", 18),
    ("I0601", 12),
    ("I0102", 10),
    ("I0201", 9),
    ("I0202", 8),
    ("I0101", 7),
    ("I0602", 6),
    ("I0302", 5),
    ("I0103", 5),
    ("I0401", 4),
    ("I0402", 3),
    ("I0501", 4),
    ("I0502", 2),
    ("I0702", 3),
    ("I0701", 1),
    ("I9901", 3),
];

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

struct Grid {
    id: i64,
    path: String,
    village: String,
    manager: (i64, String),
    supervisor: (i64, String),
}

impl Seq {
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn weighted<'a>(&mut self, mix: &[(&'a str, u64)]) -> &'a str {
        let total: u64 = mix.iter().map(|m| m.1).sum();
        let mut roll = self.below(total);
        for (code, w) in mix {
            if roll < *w {
                return code;
            }
            roll -= w;
        }
        mix[0].0
    }
}

fn stored(local: NaiveDateTime) -> String {
    crate::platform::time::stamp_local(local)
}

/// The source's incidents were public on its zone's platform, whoever found them: the demo's
/// catalogue publishes every report of its public incident categories (Open311 lists them).
async fn publish_incidents(db: &Db, zone_id: i64) -> anyhow::Result<()> {
    let mut rows = vec![crate::cases::domain::category::HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for mut c in crate::cases::domain::category::builtin() {
        c.publish_all = c.public && c.kind == crate::cases::domain::CaseKind::Incident;
        rows.push(c.to_row().to_vec());
    }
    crate::cases::services::catalogue::publish(
        db,
        &crate::platform::access::actor::Actor::system(),
        zone_id,
        &rows,
        "演示区：公开全部事件",
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Loads the demo cases into a database that holds the demo zone and no cases yet.
pub async fn load(db: &Db) -> anyhow::Result<CaseSummary> {
    let zone_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE level = 'zone' ORDER BY id LIMIT 1").fetch_one(&db.pool).await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(&db.pool).await?;
    anyhow::ensure!(existing == 0, "the database already holds cases");
    publish_incidents(db, zone_id).await?;
    let (_, categories) = crate::cases::services::catalogue::current(db, zone_id).await?;
    let category = |code: &str| categories.iter().find(|c| c.code == code).and_then(|c| c.category().map(|cat| (c.id, cat)));
    let grids = grids(db).await?;
    let calendar = WorkCalendar::builtin();
    let from = NaiveDate::parse_from_str(FROM, "%Y-%m-%d")?;
    let to = NaiveDate::parse_from_str(TO, "%Y-%m-%d")?;
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).filter(|d| calendar.is_working_day(*d)).collect();
    let mut seq = Seq(0x1393_1372_0985);
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut tx = db.begin().await?;
    crate::platform::calendar::services::seed_calendar(&mut tx).await?;
    let mut rollups: HashMap<(i64, String, i64), Counts> = HashMap::new();
    let mut made = CaseSummary { disputes: 0, resolved: 0, incidents: 0 };
    let homestead_at = DISPUTES / 2;
    for i in 0..DISPUTES + INCIDENTS {
        let dispute = i < DISPUTES;
        let code = if dispute { seq.weighted(&DISPUTE_MIX) } else { seq.weighted(&INCIDENT_MIX) };
        let special = i == homestead_at;
        let code = if special { "D01" } else { code };
        let (category_id, cat) = category(code).ok_or_else(|| anyhow::anyhow!("no category {code}"))?;
        let grid = if special {
            grids.iter().find(|g| g.village == "宁郭村").unwrap_or(&grids[0])
        } else {
            &grids[seq.below(grids.len() as u64) as usize]
        };
        let day = if special { NaiveDate::from_ymd_opt(2015, 9, 15).expect("date") } else { days[seq.below(days.len() as u64) as usize] };
        let start = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("time")) + Duration::minutes(seq.below(480) as i64);
        let start = if special { day.and_time(NaiveTime::from_hms_opt(9, 10, 0).expect("time")) } else { start };
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
        let mut name = || format!("{}{}{}", seq.pick(&surnames), seq.pick(&given), seq.pick(&given));
        let (a, b) = (name(), name());
        let place = format!("{}{}组", grid.village, 1 + seq.below(9));
        let (title, description) = story(code, &cat.name, &a, &b, &place, special);
        let mut t = start;
        let mut events: Vec<EventRow> = Vec::new();
        let push = |events: &mut Vec<EventRow>,
                    at: NaiveDateTime,
                    action: &str,
                    from: Option<&str>,
                    to: &str,
                    who: &(i64, String),
                    note: &str,
                    data: serde_json::Value| {
            events.push(EventRow::new(events.len() as i64 + 1, action, (from, to), (Some(who.0), &who.1), stored(at), note, data));
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
        let mut row = CaseRow {
            kind: if dispute { "dispute".into() } else { "incident".into() },
            category_id,
            category_code: code.into(),
            unit_id: grid.id,
            unit_path: grid.path.clone(),
            handler_unit_id: grid.id,
            state: "reported".into(),
            title,
            description,
            address: place.clone(),
            source: "grid".into(),
            reporter_name: grid.manager.1.clone(),
            reported_at: stored(start),
            report_day: day.to_string(),
            registered: 1,
            created_by: Some(grid.manager.0),
            ..CaseRow::default()
        };
        let minutes = |seq: &mut Seq, lo: u64, hi: u64| Duration::minutes((lo + seq.below(hi - lo + 1)) as i64);
        if fate == "duplicate" {
            t += minutes(&mut seq, 5, 40);
            push(&mut events, t, "merge", Some("reported"), "closed", &grid.manager, "与已上报事件重复", json!({}));
            row.registered = 0;
            row.state = "closed".into();
            row.outcome = Some("duplicate".into());
            row.closed_at = Some(stored(t));
        } else {
            t += if special { Duration::minutes(2) } else { minutes(&mut seq, 3, 30) };
            push(&mut events, t, "register", Some("reported"), "registered", &grid.manager, "", json!({}));
            t += if special { Duration::minutes(1) } else { minutes(&mut seq, 2, 20) };
            push(&mut events, t, "dispatch", Some("registered"), "dispatched", &grid.manager, "", json!({"unit_id": grid.id}));
            let due = calendar.deadline(t, cat.limit(Step::Handle));
            row.due_at = Some(stored(due));
            t += if special { Duration::minutes(1) } else { minutes(&mut seq, 2, 60) };
            push(&mut events, t, "accept", Some("dispatched"), "handling", &grid.manager, "", json!({}));
            row.state = "handling".into();
            row.step_deadline = Some(stored(due));
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
                push(&mut events, t, "feedback", Some("handling"), "handled", &grid.manager, note, json!({"outcome": fate}));
                t = calendar.add_working_minutes(t, if special { 20 } else { 30 + 30 * seq.below(10) as i64 });
                push(&mut events, t, "verify", Some("handled"), "closed", &grid.supervisor, "", json!({}));
                row.state = "closed".into();
                row.outcome = Some(fate.into());
                row.verified = 1;
                row.closed_at = Some(stored(t));
                row.on_time = i64::from(t <= due);
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
        insert_events(&mut tx, row.id, &events).await?;
        if dispute {
            for (party, role) in [(&a, "applicant"), (&b, "respondent")] {
                let born = format!("19{:02}{:02}{:02}", 50 + seq.below(46), 1 + seq.below(12), 1 + seq.below(28));
                let id = IdNumber::with_check(&format!("410871{born}{:03}", seq.below(1000))).map(|n| n.reveal().to_string());
                let phone = format!("13{:09}", seq.next() % 1_000_000_000);
                crate::cases::store::insert_party(
                    &mut tx,
                    row.id,
                    &PartyRow { role: role.into(), name: party.clone(), id_number: id, phone, address: place.clone() },
                )
                .await?;
            }
            if special {
                crate::cases::demo::homestead::record(&mut tx, row.id, &a, &b, day, grid.manager.0).await?;
            }
            made.disputes += 1;
            made.resolved += usize::from(fate == "resolved");
        } else {
            made.incidents += 1;
        }
        let contribution = Counts::of(&facts(&row)?);
        for unit in UnitPath::from_stored(row.unit_path.clone()).ids() {
            let entry = rollups.entry((unit, row.report_day.clone(), category_id)).or_default();
            *entry = entry.plus(&contribution);
        }
    }
    insert_rollups(&mut tx, &rollups).await?;
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

async fn grids(db: &Db) -> anyhow::Result<Vec<Grid>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT g.id, g.path, v.name FROM units g JOIN units v ON v.id = g.parent_id WHERE g.level = 'grid' ORDER BY g.code",
    )
    .fetch_all(&db.pool)
    .await?;
    let staff: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT r.unit_id, u.id, u.username, r.grid_role FROM role_grants r JOIN users u ON u.id = r.user_id \
         WHERE r.role = 'grid_staff' AND r.grid_role IN ('manager', 'supervisor')",
    )
    .fetch_all(&db.pool)
    .await?;
    let find = |grid: i64, role: &str| {
        staff.iter().find(|s| s.0 == grid && s.3 == role).map(|s| (s.1, s.2.clone())).unwrap_or((0, "system".into()))
    };
    let grids: Vec<Grid> = rows
        .into_iter()
        .map(|(id, path, village)| Grid { manager: find(id, "manager"), supervisor: find(id, "supervisor"), id, path, village })
        .collect();
    anyhow::ensure!(!grids.is_empty(), "load the demo zone first");
    Ok(grids)
}

/// A title and a description in the words grid staff use.
fn story(code: &str, category: &str, a: &str, b: &str, place: &str, special: bool) -> (String, String) {
    if special {
        return (
            "宁郭村宅基地边界纠纷".into(),
            format!("{a}与{b}两户因宅基地边界发生争执，双方各执一词。村委会主任、网格调解员到场调解。"),
        );
    }
    let description = match code {
        "D01" => format!("{a}与{b}因宅基地界址发生争议，涉及院墙走向。"),
        "D02" => format!("{a}与{b}因排水、堆放杂物等生活琐事发生邻里矛盾。"),
        "D03" => format!("{a}家中因老人赡养问题与{b}发生家庭纠纷。"),
        "D04" => format!("{a}与{b}因承包地边界及流转费用发生争议。"),
        "D05" => format!("{a}等务工人员反映{b}拖欠工资。"),
        "D06" => format!("{a}对征地补偿标准有异议，与{b}协商未果。"),
        "D07" => format!("{a}与物业负责人{b}因物业服务收费发生争议。"),
        "D99" => format!("{a}与{b}发生纠纷，请求调解。"),
        _ => format!("{place}发现：{category}。"),
    };
    (format!("{place}{category}"), description)
}

fn feedback_note(fate: &str, dispute: bool, special: bool) -> &'static str {
    match (fate, dispute, special) {
        (_, _, true) => "经调解，双方各让一步，当场划定边界，签订调解协议，用时不到半小时。",
        ("resolved", true, _) => "经网格调解员调解，双方达成协议并已履行。",
        ("resolved", false, _) => "已处置完毕，现场恢复正常。",
        ("referred", _, _) => "调解不成，已告知当事人通过诉讼或仲裁途径解决。",
        _ => "经核实，不属于本单位职责，已告知相关部门。",
    }
}

async fn insert_events(tx: &mut Tx, case_id: i64, events: &[EventRow]) -> sqlx::Result<()> {
    for e in events {
        crate::cases::store::insert_event(tx, case_id, e).await?;
    }
    Ok(())
}

/// Writes the rollups counted in memory, many rows a statement.
async fn insert_rollups(tx: &mut Tx, rollups: &HashMap<(i64, String, i64), Counts>) -> sqlx::Result<()> {
    let mut keys: Vec<_> = rollups.keys().collect();
    keys.sort();
    let width = 3 + COLUMNS.len();
    for chunk in keys.chunks(200) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| format!("({})", (1..=width).map(|c| format!("${}", r * width + c)).collect::<Vec<_>>().join(", ")))
            .collect();
        let sql = format!("INSERT INTO case_rollups (unit_id, day, category_id, {}) VALUES {}", COLUMNS.join(", "), rows.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for key in chunk {
            q = q.bind(key.0).bind(key.1.clone()).bind(key.2);
            for v in rollups[*key].fields() {
                q = q.bind(v);
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The capability's demo hook: loads the cases and says what they are.
pub fn hook(db: &Db) -> crate::platform::capability::Work<'_, Vec<String>> {
    Box::pin(async move {
        let c = load(db).await?;
        Ok(vec![format!("demo cases {FROM} to {TO}: {} disputes found, {} resolved; {} incidents", c.disputes, c.resolved, c.incidents)])
    })
}

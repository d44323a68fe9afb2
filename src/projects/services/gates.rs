//! Passing a gate: on a day not in the future, after the stages before it, by a named person
//! with evidence, in the audit chain.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::input::{FieldError, required_text};
use crate::platform::service::{AppError, AppResult, check};
use crate::projects::domain::gates::{Gate, check_pass};
use crate::projects::store::gates::GateRow;
use chrono::NaiveDate;
use serde::Deserialize;

/// A gate passed, as a caller sends it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Passing {
    /// The day it was passed (`YYYY-MM-DD`), not after today.
    pub actual_on: String,
    /// Who passed it (the official who signed, the inspector).
    pub passed_by: String,
    /// The document (number and title) or photo that shows it.
    pub evidence: String,
}

/// Passes a gate of a project the actor works.
pub async fn pass(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    gate: Gate,
    input: &Passing,
) -> AppResult<()> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    crate::projects::services::access::may_work(actor, seen)?;
    let mut errors = Vec::new();
    let on =
        crate::platform::day::parse("actual_on", &input.actual_on).map_err(|e| errors.push(e)).ok();
    let passed_by =
        required_text("passed_by", &input.passed_by, 50).map_err(|e| errors.push(e)).ok();
    let evidence = required_text("evidence", &input.evidence, 200).map_err(|e| errors.push(e)).ok();
    check(errors)?;
    let (on, passed_by, evidence) =
        (on.unwrap_or_default(), passed_by.unwrap_or_default(), evidence.unwrap_or_default());
    let mut tx = db.begin().await?;
    let stored = crate::projects::store::gates::of_project_in(&mut tx, project_id).await?;
    let passed: Vec<(Gate, NaiveDate)> = stored
        .iter()
        .filter(|s| s.gate != gate.as_str())
        .filter_map(|s| Some((s.gate.parse().ok()?, s.actual_on.as_deref()?.parse().ok()?)))
        .collect();
    check_pass(&passed, gate, on, db.clock.today())
        .map_err(|e: FieldError| AppError::Invalid(vec![e]))?;
    let planned_on =
        stored.iter().find(|s| s.gate == gate.as_str()).and_then(|s| s.planned_on.clone());
    let row = GateRow {
        project_id,
        gate: gate.as_str().into(),
        planned_on,
        actual_on: Some(on.to_string()),
        passed_by,
        evidence,
        recorded_by: actor.audit_name().into(),
    };
    crate::projects::store::gates::put(&mut tx, &row).await?;
    crate::projects::store::board::refresh(&mut tx, project_id).await?;
    let detail = serde_json::json!({ "gate": row.gate, "actual_on": row.actual_on,
        "passed_by": row.passed_by, "evidence": row.evidence });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.gate", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the planned days of the gates of a project the actor works that it has not passed (a
/// schedule worked back from its deadline); those it passed keep theirs.
pub async fn plan(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    days: &[(Gate, NaiveDate)],
) -> AppResult<usize> {
    let seen = crate::projects::services::access::visible(db, actor, project_id).await?;
    crate::projects::services::access::may_work(actor, seen)?;
    let mut tx = db.begin().await?;
    let stored = crate::projects::store::gates::of_project_in(&mut tx, project_id).await?;
    let mut changed = Vec::new();
    for (gate, on) in days {
        let now = stored.iter().find(|s| s.gate == gate.as_str());
        if now.is_some_and(|s| s.actual_on.is_some()) {
            continue;
        }
        let row = GateRow {
            project_id,
            gate: gate.as_str().into(),
            planned_on: Some(on.to_string()),
            actual_on: None,
            passed_by: String::new(),
            evidence: String::new(),
            recorded_by: actor.audit_name().into(),
        };
        crate::projects::store::gates::put(&mut tx, &row).await?;
        changed.push((gate.as_str(), on.to_string()));
    }
    crate::projects::store::board::refresh(&mut tx, project_id).await?;
    let detail = serde_json::json!({ "planned": changed });
    crate::platform::audit::append(
        &mut tx,
        actor.audit("project.plan", format!("project:{project_id}"), detail),
    )
    .await?;
    tx.commit().await?;
    Ok(changed.len())
}

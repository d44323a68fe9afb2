//! People's mediation of a dispute: sessions held, the agreement reached (with the contents the
//! mediation rules require), its printable text, and the follow-up on its performance.

use crate::cases::domain::CaseState;
use crate::platform::access::actor::Actor;

use crate::platform::service::AppError;

use crate::platform::service::AppResult;

use crate::cases::store::mediation::AgreementRow;
use crate::cases::store::mediation::SessionRow;
use crate::platform::db::Db;
use crate::platform::input::FieldError;
use crate::platform::input::optional_text;
use crate::platform::input::required_text;
use crate::platform::service::check;
use chrono::NaiveDate;
use serde_json::json;

/// How long a mediation may take (人民调解: generally within 30 days of accepting it).
pub const MEDIATION_DAYS: i64 = 30;

fn date(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    crate::platform::day::parse(field, text).map_err(|e| errors.push(e)).ok()
}

/// A dispute the actor works on, open for mediation.
async fn workable_dispute(
    db: &Db,
    actor: &Actor,
    case_id: i64,
) -> AppResult<crate::cases::services::access::Workable> {
    use crate::cases::services::access::{Right, may_work, visible};
    let seen = visible(db, actor, case_id).await?;
    if seen.row().kind != crate::cases::domain::CaseKind::Dispute {
        return Err(AppError::Conflict("error.not_a_dispute"));
    }
    may_work(db, actor, seen, Right::Handle).await
}

/// What a session record holds, as entered.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// Where.
    pub place: String,
    /// What was said.
    pub summary: String,
}

/// Records a mediation session.
pub async fn add_session(
    db: &Db,
    actor: &Actor,
    case_id: i64,
    input: SessionInput,
) -> AppResult<SessionRow> {
    let work = workable_dispute(db, actor, case_id).await?;
    let case = work.row();
    if !matches!(case.state, CaseState::Registered | CaseState::Dispatched | CaseState::Handling) {
        return Err(AppError::Conflict("error.mediation_closed"));
    }
    let mut errors = Vec::new();
    let held_on = date("held_on", &input.held_on, &mut errors);
    let place = required_text("place", &input.place, 100).map_err(|e| errors.push(e)).ok();
    let summary = required_text("summary", &input.summary, 4000).map_err(|e| errors.push(e)).ok();
    check(errors)?;
    let mut row = SessionRow {
        id: 0,
        case_id,
        held_on: held_on.expect("checked").to_string(),
        place: place.expect("checked"),
        mediator: actor.display_name.clone(),
        summary: summary.expect("checked"),
    };
    let mut tx = db.begin().await?;
    row.id = crate::cases::store::mediation::insert_session(&mut tx, &row, actor.user_id()).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "mediation.session",
            format!("case:{case_id}"),
            json!({"held_on": row.held_on, "place": row.place}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// An agreement, as entered.
#[derive(Debug, Clone, Default)]
pub struct AgreementInput {
    /// Facts, matters in dispute, responsibilities.
    pub facts: String,
    /// Each side's obligations.
    pub obligations: String,
    /// How they are performed.
    pub performance: String,
    /// By when.
    pub performance_due: String,
    /// When signed.
    pub signed_on: String,
    /// Whether every party and the mediator signed.
    pub signed_by_all: bool,
    /// The mediation committee's name.
    pub committee: String,
}

/// Writes the agreement a mediation reached. It needs the parties on the case, each required
/// content, and every signature.
pub async fn save_agreement(
    db: &Db,
    actor: &Actor,
    case_id: i64,
    input: AgreementInput,
) -> AppResult<AgreementRow> {
    let work = workable_dispute(db, actor, case_id).await?;
    let case = work.row();
    if !case.is_open() {
        return Err(AppError::Conflict("error.mediation_closed"));
    }
    let parties = crate::cases::store::parties(db, case_id).await?;
    let mut errors = Vec::new();
    if parties.is_empty() {
        errors.push(FieldError::new("parties", "error.parties_required"));
    }
    let facts = required_text("facts", &input.facts, 4000).map_err(|e| errors.push(e)).ok();
    let obligations =
        required_text("obligations", &input.obligations, 4000).map_err(|e| errors.push(e)).ok();
    let performance =
        required_text("performance", &input.performance, 2000).map_err(|e| errors.push(e)).ok();
    let due = date("performance_due", &input.performance_due, &mut errors);
    let signed = date("signed_on", &input.signed_on, &mut errors);
    if let (Some(d), Some(s)) = (due, signed)
        && d < s
    {
        errors.push(FieldError::new("performance_due", "error.date_order"));
    }
    if !input.signed_by_all {
        errors.push(FieldError::new("signed_by_all", "error.signatures"));
    }
    let committee = match optional_text("committee", &input.committee, 64) {
        Ok(c) if c.is_empty() => Some("人民调解委员会".to_string()),
        c => c.map_err(|e| errors.push(e)).ok(),
    };
    check(errors)?;
    let year = signed.map(|s| s.format("%Y").to_string()).unwrap_or_default();
    let row = AgreementRow {
        case_id,
        number: format!("({year})示调字第{case_id}号"),
        facts: facts.expect("checked"),
        obligations: obligations.expect("checked"),
        performance: performance.expect("checked"),
        performance_due: due.expect("checked").to_string(),
        signed_on: signed.expect("checked").to_string(),
        signed_by_all: 1,
        mediator: actor.display_name.clone(),
        committee: committee.expect("checked"),
        performed: None,
        performance_note: String::new(),
        checked_at: None,
    };
    let mut tx = db.begin().await?;
    crate::cases::store::mediation::save_agreement(&mut tx, &row, actor.user_id()).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "mediation.agreement",
            format!("case:{case_id}"),
            json!({"number": row.number, "signed_on": row.signed_on, "performance_due": row.performance_due}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Records whether an agreement was performed (the follow-up on performance).
pub async fn check_performance(
    db: &Db,
    actor: &Actor,
    case_id: i64,
    performed: bool,
    note: &str,
) -> AppResult<AgreementRow> {
    // Performance is checked after the case closed, so only the right is asked, not the state.
    workable_dispute(db, actor, case_id).await?;
    let mut row = crate::cases::store::mediation::agreement(&db.pool, case_id)
        .await?
        .ok_or(AppError::Conflict("error.no_agreement"))?;
    let note = required_text("note", note, 2000)?;
    row.performed = Some(i64::from(performed));
    row.performance_note = note;
    row.checked_at = Some(db.clock.stamp());
    let mut tx = db.begin().await?;
    crate::cases::store::mediation::save_agreement(&mut tx, &row, actor.user_id()).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "mediation.performance",
            format!("case:{case_id}"),
            json!({"performed": performed}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// A dispute's mediation record: sessions, agreement, and the one-month clock.
#[derive(Debug, Clone)]
pub struct Mediation {
    /// Sessions in the order held.
    pub sessions: Vec<SessionRow>,
    /// The agreement, if one was reached.
    pub agreement: Option<AgreementRow>,
    /// The day the month runs out: thirty days from the first session, or from the report.
    pub clock_ends: NaiveDate,
}

/// The mediation record of a dispute the actor may see.
pub async fn of(db: &Db, actor: &Actor, case_id: i64) -> AppResult<Mediation> {
    let case = crate::cases::services::visible(db, actor, case_id).await?.into_row();
    let sessions = crate::cases::store::mediation::sessions(&db.pool, case_id).await?;
    let agreement = crate::cases::store::mediation::agreement(&db.pool, case_id).await?;
    let start = sessions
        .first()
        .and_then(|s| NaiveDate::parse_from_str(&s.held_on, "%Y-%m-%d").ok())
        .unwrap_or(case.report_day);
    Ok(Mediation {
        sessions,
        agreement,
        clock_ends: start + chrono::Duration::days(MEDIATION_DAYS),
    })
}

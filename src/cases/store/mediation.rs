//! Mediation sessions and agreements, as stored.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A mediation session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// Id.
    pub id: i64,
    /// The dispute.
    pub case_id: i64,
    /// When it was held, `YYYY-MM-DD`.
    pub held_on: String,
    /// Where.
    pub place: String,
    /// Who mediated.
    pub mediator: String,
    /// What was said and agreed.
    pub summary: String,
}

/// The columns of a session, in `SessionRow`'s order.
const SESSION_COLUMNS: &str = "id, case_id, held_on, place, mediator, summary";

/// Adds a session.
pub async fn insert_session(
    tx: &mut Tx,
    s: &SessionRow,
    mediator_id: Option<i64>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO mediation_sessions (case_id, held_on, place, mediator, mediator_id, summary, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.case_id)
    .bind(&s.held_on)
    .bind(&s.place)
    .bind(&s.mediator)
    .bind(mediator_id)
    .bind(&s.summary)
    .bind(tx.now())
    .fetch_one(&mut **tx)
    .await
}

/// A dispute's sessions, in the order held.
pub async fn sessions(pool: &AnyPool, case_id: i64) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SESSION_COLUMNS} FROM mediation_sessions WHERE case_id = $1 ORDER BY held_on, id"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await
}

/// A mediation agreement (调解协议书).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct AgreementRow {
    /// The dispute.
    pub case_id: i64,
    /// The agreement's number, `(2015)示调字第1393号`.
    pub number: String,
    /// The facts, the matters in dispute and each side's responsibility.
    pub facts: String,
    /// What each side undertakes.
    pub obligations: String,
    /// How the obligations are performed.
    pub performance: String,
    /// By when, `YYYY-MM-DD`.
    pub performance_due: String,
    /// When signed.
    pub signed_on: String,
    /// 1 when every party and the mediator signed.
    pub signed_by_all: i64,
    /// The mediator.
    pub mediator: String,
    /// The people's mediation committee.
    pub committee: String,
    /// Whether it was performed: none until followed up.
    pub performed: Option<i64>,
    /// What the follow-up found.
    pub performance_note: String,
    /// When followed up.
    pub checked_at: Option<String>,
}

const AGREEMENT_COLUMNS: &str = "case_id, number, facts, obligations, performance, performance_due, signed_on, signed_by_all, \
    mediator, committee, performed, performance_note, checked_at";

/// A dispute's agreement.
pub async fn agreement(pool: &AnyPool, case_id: i64) -> sqlx::Result<Option<AgreementRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE case_id = $1"
    )))
    .bind(case_id)
    .fetch_optional(pool)
    .await
}

/// Writes (or rewrites) a dispute's agreement.
pub async fn save_agreement(
    tx: &mut Tx,
    a: &AgreementRow,
    created_by: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM agreements WHERE case_id = $1")
        .bind(a.case_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO agreements (case_id, number, facts, obligations, performance, performance_due, signed_on, signed_by_all, \
         mediator, committee, performed, performance_note, checked_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(a.case_id)
    .bind(&a.number)
    .bind(&a.facts)
    .bind(&a.obligations)
    .bind(&a.performance)
    .bind(&a.performance_due)
    .bind(&a.signed_on)
    .bind(a.signed_by_all)
    .bind(&a.mediator)
    .bind(&a.committee)
    .bind(a.performed)
    .bind(&a.performance_note)
    .bind(a.checked_at.as_deref())
    .bind(created_by)
    .bind(tx.now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

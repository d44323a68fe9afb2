//! Mediation of disputes: sessions, the agreement, the follow-up on its performance.

use crate::cases::services::mediation::AgreementInput;
use crate::cases::services::mediation::SessionInput;
use crate::cases::services::rows::AgreementRow;
use crate::cases::services::rows::SessionRow;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A mediation session.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionJson {
    /// Id (ignored when sent).
    #[serde(default)]
    pub id: i64,
    /// When held, `YYYY-MM-DD`.
    pub held_on: String,
    /// Where.
    pub place: String,
    /// Who mediated (the caller, when sent).
    #[serde(default)]
    pub mediator: String,
    /// What was said and agreed.
    pub summary: String,
}

fn session_json(s: SessionRow) -> SessionJson {
    SessionJson {
        id: s.id,
        held_on: s.held_on,
        place: s.place,
        mediator: s.mediator,
        summary: s.summary,
    }
}

/// A mediation agreement (调解协议书).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementJson {
    /// Its number.
    pub number: String,
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
    /// The mediator.
    pub mediator: String,
    /// The mediation committee.
    pub committee: String,
    /// Whether it was performed, once followed up.
    pub performed: Option<bool>,
    /// What the follow-up found.
    pub performance_note: String,
}

fn agreement_json(a: AgreementRow) -> AgreementJson {
    AgreementJson {
        number: a.number,
        facts: a.facts,
        obligations: a.obligations,
        performance: a.performance,
        performance_due: a.performance_due,
        signed_on: a.signed_on,
        mediator: a.mediator,
        committee: a.committee,
        performed: a.performed.map(|p| p != 0),
        performance_note: a.performance_note,
    }
}

/// A dispute's mediation record.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediationJson {
    /// Sessions in the order held.
    pub sessions: Vec<SessionJson>,
    /// The agreement, if one was reached.
    pub agreement: Option<AgreementJson>,
    /// The day the one-month clock runs out.
    pub clock_ends: String,
}

/// A dispute's mediation record.
#[utoipa::path(get, path = "/cases/{id}/mediation", operation_id = "get_mediation", tag = "mediation", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The mediation record: sessions and agreement.", body = MediationJson),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MediationJson>, ApiError> {
    let m = crate::cases::services::mediation::of(&state.db, &actor, id).await?;
    Ok(Json(MediationJson {
        sessions: m.sessions.into_iter().map(session_json).collect(),
        agreement: m.agreement.map(agreement_json),
        clock_ends: m.clock_ends.to_string(),
    }))
}

/// Records a mediation session.
#[utoipa::path(post, path = "/cases/{id}/mediation/sessions", operation_id = "add_mediation_session", tag = "mediation", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    request_body = SessionJson,
    responses((status = 201, description = "The session, recorded.", body = SessionJson),
        (status = 409, description = "The case is not a dispute, or its mediation is closed.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is missing or wrong; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn add_session(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SessionJson>,
) -> Result<(StatusCode, Json<SessionJson>), ApiError> {
    let input = SessionInput { held_on: req.held_on, place: req.place, summary: req.summary };
    Ok((
        StatusCode::CREATED,
        Json(session_json(
            crate::cases::services::mediation::add_session(&state.db, &actor, id, input).await?,
        )),
    ))
}

/// An agreement as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementRequest {
    /// Facts, matters in dispute, responsibilities.
    pub facts: String,
    /// Each side's obligations.
    pub obligations: String,
    /// How they are performed.
    pub performance: String,
    /// By when, `YYYY-MM-DD`.
    pub performance_due: String,
    /// When signed, `YYYY-MM-DD`.
    pub signed_on: String,
    /// Every party and the mediator signed.
    pub signed_by_all: bool,
    /// The mediation committee (default 人民调解委员会).
    #[serde(default)]
    pub committee: String,
}

/// Writes the agreement a mediation reached.
#[utoipa::path(put, path = "/cases/{id}/mediation/agreement", operation_id = "save_mediation_agreement", tag = "mediation", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    request_body = AgreementRequest,
    responses((status = 200, description = "The agreement, saved.", body = AgreementJson),
        (status = 409, description = "The case is not a dispute, or its mediation is closed.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is missing or wrong; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn save_agreement(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AgreementRequest>,
) -> Result<Json<AgreementJson>, ApiError> {
    let input = AgreementInput {
        facts: req.facts,
        obligations: req.obligations,
        performance: req.performance,
        performance_due: req.performance_due,
        signed_on: req.signed_on,
        signed_by_all: req.signed_by_all,
        committee: req.committee,
    };
    Ok(Json(agreement_json(
        crate::cases::services::mediation::save_agreement(&state.db, &actor, id, input).await?,
    )))
}

/// The follow-up on an agreement's performance.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerformanceRequest {
    /// Whether the agreement was performed.
    pub performed: bool,
    /// What the follow-up found.
    pub note: String,
}

/// Records whether the agreement was performed.
#[utoipa::path(post, path = "/cases/{id}/mediation/performance", operation_id = "record_mediation_performance", tag = "mediation", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    request_body = PerformanceRequest,
    responses((status = 200, description = "The agreement, with its performance.", body = AgreementJson),
        (status = 409, description = "The case is not a dispute, or it has no agreement yet.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is missing or wrong; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn performance(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PerformanceRequest>,
) -> Result<Json<AgreementJson>, ApiError> {
    Ok(Json(agreement_json(
        crate::cases::services::mediation::check_performance(
            &state.db,
            &actor,
            id,
            req.performed,
            &req.note,
        )
        .await?,
    )))
}

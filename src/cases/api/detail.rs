//! `GET /cases/{id}`: one case with its history, its parties and what may be done next.

use crate::cases::api::case_json::{CaseJson, case_json};
use crate::cases::services::rows::Event;
use crate::cases::services::rows::PartyRow;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An event of a case's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventJson {
    /// Position, from 1.
    pub seq: i64,
    /// `report`, `overdue`, or an action.
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why, or what was done.
    pub note: String,
    /// Details.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A party as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyJson {
    /// Role.
    pub role: String,
    /// Name.
    pub name: String,
    /// ID number, masked unless `reveal=true` was asked (and audited).
    pub id_number: Option<String>,
    /// Phone.
    pub phone: String,
}

/// A case with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    /// The case.
    pub case: CaseJson,
    /// Its history, oldest first.
    pub events: Vec<EventJson>,
    /// Its parties.
    pub parties: Vec<PartyJson>,
    /// Actions allowed from its state.
    pub allowed_actions: Vec<String>,
    /// The department the catalogue makes responsible for its category, if the zone has it:
    /// a `dispatch` naming neither unit nor department goes there.
    pub responsible_department: Option<crate::cases::services::rows::DepartmentRow>,
}

fn event_json(e: Event) -> EventJson {
    EventJson {
        seq: e.seq,
        action: e.action,
        from_state: e.from_state.map(|s| s.as_str().into()),
        to_state: e.to_state.as_str().into(),
        actor: e.actor_name,
        at: e.at.stored(),
        note: e.note,
        data: e.data,
    }
}

fn party_json(p: PartyRow) -> PartyJson {
    PartyJson { role: p.role, name: p.name, id_number: p.id_number, phone: p.phone }
}

/// Whether to show full ID numbers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevealQuery {
    /// `true` to see the parties' full ID numbers (audited; for those who work the case).
    pub reveal: Option<bool>,
}

/// One case with its history and parties.
#[utoipa::path(get, path = "/cases/{id}", operation_id = "get_case", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id"), RevealQuery),
    responses((status = 200, description = "The case, its history and its parties.", body = CaseDetail),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<RevealQuery>,
) -> Result<Json<CaseDetail>, ApiError> {
    let view =
        crate::cases::services::get(&state.db, &actor, id, q.reveal.unwrap_or(false)).await?;
    Ok(Json(CaseDetail {
        case: case_json(view.case),
        events: view.events.into_iter().map(event_json).collect(),
        parties: view.parties.into_iter().map(party_json).collect(),
        allowed_actions: view.allowed.iter().map(|a| a.as_str().to_string()).collect(),
        responsible_department: view.responsible_department,
    }))
}

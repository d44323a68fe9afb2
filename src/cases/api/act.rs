//! `POST /cases/{id}/actions`: one step of the workflow on a case.

use crate::cases::api::case_json::{CaseJson, case_json};
use crate::cases::services::ActionInput;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

/// An action on a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// `register`, `refuse`, `dispatch`, `object`, `accept`, `escalate`, `feedback`, `verify`, `rework`,
    /// `defer`, `withdraw`, `merge`, `follow_up`, `reopen`.
    pub action: String,
    /// Why, or what was done (required for refuse, object, escalate, feedback, rework, defer, withdraw).
    #[serde(default)]
    pub note: String,
    /// dispatch: the unit to handle it.
    pub unit_id: Option<i64>,
    /// dispatch: the department to handle it. With neither, the category's responsible department.
    pub department_id: Option<i64>,
    /// feedback: `resolved`, `referred` or `not_ours`.
    pub outcome: Option<String>,
    /// defer: working days more, 1–60.
    pub days: Option<i64>,
    /// follow_up: 1–5.
    pub satisfaction: Option<i64>,
    /// merge: the case this one duplicates.
    pub into: Option<i64>,
}

/// Does an action to a case. From a state where it is not allowed: 409 naming the allowed ones.
#[utoipa::path(post, path = "/cases/{id}/actions", operation_id = "act_on_case", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    request_body = ActionRequest,
    responses((status = 200, description = "The case after the action.", body = CaseJson),
        (status = 403, description = "The caller may see the case but not do this to it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "Not allowed from the case's state (the allowed actions are named), or the case changed meanwhile.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "An unknown action, or a field it needs is missing or wrong.", body = crate::platform::web::api::ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ActionRequest>,
) -> Result<Json<CaseJson>, ApiError> {
    let input = ActionInput {
        action: req.action,
        note: req.note,
        unit_id: req.unit_id,
        department_id: req.department_id,
        outcome: req.outcome,
        days: req.days,
        satisfaction: req.satisfaction,
        into: req.into,
        at: None,
    };
    Ok(Json(case_json(crate::cases::services::act(&state.db, &actor, id, input).await?)))
}

//! `POST /cases/{id}/act`: an action from the case page; a refusal shows the page again with
//! why and the note as typed.

use crate::cases::pages::Refused;
use crate::cases::pages::render;
use crate::cases::services::ActionInput;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::Errors;
use crate::platform::web::session::SessionForm;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// An action posted from the case page.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    into: String,
}

/// `POST /cases/{id}/act`.
pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<ActionForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input = ActionInput {
        action: form.action.clone(),
        note: form.note.clone(),
        unit_id: form.unit_id.parse().ok().filter(|_| form.department_id.is_empty()),
        department_id: form.department_id.parse().ok(),
        outcome: Some(form.outcome.clone()).filter(|o| !o.is_empty()),
        days: form.days.parse().ok(),
        satisfaction: form.satisfaction.parse().ok(),
        into: form.into.parse().ok(),
        at: None,
    };
    let lang = who.lang;
    let failed = |message: String, errors: Errors| async {
        let refused =
            Refused { error: Some(message), errors, note: form.note.clone(), ..Default::default() };
        let mut res = render(&state, &who, Ctx::of(&who), id, false, refused).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        Ok::<Response, PageError>(res)
    };
    match crate::cases::services::act(&state.db, &who.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            failed(lang.t("error.invalid").into_owned(), Errors::from_fields(lang, &fields)).await
        }
        Err(AppError::NotAllowed { state: s, allowed }) => {
            let allowed: Vec<String> =
                allowed.iter().map(|a| lang.t(&format!("action.case.{a}")).into_owned()).collect();
            let msg = lang.t_args(
                "error.not_allowed",
                &[("state", format!("@state.{s}")), ("allowed", allowed.join("、"))],
            );
            failed(msg, Errors::default()).await
        }
        Err(AppError::Conflict(key)) => failed(lang.t(key).into_owned(), Errors::default()).await,
        Err(e) => Err(e.into()),
    }
}

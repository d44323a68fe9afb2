//! `POST /projects/{id}/cancel`: the project page's form that cancels a project, its errors
//! shown on the page again.

use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::session::SessionForm;
use crate::projects::pages::project::{Refusal, settled};
use crate::projects::services::cancel::Cancelling;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    reason: String,
}

/// `POST /projects/{id}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<CancelForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let c = Cancelling { on: form.on, reason: form.reason };
    let done = crate::projects::services::cancel::cancel(&state.db, &who.actor, id, &c).await;
    settled(&state, &who, id, (Refusal { form: "cancel".into(), ..Refusal::default() }, ""), done)
        .await
}

//! `GET/POST /cases/new`: staff report a case from the form, which comes back as typed when
//! refused.

use crate::cases::pages::catalogue_of;
use crate::cases::pages::category_name;
use crate::cases::services::PartyInput;
use crate::cases::services::ReportInput;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::Errors;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "cases/templates/case_new.html")]
struct NewCasePage {
    ctx: Ctx,
    categories: Vec<(String, String, String)>,
    units: Vec<(i64, String)>,
    form: ReportForm,
    errors: Errors,
}

/// The report form.
#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    party1_name: String,
    #[serde(default)]
    party1_id: String,
    #[serde(default)]
    party1_phone: String,
    #[serde(default)]
    party2_name: String,
    #[serde(default)]
    party2_id: String,
    #[serde(default)]
    party2_phone: String,
}

async fn new_page(
    state: &AppState,
    who: &PageActor,
    form: ReportForm,
    errors: Errors,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who);
    let all = catalogue_of(state, who).await?;
    let categories = all
        .iter()
        .filter(|c| crate::cases::services::catalogue::is_leaf(&c.code, &all))
        .map(|c| {
            let group = all.iter().find(|p| {
                p.code.len() < c.code.len() && c.code.starts_with(&p.code) && p.code.len() == 1
            });
            let group = group.map(|g| category_name(&ctx, &all, &g.code)).unwrap_or_default();
            (
                c.code.clone(),
                format!("{} · {}", group, category_name(&ctx, &all, &c.code)),
                c.kind.clone(),
            )
        })
        .collect();
    let units = crate::platform::hierarchy::services::top(&state.db, &who.actor)
        .await?
        .into_iter()
        .map(|u| (u.id(), u.row().name.clone()))
        .collect();
    Ok(page(NewCasePage { ctx, categories, units, form, errors }))
}

/// `GET /cases/new`.
pub async fn new(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    new_page(&state, &who, ReportForm::default(), Errors::default()).await
}

/// `POST /cases/new`: reports, then opens the case; a refusal shows the form again as typed.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<ReportForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let party = |name: &str, id: &str, phone: &str, role: &str| {
        (!name.trim().is_empty() || !id.trim().is_empty()).then(|| PartyInput {
            role: role.into(),
            name: name.into(),
            id_number: Some(id.to_string()).filter(|s| !s.trim().is_empty()),
            phone: phone.into(),
            address: String::new(),
        })
    };
    let parties: Vec<PartyInput> = [
        party(&form.party1_name, &form.party1_id, &form.party1_phone, "applicant"),
        party(&form.party2_name, &form.party2_id, &form.party2_phone, "respondent"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let input = ReportInput {
        category: form.category.clone(),
        unit_id: form.unit_id.parse().ok(),
        point: None,
        title: String::new(),
        description: form.description.clone(),
        address: form.address.clone(),
        source: "grid".into(),
        reporter_name: who.actor.display_name.clone(),
        reporter_phone: String::new(),
        parties,
        reported_at: None,
    };
    match crate::cases::api::intake(&state).report(&state.db, &who.actor, input).await {
        Ok(row) => Ok(Redirect::to(&format!("/cases/{}?done=created", row.id)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            let mut res = new_page(&state, &who, form, errors).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

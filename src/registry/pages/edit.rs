//! Adding and changing a person on a form, each field's error beside it and what was typed kept.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::registry::domain::codes;
use crate::registry::domain::person::PersonInput;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The form as posted (with its CSRF token, which [`SessionForm`] checked).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    name: String,
    former_name: String,
    id_number: String,
    ethnicity: String,
    marital: String,
    education: String,
    political: String,
    occupation: String,
    workplace: String,
    phone: String,
    registered_address: String,
    grid: String,
    address: String,
    household: String,
    place: String,
    relation: String,
    kind: String,
}

impl From<PersonForm> for PersonInput {
    fn from(f: PersonForm) -> PersonInput {
        PersonInput {
            name: f.name,
            former_name: f.former_name,
            id_number: f.id_number,
            ethnicity: f.ethnicity,
            marital: f.marital,
            education: f.education,
            political: f.political,
            occupation: f.occupation,
            workplace: f.workplace,
            phone: f.phone,
            registered_address: f.registered_address,
            grid: f.grid,
            address: f.address,
            household: f.household,
            place: f.place,
            relation: f.relation,
            kind: f.kind,
            ..PersonInput::default()
        }
    }
}

/// A code list as the form's select offers it: (code, name).
type Options = Vec<(String, String)>;

#[derive(Template)]
#[template(path = "registry/templates/person_form.html")]
struct FormPage {
    ctx: Ctx,
    /// The person edited, or none for a new one.
    id: Option<i64>,
    f: PersonInput,
    errors: Errors,
    /// The masked phone shown beside an edit's empty phone field.
    phone_now: String,
    ethnicity: Options,
    marital: Options,
    education: Options,
    political: Options,
    relation: Options,
}

fn options(list: &codes::CodeList) -> Options {
    list.entries().iter().map(|e| (e.code.clone(), e.name.clone())).collect()
}

fn form_page(
    ctx: Ctx,
    id: Option<i64>,
    f: PersonInput,
    errors: Errors,
    phone_now: String,
) -> Response {
    page(FormPage {
        ctx,
        id,
        f,
        errors,
        phone_now,
        ethnicity: options(&codes::ETHNICITY),
        marital: options(&codes::MARITAL),
        education: options(&codes::EDUCATION),
        political: options(&codes::POLITICAL),
        relation: options(&codes::RELATION),
    })
}

fn refused(mut res: Response) -> Response {
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    res
}

/// `GET /registry/people/new`.
pub async fn new(who: PageActor) -> Response {
    form_page(Ctx::of(&who), None, PersonInput::default(), Errors::default(), String::new())
}

/// `POST /registry/people/new`.
pub async fn create(
    State(state): State<AppState>,
    posted: SessionForm<PersonForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input: PersonInput = form.into();
    match crate::registry::services::people::save(&state.db, &who.actor, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/registry/people/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            Ok(refused(form_page(Ctx::of(&who), None, input, errors, String::new())))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /registry/people/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let f = crate::registry::services::people::as_input(&state.db, &who.actor, id).await?;
    if !crate::registry::services::people::may_reveal(&state.db, &who.actor, id).await? {
        return Err(AppError::Forbidden.into());
    }
    let phone = crate::registry::services::people::view(&state.db, &who.actor, id).await?.phone;
    Ok(form_page(Ctx::of(&who), Some(id), f, Errors::default(), phone))
}

/// `POST /registry/people/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<PersonForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input: PersonInput = form.into();
    match crate::registry::services::people::edit(&state.db, &who.actor, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/registry/people/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            Ok(refused(form_page(Ctx::of(&who), Some(id), input, errors, String::new())))
        }
        Err(e) => Err(e.into()),
    }
}

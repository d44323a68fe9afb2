//! `GET /people`, `POST /people`, `GET /people/{id}`, `POST /people/{id}/reveal`.

use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::registry::domain::person::PersonInput;
use crate::registry::services::people::{ListInput, Person, Revealed};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Which people to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// A unit: the people of its subtree (default: the caller's first).
    pub unit: Option<i64>,
    /// A name or its start, an ID number, or a phone.
    pub q: Option<String>,
    /// `resident` or `floating`.
    pub kind: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// The people of a unit's subtree, masked: names `张*`, ID numbers `4108**********123X`, phones
/// `138****5678`.
#[utoipa::path(get, path = "/people", operation_id = "list_people", tag = "registry", security(("bearer" = [])), params(PeopleQuery),
    responses((status = 200, description = "A page of the people, masked.", body = Paged<Person>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Json<Paged<Person>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let input = ListInput { unit_id: q.unit, q: q.q, kind: q.kind, ..ListInput::default() };
    let page = crate::registry::services::people::list(&state.db, &actor, input, paging).await?;
    Ok(Json(Paged::of(page, |p| p)))
}

/// One person: the name whole, the ID number and phone masked. The look is audited.
#[utoipa::path(get, path = "/people/{id}", operation_id = "get_person", tag = "registry", security(("bearer" = [])), params(("id" = i64, Path, description = "Person id")),
    responses((status = 200, description = "The person.", body = Person),
        (status = 404, description = "No such person, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Person>, ApiError> {
    Ok(Json(crate::registry::services::people::view(&state.db, &actor, id).await?))
}

/// Adds a person, or changes the one with this ID number; the grid by its code.
#[utoipa::path(post, path = "/people", operation_id = "save_person", tag = "registry", security(("bearer" = [])),
    request_body = PersonInput,
    responses((status = 201, description = "The person as now stored.", body = Person),
        (status = 403, description = "The caller reads this registry but does not keep it.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is wrong; each error names it.", body = crate::platform::web::api::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<(StatusCode, Json<Person>), ApiError> {
    let id = crate::registry::services::people::save(&state.db, &actor, &input).await?;
    let person = crate::registry::services::people::view(&state.db, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(person)))
}

/// Why the full values are needed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// The purpose, kept in the audit chain (up to 200 characters).
    pub purpose: String,
}

/// A person's ID number and phone in full, for one who keeps their grid's registry; the reveal
/// and its purpose go into the audit chain and onto the person's page.
#[utoipa::path(post, path = "/people/{id}/reveal", operation_id = "reveal_person", tag = "registry", security(("bearer" = [])), params(("id" = i64, Path, description = "Person id")),
    request_body = RevealRequest,
    responses((status = 200, description = "The full values.", body = Revealed),
        (status = 403, description = "The caller's role does not reveal.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such person, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No purpose given.", body = crate::platform::web::api::ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RevealRequest>,
) -> Result<Json<Revealed>, ApiError> {
    Ok(Json(crate::registry::services::people::reveal(&state.db, &actor, id, &body.purpose).await?))
}

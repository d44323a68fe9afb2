//! The record kinds over `/api/v1` (registry/domain/kinds.rs): for each, `GET /{kind}` a page
//! of a unit's records, masked; `POST /{kind}` adds or changes one (by its key); `GET
//! /{kind}/{id}`; `POST /{kind}/{id}/reveal`. Their schemas are written from the kind's
//! description, so the document says exactly what the kind holds.

use crate::platform::input::FieldError;
use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::{ApiError, ApiJson, ApiQuery};
use crate::platform::web::session::ApiActor;
use crate::registry::domain::records::{Kind, Ty};
use crate::registry::services::records::ListInput;
use axum::Json;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use utoipa::IntoParams;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, schema::SchemaType};

/// Which records to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// A unit: the records of its subtree (default: the caller's first).
    pub unit: Option<i64>,
    /// A name or number's start, or an ID number or phone.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

fn typed(t: Type, nullable: bool) -> ObjectBuilder {
    let ty = if nullable { SchemaType::from_iter([t, Type::Null]) } else { SchemaType::new(t) };
    ObjectBuilder::new().schema_type(ty)
}

/// A kind's schema: what the API takes (every value text, as a sheet's cells) or gives.
pub fn schema(kind: &Kind, input: bool) -> RefOr<Schema> {
    let mut o = ObjectBuilder::new().schema_type(SchemaType::new(Type::Object));
    if !input {
        for key in ["id", "unit_id"] {
            o = o.property(key, typed(Type::Integer, false)).required(key);
        }
    }
    for f in kind.fields {
        let about = format!("{} ({})", f.heading, f.key);
        if matches!(f.ty, Ty::Person) {
            o = o.property(
                "person_id",
                typed(Type::Integer, !input)
                    .description(Some("The person's id (instead of the ID number, in a request).")),
            );
            if !input {
                o = o.required("person_id");
            }
        }
        let out = match f.ty {
            _ if input => typed(Type::String, false),
            Ty::Count => typed(Type::Integer, true),
            Ty::Area | Ty::Lon | Ty::Lat => typed(Type::Number, true),
            Ty::Flag => typed(Type::Boolean, false),
            _ => typed(Type::String, false),
        };
        o = o.property(f.key, out.description(Some(about)));
        if !input || (f.required && !matches!(f.ty, Ty::Person)) {
            o = o.required(f.key);
        }
    }
    if input {
        o = o.additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(
            false,
        )));
    }
    RefOr::T(Schema::Object(o.build()))
}

/// A request's values as the texts a sheet would hold; a key the kind does not have is refused.
fn texts(kind: &Kind, body: Map<String, Value>) -> Result<HashMap<String, String>, ApiError> {
    let mut out = HashMap::new();
    let mut errors = Vec::new();
    for (key, value) in body {
        if kind.field(&key).is_none() && !(key == "person_id" && kind.of_person()) {
            errors.push(FieldError::new(key, "error.field_unknown"));
            continue;
        }
        if key == "person_id" && !value.is_i64() && !value.is_null() {
            errors.push(FieldError::new(key, "error.number"));
            continue;
        }
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if b { "1" } else { "0" }.to_string(),
            Value::Null => String::new(),
            _ => {
                errors.push(FieldError::new(key, "error.value_type"));
                continue;
            }
        };
        out.insert(key, text);
    }
    if errors.is_empty() { Ok(out) } else { Err(ApiError(AppError::Invalid(errors))) }
}

/// `GET /{kind}`.
pub async fn list(
    state: &AppState,
    actor: &crate::platform::access::actor::Actor,
    kind: &'static Kind,
    q: RecordQuery,
) -> Result<Json<Paged<Value>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let input = ListInput { unit_id: q.unit, q: q.q, ..ListInput::default() };
    let page =
        crate::registry::services::records::list(&state.db, actor, kind, input, paging).await?;
    Ok(Json(Paged::of(page, |r| r.json(kind))))
}

/// `POST /{kind}`.
pub async fn save(
    state: &AppState,
    actor: &crate::platform::access::actor::Actor,
    kind: &'static Kind,
    body: Map<String, Value>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let fields = texts(kind, body)?;
    let id = crate::registry::services::record_import::save(&state.db, actor, kind, None, fields)
        .await?;
    let record = crate::registry::services::records::view(&state.db, actor, kind, id).await?;
    Ok((StatusCode::CREATED, Json(record.json(kind))))
}

/// `GET /{kind}/{id}`.
pub async fn get(
    state: &AppState,
    actor: &crate::platform::access::actor::Actor,
    kind: &'static Kind,
    id: i64,
) -> Result<Json<Value>, ApiError> {
    let record = crate::registry::services::records::view(&state.db, actor, kind, id).await?;
    Ok(Json(record.json(kind)))
}

/// `POST /{kind}/{id}/reveal`.
pub async fn reveal(
    state: &AppState,
    actor: &crate::platform::access::actor::Actor,
    kind: &'static Kind,
    id: i64,
    purpose: &str,
) -> Result<Json<Value>, ApiError> {
    let record =
        crate::registry::services::records::reveal(&state.db, actor, kind, id, purpose).await?;
    Ok(Json(record.json(kind)))
}

/// The four routes of a kind, documented: `kind_api!(module, KIND, "/path", "/path/{id}",
/// "/path/{id}/reveal", Input, Output)`.
macro_rules! kind_api {
    ($module:ident, $kind:path, $path:literal, $one:literal, $reveal:literal, $in:ident, $out:ident) => {
        #[doc = concat!("The API of `", $path, "`.")]
        pub mod $module {
            use super::*;
            use axum::extract::{Path, State};

            #[doc = concat!("A request's body at `", $path, "`: the fields as text.")]
            pub struct $in;
            impl utoipa::PartialSchema for $in {
                fn schema() -> RefOr<Schema> {
                    schema(&$kind, true)
                }
            }
            impl utoipa::ToSchema for $in {}

            #[doc = concat!("A record of `", $path, "`, masked.")]
            pub struct $out;
            impl utoipa::PartialSchema for $out {
                fn schema() -> RefOr<Schema> {
                    schema(&$kind, false)
                }
            }
            impl utoipa::ToSchema for $out {}

            /// A page of a unit's records, masked.
            #[utoipa::path(get, path = $path, operation_id = concat!("list_", stringify!($module)), tag = "registry", security(("bearer" = [])), params(RecordQuery),
                responses((status = 200, description = "A page of the records, masked.", body = Paged<$out>),
                    (status = 403, description = "A special population the caller does not read.", body = crate::platform::web::api::ErrorBody),
                    (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
                    (status = 422, description = "A paging value is out of range.", body = crate::platform::web::api::ErrorBody)))]
            pub async fn list(State(state): State<AppState>, ApiActor(actor): ApiActor, ApiQuery(q): ApiQuery<RecordQuery>) -> Result<Json<Paged<Value>>, ApiError> {
                super::list(&state, &actor, &$kind, q).await
            }

            /// Adds a record, or changes the one with its key; the grid by its code, a person
            /// by ID number or `person_id`.
            #[utoipa::path(post, path = $path, operation_id = concat!("save_", stringify!($module)), tag = "registry", security(("bearer" = [])), request_body = $in,
                responses((status = 201, description = "The record as now stored, masked.", body = $out),
                    (status = 403, description = "The caller does not keep this registry.", body = crate::platform::web::api::ErrorBody),
                    (status = 422, description = "A field is wrong; each error names it.", body = crate::platform::web::api::ErrorBody)))]
            pub async fn save(State(state): State<AppState>, ApiActor(actor): ApiActor, ApiJson(body): ApiJson<Map<String, Value>>) -> Result<(StatusCode, Json<Value>), ApiError> {
                super::save(&state, &actor, &$kind, body).await
            }

            /// One record, masked; a look at a person's record is audited.
            #[utoipa::path(get, path = $one, operation_id = concat!("get_", stringify!($module)), tag = "registry", security(("bearer" = [])), params(("id" = i64, Path, description = "Record id")),
                responses((status = 200, description = "The record.", body = $out),
                    (status = 404, description = "No such record, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
            pub async fn get(State(state): State<AppState>, ApiActor(actor): ApiActor, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
                super::get(&state, &actor, &$kind, id).await
            }

            /// One record with its sealed values whole, for one who writes it; audited with its purpose.
            #[utoipa::path(post, path = $reveal, operation_id = concat!("reveal_", stringify!($module)), tag = "registry", security(("bearer" = [])), params(("id" = i64, Path, description = "Record id")),
                request_body = crate::registry::api::people::RevealRequest,
                responses((status = 200, description = "The record, its sealed values whole.", body = $out),
                    (status = 403, description = "The caller does not write this record.", body = crate::platform::web::api::ErrorBody),
                    (status = 404, description = "No such record, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
                    (status = 422, description = "No purpose given.", body = crate::platform::web::api::ErrorBody)))]
            pub async fn reveal(State(state): State<AppState>, ApiActor(actor): ApiActor, Path(id): Path<i64>, ApiJson(body): ApiJson<crate::registry::api::people::RevealRequest>) -> Result<Json<Value>, ApiError> {
                super::reveal(&state, &actor, &$kind, id, &body.purpose).await
            }
        }
    };
}

use crate::registry::domain::kinds;
kind_api!(
    places,
    kinds::PLACES,
    "/places",
    "/places/{id}",
    "/places/{id}/reveal",
    PlaceInput,
    Place
);
kind_api!(
    facilities,
    kinds::FACILITIES,
    "/facilities",
    "/facilities/{id}",
    "/facilities/{id}/reveal",
    FacilityInput,
    Facility
);
kind_api!(
    organisations,
    kinds::ORGANISATIONS,
    "/organisations",
    "/organisations/{id}",
    "/organisations/{id}/reveal",
    OrganisationInput,
    Organisation
);
kind_api!(
    floating,
    kinds::FLOATING,
    "/floating",
    "/floating/{id}",
    "/floating/{id}/reveal",
    FloatingInput,
    Floating
);
kind_api!(
    left_behind,
    kinds::LEFT_BEHIND,
    "/left_behind",
    "/left_behind/{id}",
    "/left_behind/{id}/reveal",
    LeftBehindInput,
    LeftBehind
);
kind_api!(
    released,
    kinds::RELEASED,
    "/released",
    "/released/{id}",
    "/released/{id}/reveal",
    ReleasedInput,
    Released
);
kind_api!(
    correction,
    kinds::CORRECTION,
    "/correction",
    "/correction/{id}",
    "/correction/{id}/reveal",
    CorrectionInput,
    Correction
);
kind_api!(
    mental,
    kinds::MENTAL,
    "/mental",
    "/mental/{id}",
    "/mental/{id}/reveal",
    MentalInput,
    Mental
);
kind_api!(drug, kinds::DRUG, "/drug", "/drug/{id}", "/drug/{id}/reveal", DrugInput, Drug);
kind_api!(youth, kinds::YOUTH, "/youth", "/youth/{id}", "/youth/{id}/reveal", YouthInput, Youth);

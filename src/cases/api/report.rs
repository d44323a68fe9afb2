//! `POST /cases`: a staff member or a program reports an incident or a dispute.

use crate::cases::api::case_json::{CaseJson, case_json};
use crate::cases::services::PartyInput;
use crate::cases::services::ReportInput;
use crate::platform::input::FieldError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// A party to a dispute.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyRequest {
    /// `applicant` (default), `respondent` or `other`.
    #[serde(default)]
    pub role: String,
    /// Name.
    pub name: String,
    /// Resident ID number (GB 11643), checked; shown masked afterwards.
    pub id_number: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Address.
    #[serde(default)]
    pub address: String,
}

/// A report of an incident or dispute.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// Category code from `GET /api/v1/categories` (a leaf).
    pub category: String,
    /// The grid it happened in; or give `lon` and `lat`.
    pub unit_id: Option<i64>,
    /// Longitude of where it happened.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Short title (the category's name if empty).
    #[serde(default)]
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address in words.
    #[serde(default)]
    pub address: String,
    /// `grid` or `api` (default); `public` and `hotline` are their channels' own.
    #[serde(default)]
    pub source: crate::cases::domain::source::StaffSource,
    /// Reporter's name.
    #[serde(default)]
    pub reporter_name: String,
    /// Reporter's phone.
    #[serde(default)]
    pub reporter_phone: String,
    /// Parties, required for a dispute.
    #[serde(default)]
    pub parties: Vec<PartyRequest>,
}

/// Reports an incident or dispute; it starts as `reported`.
#[utoipa::path(post, path = "/cases", operation_id = "report_case", tag = "cases", security(("bearer" = [])), request_body = ReportRequest,
    responses((status = 201, description = "The case, reported.", body = CaseJson),
        (status = 422, description = "A field is missing or wrong; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<ReportRequest>,
) -> Result<(StatusCode, Json<CaseJson>), ApiError> {
    let point = match (req.lon, req.lat) {
        (Some(lon), Some(lat)) => Some(
            crate::platform::geo::Point::checked(lon, lat)
                .ok_or_else(|| FieldError::new("point", "error.point_outside"))?,
        ),
        (None, None) => None,
        _ => return Err(FieldError::new("lat", "error.point_pair").into()),
    };
    let input = ReportInput {
        category: req.category,
        unit_id: req.unit_id,
        point,
        title: req.title,
        description: req.description,
        address: req.address,
        source: req.source.as_str().into(),
        reporter_name: req.reporter_name,
        reporter_phone: req.reporter_phone,
        parties: req
            .parties
            .into_iter()
            .map(|p| PartyInput {
                role: p.role,
                name: p.name,
                id_number: p.id_number,
                phone: p.phone,
                address: p.address,
            })
            .collect(),
        reported_at: None,
    };
    let row = crate::cases::api::intake(&state).report(&state.db, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(case_json(row))))
}

//! The hierarchy: zone, townships, villages, grids.

use crate::platform::hierarchy::services::{DepartmentRow, UnitRow};
use crate::platform::hierarchy::unit::Level;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiJson;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// How many children, grids and staff a unit has.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitCounts {
    /// Direct children.
    pub children: i64,
    /// Grids in the subtree (a grid counts itself).
    pub grids: i64,
    /// People holding a role in the subtree.
    pub staff: i64,
}

/// A unit of the hierarchy.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `zone`, `township`, `village` or `grid`.
    pub level: Level,
    /// 12-digit division code (15 for a grid).
    pub code: String,
    /// Parent unit, none for a zone.
    pub parent_id: Option<i64>,
    /// `/1/3/17/`: the ids from the zone down.
    pub path: String,
    /// Counts.
    pub counts: UnitCounts,
    /// GeoJSON geometry of the boundary, when there is one.
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

fn unit_json(row: UnitRow, with_boundary: bool) -> UnitJson {
    UnitJson {
        id: row.id,
        level: row.level.parse().unwrap_or(Level::Grid),
        name: row.name,
        code: row.code,
        parent_id: row.parent_id,
        path: row.path,
        counts: UnitCounts { children: row.children, grids: row.grids, staff: row.staff },
        boundary: if with_boundary {
            row.boundary.and_then(|b| serde_json::from_str(&b).ok())
        } else {
            None
        },
    }
}

/// Which units to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// List this unit's children; without it, the tops of the caller's subtrees.
    pub parent: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// The units the caller may see at the top, or the children of one of them.
#[utoipa::path(get, path = "/units", tag = "units", security(("bearer" = [])), params(UnitsQuery),
    responses((status = 200, description = "A page of the units.", body = Paged<UnitJson>),
        (status = 404, description = "No such parent, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list_units(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<UnitsQuery>,
) -> Result<Json<Paged<UnitJson>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let page = match q.parent {
        Some(parent) => {
            crate::platform::hierarchy::services::children(&state.db, &actor, parent, paging)
                .await?
        }
        None => {
            let top: Vec<UnitRow> = crate::platform::hierarchy::services::top(&state.db, &actor)
                .await?
                .into_iter()
                .map(|u| u.into_row())
                .collect();
            let total = top.len() as i64;
            let items = top
                .into_iter()
                .skip(paging.offset() as usize)
                .take(paging.page_size as usize)
                .collect();
            crate::platform::service::Page { items, total, paging }
        }
    };
    Ok(Json(Paged::of(page, |row| unit_json(row, false))))
}

/// One unit with its counts and boundary. Outside the caller's subtrees: 404, as if it did not exist.
#[utoipa::path(get, path = "/units/{id}", tag = "units", security(("bearer" = [])), params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, description = "The unit, its counts and boundary.", body = UnitJson),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<UnitJson>, ApiError> {
    let unit = actor.unit(&state.db, id).await?;
    Ok(Json(unit_json(unit.into_row(), true)))
}

/// A new unit under a parent; its level is the one below the parent's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitRequest {
    /// Parent unit.
    pub parent_id: i64,
    /// Name.
    pub name: String,
    /// Division code: 12 digits that begin with the parent's (15 for a grid).
    pub code: String,
    /// GeoJSON Polygon or MultiPolygon.
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

/// Creates a unit (admins of the parent).
#[utoipa::path(post, path = "/units", tag = "units", security(("bearer" = [])), request_body = NewUnitRequest,
    responses((status = 201, description = "The unit, created.", body = UnitJson),
        (status = 403, description = "The caller is not an admin of the parent.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is missing or wrong (code, boundary …); each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn create_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<NewUnitRequest>,
) -> Result<(StatusCode, Json<UnitJson>), ApiError> {
    let input = crate::platform::hierarchy::services::UnitInput {
        parent_id: req.parent_id,
        name: req.name,
        code: req.code,
        boundary: req.boundary.map(|b| b.to_string()),
    };
    let row = crate::platform::hierarchy::services::create(&state.db, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(unit_json(row, true))))
}

/// Changes to a unit; absent fields stay as they are, `"boundary": null` removes the boundary.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatchRequest {
    /// New name.
    pub name: Option<String>,
    /// New code.
    pub code: Option<String>,
    /// New GeoJSON boundary, or null to remove it.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<Option<serde_json::Value>>,
}

/// Tells an absent field (`None`) from an explicit null (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<serde_json::Value>>, D::Error> {
        Option::<serde_json::Value>::deserialize(d).map(Some)
    }
}

/// Renames, re-codes or re-draws a unit (admins of the unit).
#[utoipa::path(patch, path = "/units/{id}", tag = "units", security(("bearer" = [])), params(("id" = i64, Path, description = "Unit id")),
    request_body = UnitPatchRequest,
    responses((status = 200, description = "The unit, changed.", body = UnitJson),
        (status = 403, description = "The caller is not an admin of the unit.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A field is wrong; each field and why.", body = crate::platform::web::api::ErrorBody)))]
pub async fn update_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UnitPatchRequest>,
) -> Result<Json<UnitJson>, ApiError> {
    let patch = crate::platform::hierarchy::services::UnitPatch {
        name: req.name,
        code: req.code,
        boundary: req.boundary.map(|b| b.map(|v| v.to_string()).unwrap_or_default()),
    };
    Ok(Json(unit_json(
        crate::platform::hierarchy::services::update(&state.db, &actor, id, patch).await?,
        true,
    )))
}

/// Where to move a unit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    /// The new parent, one level above the unit.
    pub parent_id: i64,
}

/// Moves a unit and its subtree under another parent (admins of both).
#[utoipa::path(post, path = "/units/{id}/move", tag = "units", security(("bearer" = [])), params(("id" = i64, Path, description = "Unit id")),
    request_body = MoveRequest,
    responses((status = 200, description = "The unit, under its new parent.", body = UnitJson),
        (status = 403, description = "The caller is not an admin of both the unit and the new parent.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No such parent, one of the wrong level, or one inside the unit's own subtree.", body = crate::platform::web::api::ErrorBody)))]
pub async fn move_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MoveRequest>,
) -> Result<Json<UnitJson>, ApiError> {
    Ok(Json(unit_json(
        crate::platform::hierarchy::services::move_unit(&state.db, &actor, id, req.parent_id)
            .await?,
        true,
    )))
}

/// The functional departments of the caller's zones.
#[utoipa::path(get, path = "/departments", tag = "units", security(("bearer" = [])),
    responses((status = 200, description = "The departments.", body = Vec<DepartmentRow>)))]
pub async fn list_departments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<DepartmentRow>>, ApiError> {
    Ok(Json(crate::platform::hierarchy::services::departments(&state.db, &actor).await?))
}

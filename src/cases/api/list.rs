//! `GET /cases`: the cases of a unit's subtree, filtered, a page at a time.

use crate::cases::api::case_json::{CaseJson, case_json};
use crate::cases::services::ListInput;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::api::Paged;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::ApiQuery;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which cases to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CasesQuery {
    /// A unit: the cases in its subtree (default: the caller's first).
    pub unit: Option<i64>,
    /// First report day, `YYYY-MM-DD`, 2000-01-01 to 2100-12-31.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub from: Option<String>,
    /// Last report day.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub to: Option<String>,
    /// Category code prefix (`D` for every dispute).
    pub category: Option<String>,
    /// Only cases in this state.
    pub state: Option<String>,
    /// The cases behind a figure: `found`, `registered`, `resolved`, `closed`, `left_out`, `due`, `on_time`, …
    pub measure: Option<String>,
    /// Only cases the given unit handles now (a queue).
    pub handler: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows a page, 1 to 500 (default 50).
    pub page_size: Option<i64>,
}

/// Cases in a unit's subtree, newest first.
#[utoipa::path(get, path = "/cases", operation_id = "list_cases", tag = "cases", security(("bearer" = [])), params(CasesQuery),
    responses((status = 200, description = "A page of the cases.", body = Paged<CaseJson>),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<CasesQuery>,
) -> Result<Json<Paged<CaseJson>>, ApiError> {
    let paging = Paging::parse(q.page, q.page_size)?;
    let input = ListInput {
        unit_id: q.unit,
        from: crate::platform::day::parse_optional("from", q.from.as_deref())?,
        to: crate::platform::day::parse_optional("to", q.to.as_deref())?,
        category: q.category,
        states: q.state.into_iter().collect(),
        measure: q.measure,
        handler_unit_id: q.handler,
        by_deadline: false,
        ..Default::default()
    };
    Ok(Json(Paged::of(
        crate::cases::services::list(&state.db, &actor, input, paging).await?,
        case_json,
    )))
}

//! Grid events and disputes: intake, the workflow, lists, rates, the catalogue and calendar.

pub mod mediation;
pub mod open311;
pub mod photos;

use crate::cases::domain::rates::Counts;
use crate::cases::domain::rates::Rates;
use crate::cases::services::ActionInput;
use crate::cases::services::ListInput;
use crate::cases::services::PartyInput;
use crate::cases::services::ReportInput;
use crate::cases::store::CaseRow;
use crate::cases::store::EventRow;
use crate::cases::store::PartyRow;
use crate::platform::input::FieldError;
use crate::platform::service::AppError;
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

/// A case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    /// Id.
    pub id: i64,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Category code.
    pub category: String,
    /// Where it happened.
    pub unit_id: i64,
    /// The unit that handles it now.
    pub handler_unit_id: i64,
    /// The department it was dispatched to.
    pub department_id: Option<i64>,
    /// `reported`, `registered`, `refused`, `dispatched`, `handling`, `handled`, `closed`.
    pub state: String,
    /// `resolved`, `referred`, `not_ours`, `duplicate`, `withdrawn`: proposed at feedback, final once closed.
    pub outcome: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Address.
    pub address: String,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// `grid`, `public`, `hotline`, `api`.
    pub source: String,
    /// When reported (RFC 3339).
    pub reported_at: String,
    /// The report's date in Beijing time (`YYYY-MM-DD`): the cohort it counts in.
    pub report_day: String,
    /// When closed.
    pub closed_at: Option<String>,
    /// When the current step's time runs out.
    pub step_deadline: Option<String>,
    /// When handling is due.
    pub due_at: Option<String>,
    /// Flagged overdue.
    pub overdue: bool,
    /// Has an approved deferral.
    pub deferred: bool,
    /// Times sent back for rework.
    pub reworks: i64,
    /// Follow-up satisfaction, 1–5.
    pub satisfaction: Option<i64>,
    /// The case it duplicates.
    pub merged_into: Option<i64>,
}

/// The JSON of a case.
pub fn case_json(c: CaseRow) -> CaseJson {
    CaseJson {
        id: c.id,
        kind: c.kind,
        category: c.category_code,
        unit_id: c.unit_id,
        handler_unit_id: c.handler_unit_id,
        department_id: c.department_id,
        state: c.state,
        outcome: c.outcome,
        title: c.title,
        description: c.description,
        address: c.address,
        lon: c.lon,
        lat: c.lat,
        source: c.source,
        reported_at: c.reported_at,
        report_day: c.report_day,
        closed_at: c.closed_at,
        step_deadline: c.step_deadline,
        due_at: c.due_at,
        overdue: c.overdue != 0,
        deferred: c.deferred != 0,
        reworks: c.reworks,
        satisfaction: c.satisfaction,
        merged_into: c.merged_into,
    }
}

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
        (Some(lon), Some(lat)) => Some((lon, lat)),
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
            .map(|p| PartyInput { role: p.role, name: p.name, id_number: p.id_number, phone: p.phone, address: p.address })
            .collect(),
        reported_at: None,
    };
    let row = crate::cases::api::intake(&state).report(&state.db, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(case_json(row))))
}

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
    Ok(Json(Paged::of(crate::cases::services::list(&state.db, &actor, input, paging).await?, case_json)))
}

/// An event of a case's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventJson {
    /// Position, from 1.
    pub seq: i64,
    /// `report`, `overdue`, or an action.
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why, or what was done.
    pub note: String,
    /// Details.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A party as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyJson {
    /// Role.
    pub role: String,
    /// Name.
    pub name: String,
    /// ID number, masked unless `reveal=true` was asked (and audited).
    pub id_number: Option<String>,
    /// Phone.
    pub phone: String,
}

/// A case with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    /// The case.
    pub case: CaseJson,
    /// Its history, oldest first.
    pub events: Vec<EventJson>,
    /// Its parties.
    pub parties: Vec<PartyJson>,
    /// Actions allowed from its state.
    pub allowed_actions: Vec<String>,
    /// The department the catalogue makes responsible for its category, if the zone has it:
    /// a `dispatch` naming neither unit nor department goes there.
    pub responsible_department: Option<crate::platform::hierarchy::store::DepartmentRow>,
}

fn event_json(e: EventRow) -> EventJson {
    EventJson {
        seq: e.seq,
        action: e.action,
        from_state: e.from_state,
        to_state: e.to_state,
        actor: e.actor_name,
        at: e.at,
        note: e.note,
        data: serde_json::from_str(&e.data).unwrap_or_default(),
    }
}

fn party_json(p: PartyRow) -> PartyJson {
    PartyJson { role: p.role, name: p.name, id_number: p.id_number, phone: p.phone }
}

/// Whether to show full ID numbers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevealQuery {
    /// `true` to see the parties' full ID numbers (audited; for those who work the case).
    pub reveal: Option<bool>,
}

/// One case with its history and parties.
#[utoipa::path(get, path = "/cases/{id}", operation_id = "get_case", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id"), RevealQuery),
    responses((status = 200, description = "The case, its history and its parties.", body = CaseDetail),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<RevealQuery>,
) -> Result<Json<CaseDetail>, ApiError> {
    let view = crate::cases::services::get(&state.db, &actor, id, q.reveal.unwrap_or(false)).await?;
    Ok(Json(CaseDetail {
        case: case_json(view.case),
        events: view.events.into_iter().map(event_json).collect(),
        parties: view.parties.into_iter().map(party_json).collect(),
        allowed_actions: view.allowed.iter().map(|a| a.as_str().to_string()).collect(),
        responsible_department: view.responsible_department,
    }))
}

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

/// Which rates.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// The unit whose subtree to count.
    pub unit: i64,
    /// First report day, `YYYY-MM-DD`, 2000-01-01 to 2100-12-31.
    #[param(value_type = chrono::NaiveDate)]
    pub from: String,
    /// Last report day.
    #[param(value_type = chrono::NaiveDate)]
    pub to: String,
    /// Category code prefix (`D` for every dispute).
    pub category: Option<String>,
}

/// Counts and rates.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatesJson {
    /// Cases found (reported).
    pub found: i64,
    /// Registered.
    pub registered: i64,
    /// Resolved (化解): closed as resolved.
    pub resolved: i64,
    /// Closed, whatever the outcome.
    pub closed: i64,
    /// Every count behind the rates.
    pub counts: Counts,
    /// Resolution rate.
    pub resolution_rate: crate::cases::domain::rates::Rate,
    /// Closure rate.
    pub closure_rate: crate::cases::domain::rates::Rate,
    /// On-time closure rate.
    pub on_time_closure_rate: crate::cases::domain::rates::Rate,
    /// Rework rate.
    pub rework_rate: crate::cases::domain::rates::Rate,
    /// Extension rate.
    pub extension_rate: crate::cases::domain::rates::Rate,
    /// Average satisfaction.
    pub satisfaction: crate::cases::domain::rates::Rate,
}

/// The counts and rates of the cases reported in a unit's subtree between two days.
#[utoipa::path(get, path = "/cases/rates", operation_id = "case_rates", tag = "cases", security(("bearer" = [])), params(RatesQuery),
    responses((status = 200, description = "The counts and rates.", body = RatesJson),
        (status = 404, description = "No such unit, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A day that is not a day, out of range, or a last day before the first.", body = crate::platform::web::api::ErrorBody)))]
pub async fn rates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<RatesQuery>,
) -> Result<Json<RatesJson>, ApiError> {
    let (from, to) = (crate::platform::day::parse("from", &q.from)?, crate::platform::day::parse("to", &q.to)?);
    let (c, r): (Counts, Rates) = crate::cases::services::rates(&state.db, &actor, q.unit, from, to, q.category.as_deref()).await?;
    Ok(Json(RatesJson {
        found: c.found,
        registered: c.registered,
        resolved: c.resolved,
        closed: c.closed,
        counts: c,
        resolution_rate: r.resolution_rate,
        closure_rate: r.closure_rate,
        on_time_closure_rate: r.on_time_closure_rate,
        rework_rate: r.rework_rate,
        extension_rate: r.extension_rate,
        satisfaction: r.satisfaction,
    }))
}

/// A category of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryJson {
    /// Code.
    pub code: String,
    /// `incident` or `dispute`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Whether cases may be filed under it (a leaf).
    pub leaf: bool,
    /// Offered to the public.
    pub public: bool,
    /// Limits for register, dispatch, handle, verify (`2h`, `5d`).
    pub limits: [String; 4],
    /// When to register.
    pub filing_condition: String,
    /// When to close.
    pub closing_condition: String,
}

/// The current catalogue of the caller's zone.
#[utoipa::path(get, path = "/categories", operation_id = "list_categories", tag = "cases", security(("bearer" = [])),
    responses((status = 200, description = "The categories in force, with their time limits.", body = Vec<CategoryJson>)))]
pub async fn categories(State(state): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<CategoryJson>>, ApiError> {
    let zone = actor.held.first().map(|h| crate::cases::services::catalogue::zone_of(&h.path)).ok_or(AppError::NotFound)?;
    let (_, all) = crate::cases::services::catalogue::current(&state.db, zone).await?;
    Ok(Json(
        all.iter()
            .map(|c| CategoryJson {
                leaf: crate::cases::services::catalogue::is_leaf(&c.code, &all),
                code: c.code.clone(),
                kind: c.kind.clone(),
                name: c.name.clone(),
                name_en: c.name_en.clone(),
                public: c.public != 0,
                limits: [c.register_limit.clone(), c.dispatch_limit.clone(), c.handle_limit.clone(), c.verify_limit.clone()],
                filing_condition: c.filing_condition.clone(),
                closing_condition: c.closing_condition.clone(),
            })
            .collect(),
    ))
}

/// A possible duplicate.
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateJson {
    /// `nearby` (same category, within 250 m and 30 days) or `same_party` (a party's ID number, within 30 days).
    pub reason: String,
    /// The other case.
    pub case: CaseJson,
}

/// Possible duplicates of a case, to merge (并单) with the `merge` action.
#[utoipa::path(get, path = "/cases/{id}/duplicates", operation_id = "list_case_duplicates", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The possible duplicates, likeliest first.", body = Vec<DuplicateJson>),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn duplicates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DuplicateJson>>, ApiError> {
    let found = crate::cases::services::duplicates(&state.db, &actor, id).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(c, why)| DuplicateJson {
                reason: match why {
                    crate::cases::services::Likeness::Nearby => "nearby".into(),
                    crate::cases::services::Likeness::SameParty => "same_party".into(),
                },
                case: case_json(c),
            })
            .collect(),
    ))
}

/// One row an import left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorJson {
    /// Row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column's header.
    pub column: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportJson {
    /// Cases made.
    pub imported: usize,
    /// Rows left out (only with `partial=true`; otherwise any bad row refuses the whole file with 422).
    pub errors: Vec<RowErrorJson>,
}

/// A hotline sheet upload: the `file` (xlsx or CSV) and `partial`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The 12345 hotline export, with the columns of `/cases/import/template.xlsx`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true` to take the good rows and report the bad; by default one bad row refuses the file.
    partial: Option<bool>,
}

/// Imports 12345 hotline cases from Excel or CSV: all or nothing unless `partial=true`.
#[utoipa::path(post, path = "/cases/import", operation_id = "import_cases", tag = "cases", security(("bearer" = [])),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "What was imported, and each row refused and why.", body = ImportJson),
        (status = 422, description = "Not a workbook or CSV that can be read, or (all or nothing) a row refused.", body = crate::platform::web::api::ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    lang: crate::platform::i18n::Lang,
    m: axum::extract::Multipart,
) -> Result<Json<ImportJson>, ApiError> {
    let (fields, file) = crate::cases::api::photos::read_multipart(m).await?;
    let partial = fields.iter().any(|(k, v)| k == "partial" && (v == "true" || v == "1" || v == "on"));
    let bytes = file.ok_or_else(|| FieldError::new("file", "error.required"))?;
    let sheet = crate::platform::sheet::read_upload(bytes).await?;
    let report = crate::cases::services::hotline::import(&state.db, &actor, &sheet, partial).await?;
    Ok(Json(ImportJson {
        imported: report.imported,
        errors: report
            .errors
            .into_iter()
            .map(|e| RowErrorJson { row: e.row, column: e.column, message: lang.t_args(e.error.key, &e.error.args) })
            .collect(),
    }))
}

/// The API's routes of grid events, with their OpenAPI paths, as they sit under `/api/v1`.
pub fn routes() -> utoipa_axum::router::OpenApiRouter<AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(report, list))
        .routes(utoipa_axum::routes!(get))
        .routes(utoipa_axum::routes!(import))
        .routes(utoipa_axum::routes!(duplicates))
        .routes(utoipa_axum::routes!(photos::upload, photos::list))
        .routes(utoipa_axum::routes!(photos::download))
        .routes(utoipa_axum::routes!(act))
        .routes(utoipa_axum::routes!(rates))
        .routes(utoipa_axum::routes!(categories))
        .routes(utoipa_axum::routes!(mediation::get))
        .routes(utoipa_axum::routes!(mediation::add_session))
        .routes(utoipa_axum::routes!(mediation::save_agreement))
        .routes(utoipa_axum::routes!(mediation::performance))
}

/// The server's intake writer, which the capability started beside it.
pub fn intake(state: &AppState) -> &crate::cases::services::intake_queue::IntakeQueue {
    state.part::<std::sync::Arc<crate::cases::services::intake_queue::IntakeQueue>>()
}

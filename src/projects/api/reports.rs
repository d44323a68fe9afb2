//! A project's periodic reports and their photos over `/api/v1`.

use crate::platform::input::FieldError;
use crate::platform::web::AppState;
use crate::platform::web::error::{ApiError, ApiJson};
use crate::platform::web::session::ApiActor;
use crate::projects::services::reports::{PhotoRow, ReportRow};
use crate::projects::services::reports::{ReportIn, ReportLine};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// A project's reports, by period, with the year's investment to date and their photos.
#[utoipa::path(get, path = "/projects/{id}/reports", operation_id = "project_reports", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")),
    responses((status = 200, description = "The reports.", body = Vec<ReportLine>),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReportLine>>, ApiError> {
    Ok(Json(crate::projects::services::reports::list(&state.db, &actor, id).await?))
}

/// Submits a project's report for a period (again, until it is reviewed).
#[utoipa::path(post, path = "/projects/{id}/reports", operation_id = "submit_project_report", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project.")), request_body = ReportIn,
    responses((status = 201, description = "Submitted; late when after its due day.", body = ReportRow),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "The period is locked: its report was reviewed.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "A period not begun or mixing a month with its 旬, progress going back, an investment above the total.", body = crate::platform::web::api::ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReportIn>,
) -> Result<(StatusCode, Json<ReportRow>), ApiError> {
    let row = crate::projects::services::reports::submit(&state.db, &actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// A review's note.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewIn {
    /// What the reviewer says.
    #[serde(default)]
    pub note: String,
}

/// Reviews a project's report for a period, which locks the period.
#[utoipa::path(post, path = "/projects/{id}/reports/{period}/review", operation_id = "review_project_report", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project."), ("period" = String, Path, description = "`2015-10` or `2015-10-2`.")), request_body = ReviewIn,
    responses((status = 204, description = "Reviewed and locked."),
        (status = 403, description = "The caller is not of the unit responsible for the project.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project or report.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "Reviewed already, or the caller submitted it.", body = crate::platform::web::api::ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, period)): Path<(i64, String)>,
    ApiJson(input): ApiJson<ReviewIn>,
) -> Result<StatusCode, ApiError> {
    crate::projects::services::reports::review(&state.db, &actor, id, &period, &input.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A multipart upload with one file field `photo`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProgressPhoto {
    /// The image: JPEG, PNG or WebP, at most 8 MiB.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// Adds a photo of visible progress to a report; a doubtful one is kept and flagged.
#[utoipa::path(post, path = "/projects/{id}/reports/{period}/photos", operation_id = "add_progress_photo", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project."), ("period" = String, Path, description = "The report's period.")),
    request_body(content = ProgressPhoto, content_type = "multipart/form-data"),
    responses((status = 201, description = "Kept, with the doubts it raised (`no_time`, `outside_period`, `far_from_site`, `near_copy`).", body = PhotoRow),
        (status = 403, description = "The caller sees the project but does not work it.", body = crate::platform::web::api::ErrorBody),
        (status = 404, description = "No such project or report.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "The report's period is locked.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No `photo`, or not a JPEG, PNG or WebP of a sane size.", body = crate::platform::web::api::ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, period)): Path<(i64, String)>,
    m: Multipart,
) -> Result<(StatusCode, Json<PhotoRow>), ApiError> {
    let (_, photo) = crate::platform::web::multipart::read(m).await?;
    let bytes = photo.ok_or_else(|| FieldError::new("photo", "error.required"))?;
    let row = crate::projects::services::photos::add(&state.db, &actor, id, &period, bytes).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// A progress photo's image.
#[utoipa::path(get, path = "/projects/{id}/photos/{photo}", operation_id = "progress_photo", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The project."), ("photo" = i64, Path, description = "The photo.")),
    responses((status = 200, description = "The image", content(("image/jpeg"), ("image/png"), ("image/webp"))),
        (status = 404, description = "No such photo, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (content_type, data) =
        crate::projects::services::photos::data(&state.db, &actor, id, photo).await?;
    Ok(crate::platform::web::download::image(content_type, data))
}

/// One row an import refused.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ReportRowError)]
pub struct RowErrorJson {
    /// Row number as the sheet shows it (the header is row 1).
    pub row: usize,
    /// The column.
    pub column: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// What an import did.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ReportsImported)]
pub struct ImportJson {
    /// Reports written.
    pub imported: usize,
    /// Rows refused (with `partial=true`; otherwise one bad row refuses the file with 422).
    pub errors: Vec<RowErrorJson>,
}

/// A sheet of reports: the `file` and `partial`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ReportsUpload {
    /// Excel or CSV with the columns of `/projects/reports/import/template.xlsx`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true` to take the good rows and report the bad.
    partial: Option<bool>,
}

/// Imports monthly reports from a sheet: all or nothing unless `partial=true`.
#[utoipa::path(post, path = "/projects/reports/import", operation_id = "import_project_reports", tag = "projects", security(("bearer" = [])),
    request_body(content = ReportsUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "What was imported, and each row refused and why.", body = ImportJson),
        (status = 422, description = "Not a sheet that can be read, a column missing, or (all or nothing) a row refused, named.", body = crate::platform::web::api::ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    lang: crate::platform::i18n::Lang,
    m: Multipart,
) -> Result<Json<ImportJson>, ApiError> {
    let (fields, file) = crate::platform::web::multipart::read(m).await?;
    let partial =
        fields.iter().any(|(k, v)| k == "partial" && matches!(v.as_str(), "true" | "1" | "on"));
    let bytes = file.ok_or_else(|| FieldError::new("file", "error.required"))?;
    let sheet = crate::platform::sheet::read_upload(bytes).await?;
    let report =
        crate::projects::services::report_import::import(&state.db, &actor, &sheet, partial)
            .await?;
    if !partial && !report.errors.is_empty() {
        let fields = report
            .errors
            .into_iter()
            .map(|e| FieldError { field: format!("row {} {}", e.row, e.column), ..e.error })
            .collect();
        return Err(crate::platform::service::AppError::Invalid(fields).into());
    }
    let errors = report
        .errors
        .into_iter()
        .map(|e| RowErrorJson {
            row: e.row,
            message: lang.t_args(e.error.key, &e.error.args),
            column: e.column,
        })
        .collect();
    Ok(Json(ImportJson { imported: report.added, errors }))
}

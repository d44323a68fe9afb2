//! `POST /cases/import`: the 12345 hotline's sheet, all or nothing unless asked otherwise.

use crate::platform::input::FieldError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::session::ApiActor;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

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
    let partial =
        fields.iter().any(|(k, v)| k == "partial" && (v == "true" || v == "1" || v == "on"));
    let bytes = file.ok_or_else(|| FieldError::new("file", "error.required"))?;
    let sheet = crate::platform::sheet::read_upload(bytes).await?;
    let report =
        crate::cases::services::hotline::import(&state.db, &actor, &sheet, partial).await?;
    Ok(Json(ImportJson {
        imported: report.imported,
        errors: report
            .errors
            .into_iter()
            .map(|e| RowErrorJson {
                row: e.row,
                column: e.column,
                message: lang.t_args(e.error.key, &e.error.args),
            })
            .collect(),
    }))
}

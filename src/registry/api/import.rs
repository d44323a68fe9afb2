//! `POST /people/import`: a people sheet, all or nothing unless asked otherwise.

use crate::platform::input::FieldError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::session::ApiActor;
use crate::registry::services::import::{Mode, Report, Source};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// One thing wrong with one row.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorJson {
    /// Row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column's heading as the file has it.
    pub column: String,
    /// The cell's value (an ID number or phone masked).
    pub value: String,
    /// The field it concerns (`id_number`, `grid`, …).
    pub field: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeopleImportJson {
    /// Rows read, not counting the header.
    pub rows: usize,
    /// People added.
    pub added: usize,
    /// People changed.
    pub changed: usize,
    /// Rows that matched a person as they stood.
    pub unchanged: usize,
    /// Whether anything was written (false when all-or-nothing met a bad row).
    pub committed: bool,
    /// Every error of every bad row.
    pub errors: Vec<RowErrorJson>,
}

impl PeopleImportJson {
    /// The report in the caller's language.
    pub fn of(report: Report, lang: crate::platform::i18n::Lang) -> PeopleImportJson {
        PeopleImportJson {
            rows: report.rows,
            added: report.added,
            changed: report.changed,
            unchanged: report.unchanged,
            committed: report.committed,
            errors: report
                .errors
                .into_iter()
                .map(|e| RowErrorJson {
                    row: e.row,
                    column: e.column,
                    value: e.value,
                    field: e.error.field.clone(),
                    message: lang.t_args(e.error.key, &e.error.args),
                })
                .collect(),
        }
    }
}

/// A refused import: the report of its bad rows (nothing imported), or, for a file that is no
/// sheet zhili reads, the error of every route.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ImportRefusal {
    /// Bad rows, every one named.
    Rows(PeopleImportJson),
    /// A file that cannot be read, or a request without one.
    Error(crate::platform::web::api::ErrorBody),
}

/// A people sheet upload: the `file` (xlsx or CSV, the columns of the template) and `partial`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PeopleUpload {
    /// The sheet.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true` to take the good rows and report the bad; by default one bad row refuses the file.
    partial: Option<bool>,
}

/// Imports people from Excel or CSV (UTF-8 or GBK); rows matched by ID number update.
#[utoipa::path(post, path = "/people/import", operation_id = "import_people", tag = "registry", security(("bearer" = [])),
    request_body(content = PeopleUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "What was imported, and each bad row.", body = PeopleImportJson),
        (status = 403, description = "The caller keeps no grid's registry.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "Not a sheet that can be read, or (all or nothing) a bad row: nothing was imported.", body = ImportRefusal)))]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    lang: crate::platform::i18n::Lang,
    m: axum::extract::Multipart,
) -> Result<(StatusCode, Json<PeopleImportJson>), ApiError> {
    let (fields, file) = crate::platform::web::multipart::read(m).await?;
    let partial =
        fields.iter().any(|(k, v)| k == "partial" && (v == "true" || v == "1" || v == "on"));
    let bytes = file.ok_or_else(|| FieldError::new("file", "error.required"))?;
    let sheet = crate::platform::sheet::read_upload(bytes).await?;
    let mode = if partial { Mode::Partial } else { Mode::AllOrNothing };
    let rows = Source::Rows(crate::platform::sheet::stream::of_sheet(sheet));
    let report =
        crate::registry::services::import::people(&state.db, &actor, rows, mode, &mut |_| {})
            .await?;
    let status = if report.committed { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(PeopleImportJson::of(report, lang))))
}

//! The people import on the page: the template to download, the upload (read through the one
//! bounded reader), its progress while it runs (the page refreshes itself, no script needed),
//! and then the row report, on the page and as a workbook to fix and upload again.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::registry::services::import::{Mode, Report, Source};
use crate::registry::services::jobs::{Jobs, State as JobState, Work};
use crate::registry::services::record_import::RecordSource;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

/// How many of a report's errors the page lists; the workbook has them all.
const SHOWN: usize = 500;

#[derive(Template)]
#[template(path = "registry/templates/import.html")]
struct ImportPage {
    ctx: Ctx,
    token: String,
    running: Option<(usize, usize)>,
    report: Option<Arc<Report>>,
    errors: Vec<(usize, String, String, String)>,
    more: usize,
    message: Option<String>,
    /// (name, label, chosen) of what a sheet may hold: people, then each record kind.
    kinds: Vec<(&'static str, String, bool)>,
}

impl ImportPage {
    fn empty(ctx: Ctx) -> ImportPage {
        ImportPage::choosing(ctx, "people")
    }

    fn choosing(ctx: Ctx, chosen: &str) -> ImportPage {
        let mut kinds = vec![("people", ctx.t("registry.people").into_owned(), chosen == "people")];
        for k in crate::registry::domain::kinds::ALL {
            kinds.push((k.name, ctx.t(&format!("kind.{}", k.name)).into_owned(), chosen == k.name));
        }
        ImportPage {
            kinds,
            ctx,
            token: String::new(),
            running: None,
            report: None,
            errors: Vec::new(),
            more: 0,
            message: None,
        }
    }
}

fn jobs(state: &AppState) -> &Arc<Jobs> {
    state.part::<Arc<Jobs>>()
}

/// `GET /registry/import`, `?kind=` choosing what the sheet holds.
pub async fn form(
    who: PageActor,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let chosen = q.get("kind").map_or("people", String::as_str);
    page(ImportPage::choosing(Ctx::of(&who), chosen))
}

/// `GET /registry/people/template.xlsx`.
pub async fn template(_who: PageActor) -> Result<Response, PageError> {
    let bytes = crate::registry::services::template::people_template()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    Ok(crate::platform::web::download::xlsx_response("people-template.xlsx", bytes))
}

/// `POST /registry/import`: the file is read within the upload limits, then imported beside
/// the request; the answer is the job's page.
pub async fn upload(
    State(state): State<AppState>,
    who: PageActor,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = crate::platform::web::multipart::read(m).await?;
    if !fields.iter().any(|(k, v)| k == "csrf" && *v == who.csrf) {
        return Err(PageError(AppError::Forbidden));
    }
    let mode =
        if fields.iter().any(|(k, _)| k == "partial") { Mode::Partial } else { Mode::AllOrNothing };
    let kind = match fields.iter().find(|(k, _)| k == "kind").map(|(_, v)| v.as_str()) {
        None | Some("people") => None,
        Some(name) => {
            Some(crate::registry::domain::kinds::by_name(name).ok_or(AppError::NotFound)?)
        }
    };
    let writes = match kind {
        Some(kind) => {
            crate::registry::services::record_import::writes_any(&state.db, &who.actor, kind)
                .await?
        }
        None => crate::registry::services::access::keeps_any(&who.actor),
    };
    if !writes {
        return Err(PageError(AppError::Forbidden));
    }
    let ctx = Ctx::of(&who);
    let refuse = |message: String| {
        let mut res = page(ImportPage { message: Some(message), ..ImportPage::empty(ctx.clone()) });
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        res
    };
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        return Ok(refuse(who.lang.t("error.sheet_unreadable").into_owned()));
    };
    let sheet = match crate::platform::sheet::read_upload(file).await {
        Ok(sheet) => sheet,
        Err(e) => return Ok(refuse(who.lang.t_args(e.key, &e.args))),
    };
    let total = sheet.rows.len().saturating_sub(1);
    let rows = crate::platform::sheet::stream::of_sheet(sheet);
    let work = match kind {
        Some(kind) => Work::Records(kind, RecordSource::Rows(rows)),
        None => Work::People(Box::new(Source::Rows(rows))),
    };
    let token = jobs(&state).start(state.db.clone(), who.actor.clone(), work, total, mode);
    Ok(Redirect::to(&format!("/registry/import/{token}")).into_response())
}

/// `GET /registry/import/{token}`: the job's progress, or its report.
pub async fn status(
    State(state): State<AppState>,
    who: PageActor,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let lang = who.lang;
    let job = jobs(&state).state(&who.actor, &token).ok_or(AppError::NotFound)?;
    let page_of = match job {
        JobState::Running(done, total) => {
            ImportPage { token, running: Some((done, total)), ..ImportPage::empty(ctx) }
        }
        JobState::Failed(key) => {
            ImportPage { message: Some(lang.t(&key).into_owned()), ..ImportPage::empty(ctx) }
        }
        JobState::Done(report) => {
            let errors = report
                .errors
                .iter()
                .take(SHOWN)
                .map(|e| {
                    (
                        e.row,
                        e.column.clone(),
                        e.value.clone(),
                        lang.t_args(e.error.key, &e.error.args),
                    )
                })
                .collect();
            let more = report.errors.len().saturating_sub(SHOWN);
            ImportPage { token, errors, more, report: Some(report), ..ImportPage::empty(ctx) }
        }
    };
    Ok(page(page_of))
}

/// `GET /registry/import/{token}/report.xlsx`: the bad rows with what is wrong in each.
pub async fn report(
    State(state): State<AppState>,
    who: PageActor,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let Some(JobState::Done(report)) = jobs(&state).state(&who.actor, &token) else {
        return Err(AppError::NotFound.into());
    };
    let bytes = crate::registry::services::template::report_sheet(&report, who.lang)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("report: {e}")))?;
    let kind = report.kind;
    let detail = serde_json::json!({"rows": report.bad_rows.len()});
    let object = format!("registry:{kind}");
    crate::platform::audit::reads::record(
        &state.db,
        &who.actor,
        "registry.import_report",
        object,
        detail,
    )
    .await?;
    let name = format!("{kind}-errors.xlsx");
    let mut res = crate::platform::web::download::xlsx_response(&name, bytes);
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

//! `GET`/`POST /projects/reports/import`: monthly reports from the sheets units send, with a
//! row-by-row report, and the template to fill.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "projects/templates/report_import.html")]
struct ImportPage {
    ctx: Ctx,
    done: Option<String>,
    errors: Vec<(usize, String, String)>,
    message: Option<String>,
}

/// `GET /projects/reports/import`.
pub async fn form(who: PageActor) -> Response {
    page(ImportPage { ctx: Ctx::of(&who), done: None, errors: Vec::new(), message: None })
}

/// `POST /projects/reports/import`.
pub async fn upload(
    State(state): State<AppState>,
    who: PageActor,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = crate::platform::web::multipart::read(m).await?;
    if !fields.iter().any(|(k, v)| k == "csrf" && *v == who.csrf) {
        return Err(PageError(AppError::Forbidden));
    }
    let partial = fields.iter().any(|(k, _)| k == "partial");
    let (ctx, lang) = (Ctx::of(&who), who.lang);
    let refuse = |message: String, errors: Vec<(usize, String, String)>| {
        let mut res =
            page(ImportPage { ctx: ctx.clone(), done: None, errors, message: Some(message) });
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        Ok(res)
    };
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        return refuse(lang.t("error.sheet_unreadable").into_owned(), Vec::new());
    };
    let sheet = match crate::platform::sheet::read_upload(file).await {
        Ok(sheet) => sheet,
        Err(e) => return refuse(lang.t_args(e.key, &e.args), Vec::new()),
    };
    match crate::projects::services::report_import::import(&state.db, &who.actor, &sheet, partial)
        .await
    {
        Ok(r) => {
            let errors: Vec<(usize, String, String)> = r
                .errors
                .iter()
                .map(|e| (e.row, e.column.clone(), lang.t_args(e.error.key, &e.error.args)))
                .collect();
            if !partial && !errors.is_empty() {
                return refuse(lang.t("error.invalid").into_owned(), errors);
            }
            let done = Some(lang.t_args("projects.imported", &[("n", r.added.to_string())]));
            Ok(page(ImportPage { ctx, done, errors, message: None }))
        }
        Err(AppError::Invalid(fields)) => refuse(
            fields.iter().map(|f| lang.t_args(f.key, &f.args)).collect::<Vec<_>>().join(" "),
            Vec::new(),
        ),
        Err(e) => Err(e.into()),
    }
}

/// `GET /projects/reports/import/template.xlsx`: the columns and an example row.
pub async fn template(_who: PageActor) -> Result<Response, PageError> {
    let header: Vec<String> =
        crate::projects::services::report_import::COLUMNS.iter().map(|c| c.1.to_string()).collect();
    let example = ["1", "2015-10", "财务支出法", "", "1500", "是", "0", "主体结构施工", ""]
        .map(String::from)
        .to_vec();
    let bytes = crate::platform::sheet::write::xlsx("月报", &header, &[example])
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(crate::platform::web::download::xlsx_response("project-reports.xlsx", bytes))
}

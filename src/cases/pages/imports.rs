//! Spreadsheets on the pages: the hotline import with its row-by-row report, its template, and
//! lists exported to Excel.

use crate::platform::web::pages::Ctx;

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{Multipart, State};

use axum::response::Response;

#[derive(Template)]
#[template(path = "cases/templates/import.html")]
struct ImportPage {
    ctx: Ctx,
    done: Option<usize>,
    errors: Vec<(usize, String, String)>,
    message: Option<String>,
}

/// `GET /cases/import`.
pub async fn form(who: PageActor) -> Response {
    page(ImportPage { ctx: Ctx::of(&who), done: None, errors: Vec::new(), message: None })
}

/// `POST /cases/import`: multipart with the session's form token; answers with what was taken
/// and every row left out.
pub async fn upload(
    State(state): State<AppState>,
    who: PageActor,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = crate::cases::api::photos::read_multipart(m).await?;
    if !fields.iter().any(|(k, v)| k == "csrf" && *v == who.csrf) {
        return Err(PageError(AppError::Forbidden));
    }
    let partial = fields.iter().any(|(k, _)| k == "partial");
    let ctx = Ctx::of(&who);
    let lang = who.lang;
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
    match crate::cases::services::hotline::import(&state.db, &who.actor, &sheet, partial).await {
        Ok(report) => {
            let errors = report
                .errors
                .iter()
                .map(|e| (e.row, e.column.clone(), lang.t_args(e.error.key, &e.error.args)))
                .collect();
            Ok(page(ImportPage { ctx, done: Some(report.imported), errors, message: None }))
        }
        Err(AppError::Invalid(fields)) => {
            // "row 3 类别代码" back into its parts for the table.
            let errors = fields
                .iter()
                .map(|f| {
                    let mut parts = f.field.splitn(3, ' ');
                    let (_, row, column) = (
                        parts.next(),
                        parts.next().and_then(|r| r.parse().ok()).unwrap_or(0),
                        parts.next().unwrap_or(&f.field),
                    );
                    (row, column.to_string(), lang.t_args(f.key, &f.args))
                })
                .collect();
            refuse(lang.t("import.refused").into_owned(), errors)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /cases/import/template.xlsx`: the columns, and one example row.
pub async fn template(_who: PageActor) -> Result<Response, PageError> {
    let mut header: Vec<String> =
        crate::cases::services::hotline::COLUMNS.iter().map(|c| c.0.to_string()).collect();
    header.push(crate::cases::services::hotline::PHONE.0.to_string());
    let example = [
        "12345-20151020-0001",
        "2015-10-20 09:30",
        "I0301",
        "410871100200001",
        "",
        "",
        "宁郭村二组路口",
        "路口垃圾堆放多日",
        "张先生",
        "13900000000",
    ];
    let bytes =
        crate::platform::sheet::xlsx("热线工单", &header, &[example.map(String::from).to_vec()])
            .map_err(|e| anyhow::anyhow!(e))?;
    Ok(crate::platform::web::download::xlsx_response("hotline-template.xlsx", bytes))
}

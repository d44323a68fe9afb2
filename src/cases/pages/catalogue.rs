//! The catalogue and the calendar, for admins: read, export to Excel, publish a new catalogue
//! version from a sheet (all or nothing, every bad row named), and set calendar days.

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::cases::domain::category::HEADER;
use crate::cases::services::catalogue_view::{self, CatalogueView};
use crate::cases::services::rows::CategoryRow;
use crate::platform::calendar::DayKind;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "cases/templates/catalogue.html")]
struct CataloguePage {
    ctx: Ctx,
    version: i64,
    categories: Vec<CategoryRow>,
    message: Option<String>,
    errors: Vec<(String, String)>,
}

async fn render(
    state: &AppState,
    who: &PageActor,
    message: Option<String>,
    errors: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let CatalogueView { version, categories } =
        catalogue_view::current(&state.db, &who.actor).await?;
    Ok(page(CataloguePage { ctx: Ctx::of(who), version, categories, message, errors }))
}

/// `GET /admin/catalogue`.
pub async fn show(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    render(&state, &who, None, Vec::new()).await
}

/// `GET /admin/catalogue.xlsx`: the current version as a sheet, to edit and publish back.
pub async fn export(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    let categories = catalogue_view::current(&state.db, &who.actor).await?.categories;
    let rows: Vec<Vec<String>> =
        categories.iter().filter_map(|c| c.category()).map(|c| c.to_row().to_vec()).collect();
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let bytes = crate::platform::sheet::xlsx("catalogue", &header, &rows)
        .map_err(|e| anyhow::anyhow!(e))?;
    Ok(crate::platform::web::download::xlsx_response("catalogue.xlsx", bytes))
}

/// `POST /admin/catalogue`: publishes a sheet as the next version.
pub async fn publish(
    State(state): State<AppState>,
    who: PageActor,
    m: Multipart,
) -> Result<Response, PageError> {
    let zone = catalogue_view::admin_zone(&who.actor)?;
    let (fields, file) = crate::cases::api::photos::read_multipart(m).await?;
    if !fields.iter().any(|(k, v)| k == "csrf" && *v == who.csrf) {
        return Err(PageError(AppError::Forbidden));
    }
    let lang = who.lang;
    let note = fields.iter().find(|(k, _)| k == "note").map(|(_, v)| v.clone()).unwrap_or_default();
    let Some(file) = file else {
        return refused(&state, &who, lang.t("error.sheet_unreadable").into_owned(), Vec::new())
            .await;
    };
    let sheet = match crate::platform::sheet::read_upload(file).await {
        Ok(sheet) => sheet,
        Err(e) => return refused(&state, &who, lang.t_args(e.key, &e.args), Vec::new()).await,
    };
    match crate::cases::services::catalogue::publish_sheet(
        &state.db, &who.actor, zone, &sheet, &note,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/admin/catalogue").into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors =
                fields.iter().map(|f| (f.field.clone(), lang.t_args(f.key, &f.args))).collect();
            refused(&state, &who, lang.t("import.refused_catalogue").into_owned(), errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn refused(
    state: &AppState,
    who: &PageActor,
    message: String,
    errors: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let mut res = render(state, who, Some(message), errors).await?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[derive(Template)]
#[template(path = "cases/templates/calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    year: i32,
    days: Vec<(String, String, String)>,
    errors: Errors,
}

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// `GET /admin/calendar`.
pub async fn calendar(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    catalogue_view::admin_zone(&who.actor)?;
    let year = q.year.unwrap_or_else(|| state.db.clock.today().year());
    calendar_page(&state, &who, year, Errors::default()).await
}

async fn calendar_page(
    state: &AppState,
    who: &PageActor,
    year: i32,
    errors: Errors,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(who);
    let cal = crate::platform::calendar::services::calendar(&state.db).await?;
    let days = cal
        .exceptions_in(year)
        .map(|(d, (kind, name))| {
            (
                d.to_string(),
                if *kind == DayKind::Work { ctx.t("calendar.work") } else { ctx.t("calendar.off") }
                    .into_owned(),
                name.clone(),
            )
        })
        .collect();
    Ok(page(CalendarPage { ctx, year, days, errors }))
}

/// The day form.
#[derive(Debug, Deserialize)]
pub struct DayForm {
    day: String,
    kind: String,
    #[serde(default)]
    name: String,
}

/// `POST /admin/calendar`.
pub async fn set_day(
    State(state): State<AppState>,
    posted: SessionForm<DayForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let date = crate::platform::day::parse("day", &form.day);
    let result = match &date {
        Ok(d) => crate::platform::calendar::services::set_day(
            &state.db, &who.actor, *d, &form.kind, &form.name,
        )
        .await
        .map(|_| d.year()),
        Err(e) => Err(e.clone().into()),
    };
    match result {
        Ok(year) => Ok(Redirect::to(&format!("/admin/calendar?year={year}")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let year = date.map(|d| d.year()).unwrap_or_else(|_| state.db.clock.today().year());
            let mut res =
                calendar_page(&state, &who, year, Errors::from_fields(who.lang, &fields)).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

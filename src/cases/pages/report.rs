//! The public report form (群众上报): anyone, without an account, reports a problem in a public
//! category, with a place, a photo and, if they wish, a name and phone; then follows it by its
//! number on a status page that shows no one's personal details.

use crate::cases::api::photos::read_multipart;
use crate::cases::domain::CaseState;
use crate::cases::pages::category_name;
use crate::platform::i18n::Lang;
use crate::platform::input::FieldError;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::Errors;
use crate::platform::web::pages::page;
use crate::platform::web::session::ClientAddr;
use crate::platform::web::session::form_token;
use crate::platform::web::session::form_token_matches;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// The cookie holding the form's CSRF token (there is no session to hold it).
const CSRF_COOKIE: &str = "zhili_report_csrf";

/// What was typed, kept when the form comes back with errors (a photo must be chosen again).
#[derive(Debug, Clone, Default)]
pub struct PublicForm {
    service_code: String,
    description: String,
    unit_id: String,
    address: String,
    lat: String,
    lon: String,
    reporter_name: String,
    reporter_phone: String,
}

#[derive(Template)]
#[template(path = "cases/templates/report.html")]
struct ReportPage {
    ctx: Ctx,
    csrf: String,
    form: PublicForm,
    errors: Errors,
    error: Option<String>,
    categories: Vec<(String, String)>,
    /// Townships with their villages and communities.
    places: Vec<(String, Vec<(i64, String)>)>,
}

fn ctx(lang: Lang, here: &str) -> Ctx {
    Ctx { here: here.into(), ..Ctx::anonymous(lang) }
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    form: PublicForm,
    errors: Errors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (public, _) = crate::cases::services::open311::services(&state.db).await?;
    let c = ctx(lang, "/report");
    let categories =
        public.iter().map(|p| (p.code.clone(), category_name(&c, &public, &p.code))).collect();
    let places = crate::cases::services::places::zone_places(&state.db).await?;
    let (csrf, cookie) = form_token(CSRF_COOKIE, "/report");
    let error = errors.any().then(|| c.t("error.invalid").into_owned());
    let body = page(ReportPage { ctx: c, csrf, form, errors, error, categories, places });
    Ok((status, [(header::SET_COOKIE, cookie)], body).into_response())
}

/// `GET /report`.
pub async fn form(State(state): State<AppState>, lang: Lang) -> Result<Response, PageError> {
    form_page(&state, lang, PublicForm::default(), Errors::default(), StatusCode::OK).await
}

/// `POST /report` (multipart): checks everything, the photo first, then reports and shows the
/// case's status page; a refusal shows the form again as typed, and writes nothing.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, photo) = read_multipart(m).await?;
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    if !form_token_matches(&headers, CSRF_COOKIE, Some(value("csrf").as_str())) {
        return Err(PageError(AppError::Forbidden));
    }
    // Shared by every server: a flood from one address is refused on all of them.
    crate::platform::users::throttle::take(
        &state.db,
        &format!("report:{address}"),
        &crate::platform::users::throttle::PUBLIC_REPORTS,
    )
    .await?;
    let form = PublicForm {
        service_code: value("service_code"),
        description: value("description"),
        unit_id: value("unit_id"),
        address: value("address"),
        lat: value("lat"),
        lon: value("lon"),
        reporter_name: value("reporter_name"),
        reporter_phone: value("reporter_phone"),
    };
    let mut errors = Vec::new();
    let photo = photo.filter(|b| !b.is_empty());
    if let Some(bytes) = &photo
        && let Err(e) = crate::platform::photo::inspect("photo", bytes)
    {
        errors.push(e);
    }
    let point = match crate::platform::geo::Point::parse(&form.lon, &form.lat) {
        Some(point) => Some(point),
        None if form.lat.is_empty() && form.lon.is_empty() => None,
        None => {
            errors.push(FieldError::new("point", "error.point_numbers"));
            None
        }
    };
    let unit_id = form.unit_id.parse::<i64>().ok();
    if !errors.is_empty() {
        return form_page(
            &state,
            lang,
            form,
            Errors::from_fields(lang, &errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let submission = crate::cases::services::open311::Submission {
        service_code: form.service_code.clone(),
        point,
        unit_id: if point.is_none() { unit_id } else { None },
        address: form.address.clone(),
        description: form.description.clone(),
        name: form.reporter_name.clone(),
        phone: form.reporter_phone.clone(),
        attributes: Vec::new(),
    };
    let actor = crate::cases::services::open311::public_actor(
        "web",
        if form.reporter_name.is_empty() { "群众" } else { &form.reporter_name },
    );
    match crate::cases::services::public::report(
        &state.db,
        crate::cases::api::intake(&state),
        &actor,
        submission,
        photo.as_deref().map(|b| ("photo", b)),
    )
    .await
    {
        Ok(receipt) => {
            Ok(Redirect::to(&format!("/report/{}?done=received", receipt.token)).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            form_page(
                &state,
                lang,
                form,
                Errors::from_fields(lang, &fields),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "cases/templates/report_status.html")]
struct StatusPage {
    ctx: Ctx,
    id: i64,
    token: String,
    category: String,
    state: String,
    closed: bool,
    description: String,
    address: String,
    handler: String,
    reported: String,
    due: String,
    /// When, what happened, the state after.
    steps: Vec<(String, String, String)>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StatusQuery {
    done: Option<String>,
}

/// `GET /report/{token}`: where a public report stands, as the public may see it (what Open311
/// shows: no reporter, no notes, no names of staff), by the token its reporter was given only.
pub async fn status(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
    Query(q): Query<StatusQuery>,
) -> Result<Response, PageError> {
    let crate::cases::services::public_status::Status { case, handler, steps } =
        crate::cases::services::public_status::of_token(&state.db, &token).await?;
    let (public, _) = crate::cases::services::open311::services(&state.db).await?;
    let id = case.id;
    let c = ctx(lang, &format!("/report/{token}")).with_notice(q.done.as_deref());
    let state_text = match (case.state, case.outcome) {
        (CaseState::Closed, Some(o)) => {
            format!("{} · {}", c.t("state.closed"), c.t(&format!("outcome.{}", o.as_str())))
        }
        (s, _) => c.t(&format!("state.{}", s.as_str())).into_owned(),
    };
    let steps = steps
        .into_iter()
        .map(|e| {
            (
                c.at(e.at),
                c.t(&format!("action.case.{}", e.action)).into_owned(),
                c.t(&format!("state.{}", e.to_state.as_str())).into_owned(),
            )
        })
        .collect();
    Ok(page(StatusPage {
        id,
        token,
        category: category_name(&c, &public, &case.category_code),
        state: state_text,
        closed: !case.is_open(),
        description: case.description,
        address: case.address,
        handler,
        reported: c.at(case.reported_at),
        due: case.due_at.or(case.step_deadline).map(|d| c.at(d)).unwrap_or_default(),
        steps,
        ctx: c,
    }))
}

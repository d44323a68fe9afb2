//! A project's reports on its page: the list with what each year reached and each photo's
//! doubts, the form a team submits from a phone (with a photo), a photo added to an open
//! report, and the review that locks a period. Amounts are typed in 万元.

use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, Errors};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::domain::money;
use crate::projects::domain::reports::Method;
use crate::projects::pages::project::{Refusal, refused};
use crate::projects::services::reports::ReportIn;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The report form as typed.
#[derive(Debug, Default, Clone)]
pub struct ReportForm {
    /// `2015-10`.
    pub period: String,
    /// `visible_progress` or `spending`.
    pub method: String,
    /// By visible progress.
    pub progress_percent: String,
    /// By spending, 万元.
    pub invested_wan: String,
    /// `1` when in the project library.
    pub in_library: String,
    /// 万元.
    pub funds_wan: String,
    /// Visible progress in words.
    pub progress: String,
    /// Difficulties.
    pub difficulties: String,
}

/// A photo as the page shows it.
pub struct PhotoView {
    pub(crate) id: i64,
    pub(crate) taken_at: String,
    pub(crate) doubts: Vec<String>,
}

/// A report as the page shows it.
pub struct ReportView {
    pub(crate) period: String,
    pub(crate) method: String,
    pub(crate) invested: String,
    pub(crate) ytd: String,
    pub(crate) counted: String,
    pub(crate) funds: String,
    pub(crate) progress: String,
    pub(crate) difficulties: String,
    pub(crate) late: bool,
    pub(crate) reviewed: Option<String>,
    pub(crate) photos: Vec<PhotoView>,
}

/// The project's reports, as the page shows them.
pub async fn views(
    state: &AppState,
    who: &PageActor,
    ctx: &Ctx,
    id: i64,
) -> Result<Vec<ReportView>, PageError> {
    let lines = crate::projects::services::reports::list(&state.db, &who.actor, id).await?;
    Ok(lines
        .into_iter()
        .rev()
        .map(|l| {
            let r = l.report;
            ReportView {
                method: ctx.t(&format!("projects.method.{}", r.method)).into_owned(),
                invested: money::wan(r.invested_fen),
                ytd: money::wan(l.year_to_date_fen),
                counted: if r.in_library == 1 || l.counted_fen == r.invested_fen {
                    money::wan(l.counted_fen)
                } else {
                    ctx.t("projects.not_in_library").into_owned()
                },
                funds: money::wan(r.funds_arrived_fen),
                late: r.late == 1,
                reviewed: r.reviewed_by.map(|by| {
                    format!(
                        "{by} · {}",
                        r.reviewed_at.as_deref().map(|t| ctx.time(t)).unwrap_or_default()
                    )
                }),
                photos: l
                    .photos
                    .iter()
                    .map(|p| PhotoView {
                        id: p.id,
                        taken_at: p.taken_at.clone().unwrap_or_default(),
                        doubts: p
                            .flags
                            .split(',')
                            .filter(|f| !f.is_empty())
                            .map(|f| ctx.t(&format!("projects.doubt.{f}")).into_owned())
                            .collect(),
                    })
                    .collect(),
                period: r.period,
                progress: r.progress,
                difficulties: r.difficulties,
            }
        })
        .collect())
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Reads the form's amounts (万元) and method into a report, or the fields' errors.
fn report_of(f: &ReportForm) -> Result<ReportIn, Vec<crate::platform::input::FieldError>> {
    let mut errors = Vec::new();
    let method = match f.method.as_str() {
        "spending" => Method::Spending,
        _ => Method::VisibleProgress,
    };
    let wan = |name: &str, text: &str, errors: &mut Vec<_>| {
        if text.trim().is_empty() {
            return Some(0);
        }
        money::parse_wan(name, text).map_err(|e| errors.push(e)).ok()
    };
    let invested = if method == Method::Spending {
        wan("invested_fen", &f.invested_wan, &mut errors)
    } else {
        None
    };
    let funds = wan("funds_arrived_fen", &f.funds_wan, &mut errors).unwrap_or(0);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReportIn {
        period: f.period.clone(),
        method,
        progress_percent: Some(f.progress_percent.clone())
            .filter(|_| method == Method::VisibleProgress),
        invested_fen: invested,
        in_library: f.in_library == "1",
        funds_arrived_fen: funds,
        progress: f.progress.clone(),
        difficulties: f.difficulties.clone(),
    })
}

async fn refusal(
    state: &AppState,
    who: &PageActor,
    id: i64,
    form: &str,
    e: AppError,
    report: ReportForm,
) -> Result<Response, PageError> {
    let mut r = Refusal { form: form.into(), report, ..Refusal::default() };
    match e {
        AppError::Invalid(fields) => r.errors = Errors::from_fields(who.lang, &fields),
        AppError::Conflict(key) => r.message = Some(who.lang.t(key).into_owned()),
        other => return Err(other.into()),
    }
    refused(state, who, id, r).await
}

/// Reads a page's multipart form, its session's token checked before anything else.
async fn multipart(
    who: &PageActor,
    m: Multipart,
) -> Result<(Vec<(String, String)>, Option<Vec<u8>>), PageError> {
    let (fields, file) = crate::platform::web::multipart::read(m).await?;
    if field(&fields, "csrf") != who.csrf {
        return Err(PageError(AppError::Forbidden));
    }
    Ok((fields, file.filter(|b| !b.is_empty())))
}

/// `POST /projects/{id}/reports`: the report, and its photo when one was chosen.
pub async fn submit(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, photo) = multipart(&who, m).await?;
    let f = |n: &str| field(&fields, n).to_string();
    let form = ReportForm {
        period: f("period"),
        method: f("method"),
        progress_percent: f("progress_percent"),
        invested_wan: f("invested_wan"),
        in_library: f("in_library"),
        funds_wan: f("funds_wan"),
        progress: f("progress"),
        difficulties: f("difficulties"),
    };
    let input = match report_of(&form) {
        Ok(i) => i,
        Err(fields) => {
            return refusal(&state, &who, id, "report", AppError::Invalid(fields), form).await;
        }
    };
    let row =
        match crate::projects::services::reports::submit(&state.db, &who.actor, id, &input).await {
            Ok(row) => row,
            Err(e) => return refusal(&state, &who, id, "report", e, form).await,
        };
    if let Some(bytes) = photo
        && let Err(e) =
            crate::projects::services::photos::add(&state.db, &who.actor, id, &row.period, bytes)
                .await
    {
        return refusal(
            &state,
            &who,
            id,
            &format!("photo:{}", row.period),
            e,
            ReportForm::default(),
        )
        .await;
    }
    Ok(Redirect::to(&format!("/projects/{id}?done=saved#report-{}", row.period)).into_response())
}

/// `POST /projects/{id}/reports/{period}/photos`.
pub async fn add_photo(
    State(state): State<AppState>,
    who: PageActor,
    Path((id, period)): Path<(i64, String)>,
    m: Multipart,
) -> Result<Response, PageError> {
    let (_, photo) = multipart(&who, m).await?;
    let bytes = photo.unwrap_or_default();
    match crate::projects::services::photos::add(&state.db, &who.actor, id, &period, bytes).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/projects/{id}?done=saved#report-{period}")).into_response())
        }
        Err(e) => {
            refusal(&state, &who, id, &format!("photo:{period}"), e, ReportForm::default()).await
        }
    }
}

/// The review form.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    note: String,
}

/// `POST /projects/{id}/reports/{period}/review`.
pub async fn review(
    State(state): State<AppState>,
    Path((id, period)): Path<(i64, String)>,
    posted: SessionForm<ReviewForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    match crate::projects::services::reports::review(&state.db, &who.actor, id, &period, &form.note)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/projects/{id}?done=saved#report-{period}")).into_response())
        }
        Err(e) => {
            refusal(&state, &who, id, &format!("review:{period}"), e, ReportForm::default()).await
        }
    }
}

/// `GET /projects/{id}/photos/{photo}`.
pub async fn photo(
    State(state): State<AppState>,
    who: PageActor,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (content_type, data) =
        crate::projects::services::photos::data(&state.db, &who.actor, id, photo).await?;
    Ok(crate::platform::web::download::image(content_type, data))
}

//! Mediation on the case page: record a session, write the agreement, follow up on its
//! performance; and the agreement as a printable document.

use crate::cases::pages::Refused;

use crate::cases::pages::render;
use crate::cases::services::rows::AgreementRow;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::Errors;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm as Posted;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The session form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub summary: String,
}

/// The agreement form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    pub facts: String,
    #[serde(default)]
    pub obligations: String,
    #[serde(default)]
    pub performance: String,
    #[serde(default)]
    pub performance_due: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub signed_by_all: Option<String>,
    #[serde(default)]
    pub committee: String,
}

/// The performance follow-up form.
#[derive(Debug, Default, Deserialize)]
pub struct PerformanceForm {
    performed: String,
    #[serde(default)]
    note: String,
}

/// The case page again with the refusal; 422 for bad fields, 409 for the wrong moment.
async fn refused(
    state: &AppState,
    who: &PageActor,
    id: i64,
    e: AppError,
    mut back: Refused,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let status = match e {
        AppError::Invalid(fields) => {
            back.error = Some(lang.t("error.invalid").into_owned());
            back.errors = Errors::from_fields(lang, &fields);
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::Conflict(key) => {
            back.error = Some(lang.t(key).into_owned());
            axum::http::StatusCode::CONFLICT
        }
        e => return Err(e.into()),
    };
    let mut res = render(state, who, Ctx::of(who), id, false, back).await?;
    *res.status_mut() = status;
    Ok(res)
}

/// `POST /cases/{id}/mediation/session`.
pub async fn add_session(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: Posted<SessionForm>,
) -> Result<Response, PageError> {
    let Posted { who, form } = posted;
    let input = crate::cases::services::mediation::SessionInput {
        held_on: form.held_on.clone(),
        place: form.place.clone(),
        summary: form.summary.clone(),
    };
    match crate::cases::services::mediation::add_session(&state.db, &who.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved#mediation")).into_response()),
        Err(e) => {
            refused(&state, &who, id, e, Refused { session: form, ..Default::default() }).await
        }
    }
}

/// `POST /cases/{id}/mediation/agreement`.
pub async fn save_agreement(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: Posted<AgreementForm>,
) -> Result<Response, PageError> {
    let Posted { who, form } = posted;
    let input = crate::cases::services::mediation::AgreementInput {
        facts: form.facts.clone(),
        obligations: form.obligations.clone(),
        performance: form.performance.clone(),
        performance_due: form.performance_due.clone(),
        signed_on: form.signed_on.clone(),
        signed_by_all: form.signed_by_all.is_some(),
        committee: form.committee.clone(),
    };
    match crate::cases::services::mediation::save_agreement(&state.db, &who.actor, id, input).await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved#mediation")).into_response()),
        Err(e) => {
            refused(&state, &who, id, e, Refused { agreement: form, ..Default::default() }).await
        }
    }
}

/// `POST /cases/{id}/mediation/performance`.
pub async fn performance(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: Posted<PerformanceForm>,
) -> Result<Response, PageError> {
    let Posted { who, form } = posted;
    match crate::cases::services::mediation::check_performance(
        &state.db,
        &who.actor,
        id,
        form.performed == "1",
        &form.note,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved#mediation")).into_response()),
        Err(e) => refused(&state, &who, id, e, Refused::default()).await,
    }
}

#[derive(Template)]
#[template(path = "cases/templates/agreement.html")]
struct AgreementPage {
    ctx: Ctx,
    a: AgreementRow,
    parties: Vec<(String, String, String, String)>,
}

/// `GET /cases/{id}/agreement`: the agreement laid out as the paper document, for printing and
/// signing. ID numbers are printed masked; the signed original stays on paper.
pub async fn print(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let view = crate::cases::services::get(&state.db, &who.actor, id, false).await?;
    let m = crate::cases::services::mediation::of(&state.db, &who.actor, id).await?;
    let a = m.agreement.ok_or(AppError::NotFound)?;
    let parties = view
        .parties
        .into_iter()
        .map(|p| {
            (
                ctx.t(&format!("party.{}", p.role)).into_owned(),
                p.name,
                p.id_number.unwrap_or_default(),
                p.address,
            )
        })
        .collect();
    Ok(page(AgreementPage { ctx, a, parties }))
}

/// `GET /cases/{id}/agreement.docx`: the agreement as a Word document, for offices that file
/// and stamp paper from Word. ID numbers are masked, as on the printable page.
pub async fn docx(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts};
    let view = crate::cases::services::get(&state.db, &who.actor, id, false).await?;
    let a = crate::cases::services::mediation::of(&state.db, &who.actor, id)
        .await?
        .agreement
        .ok_or(AppError::NotFound)?;
    let ctx = Ctx::of(&who);
    let run =
        |text: &str| Run::new().add_text(text).size(28).fonts(RunFonts::new().east_asia("SimSun"));
    let line = |text: &str| Paragraph::new().add_run(run(text));
    let heading = |text: &str| Paragraph::new().add_run(run(text).bold());
    let mut doc = Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(run("人民调解协议书").size(44).bold())
                .align(AlignmentType::Center),
        )
        .add_paragraph(line(&a.number).align(AlignmentType::Right))
        .add_paragraph(heading("当事人"));
    for p in &view.parties {
        let role = ctx.t(&format!("party.{}", p.role));
        let id_number = p.id_number.clone().unwrap_or_default();
        doc = doc.add_paragraph(line(&format!(
            "{role}：{}  身份证号：{id_number}  住址：{}",
            p.name, p.address
        )));
    }
    doc = doc
        .add_paragraph(heading("纠纷主要事实、争议事项及各方当事人责任"))
        .add_paragraph(line(&a.facts))
        .add_paragraph(heading("经调解，各方当事人自愿达成如下协议"))
        .add_paragraph(line(&a.obligations))
        .add_paragraph(heading("履行方式和期限"))
        .add_paragraph(line(&a.performance))
        .add_paragraph(line(&format!("履行期限：{} 前", a.performance_due)))
        .add_paragraph(line(
            "本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式三份，双方当事人各执一份，人民调解委员会留存一份。",
        ));
    for p in &view.parties {
        doc = doc.add_paragraph(line(&format!(
            "{}（签名）：{} ＿＿＿＿＿＿",
            ctx.t(&format!("party.{}", p.role)),
            p.name
        )));
    }
    doc = doc
        .add_paragraph(line(&format!("人民调解员（签名）：{} ＿＿＿＿＿＿", a.mediator)))
        .add_paragraph(line(&format!("{}（印章）", a.committee)).align(AlignmentType::Right))
        .add_paragraph(line(&a.signed_on).align(AlignmentType::Right));
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| anyhow::anyhow!("docx: {e}"))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"agreement-{id}.docx\""),
            ),
        ],
        bytes.into_inner(),
    )
        .into_response())
}

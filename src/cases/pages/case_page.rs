//! `GET /cases/{id}`: a case with its timeline, its parties, its photos, its mediation, the
//! cases it may repeat and the actions it allows; forms refused elsewhere come back here.

use crate::cases::domain::Action;
use crate::cases::domain::case::Case;
use crate::cases::pages::catalogue_of;
use crate::cases::pages::category_name;
use crate::platform::service::Paging;
use crate::platform::time::Stamp;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::Errors;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

/// An event as the timeline shows it.
pub struct EventLine {
    at: String,
    action: String,
    actor: String,
    note: String,
    state: String,
}

#[derive(Template)]
#[template(path = "cases/templates/case.html")]
struct CasePage {
    ctx: Ctx,
    case: Case,
    category: String,
    state: String,
    outcome: String,
    unit: String,
    handler: String,
    deadline: String,
    due: String,
    overdue: bool,
    events: Vec<EventLine>,
    parties: Vec<(String, String, String, String)>,
    revealed: bool,
    actions: Vec<(String, String, bool)>,
    dispatch_units: Vec<(i64, String)>,
    departments: Vec<(i64, String)>,
    responsible: Option<(i64, String)>,
    error: Option<String>,
    errors: Errors,
    note: String,
    session: crate::cases::pages::mediation::SessionForm,
    agreement_form: crate::cases::pages::mediation::AgreementForm,
    mediation: Option<crate::cases::services::mediation::Mediation>,
    duplicates: Vec<(i64, String, String, String)>,
    photos: Vec<(i64, String, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    reveal: Option<String>,
    done: Option<String>,
}

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who).with_notice(q.done.as_deref());
    render(&state, &who, ctx, id, q.reveal.as_deref() == Some("1"), Refused::default()).await
}

/// What a refused form leaves on the page: the message, the fields, and what was typed.
#[derive(Default)]
pub struct Refused {
    /// The message at the top.
    pub error: Option<String>,
    /// Field messages.
    pub errors: Errors,
    /// The note typed into an action form.
    pub note: String,
    /// The session form as typed.
    pub session: crate::cases::pages::mediation::SessionForm,
    /// The agreement form as typed.
    pub agreement: crate::cases::pages::mediation::AgreementForm,
}

/// The case page; `refused` brings back a form that was not accepted.
pub async fn render(
    state: &AppState,
    who: &PageActor,
    ctx: Ctx,
    id: i64,
    reveal: bool,
    refused: Refused,
) -> Result<Response, PageError> {
    let view = crate::cases::services::get(&state.db, &who.actor, id, reveal).await?;
    let duplicates = if view.can_act
        && matches!(view.case.state.as_str(), "reported" | "registered")
    {
        crate::cases::services::duplicates(&state.db, &who.actor, id)
            .await?
            .into_iter()
            .map(|(c, why)| {
                let reason = match why {
                    crate::cases::services::Likeness::Nearby => ctx.t("duplicate.nearby"),
                    crate::cases::services::Likeness::SameParty => ctx.t("duplicate.same_party"),
                };
                (c.id, c.title, reason.into_owned(), ctx.at(c.reported_at))
            })
            .collect()
    } else {
        Vec::new()
    };
    let photos = crate::cases::services::photos(&state.db, &who.actor, id)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                p.taken_at.unwrap_or_default(),
                p.lon.zip(p.lat).map(|(x, y)| format!("{y:.5}, {x:.5}")).unwrap_or_default(),
            )
        })
        .collect();
    let mediation = if view.case.kind == crate::cases::domain::CaseKind::Dispute {
        Some(crate::cases::services::mediation::of(&state.db, &who.actor, id).await?)
    } else {
        None
    };
    let names = catalogue_of(state, who).await?;
    let unit = crate::cases::services::places::unit_name(&state.db, view.case.unit_id).await;
    let handler =
        crate::cases::services::places::unit_name(&state.db, view.case.handler_unit_id).await;
    // Where a dispatch may go: the handling unit and the units just below it, and the departments.
    let mut dispatch_units = vec![(view.case.handler_unit_id, handler.clone())];
    if let Ok(children) = crate::platform::hierarchy::services::children(
        &state.db,
        &who.actor,
        view.case.handler_unit_id,
        Paging { page: 1, page_size: 500 },
    )
    .await
    {
        dispatch_units.extend(children.items.into_iter().map(|c| (c.id, c.name)));
    }
    let departments: Vec<(i64, String)> =
        crate::platform::hierarchy::services::departments(&state.db, &who.actor)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
    // A case with a department works there; the tile names it beside the unit above it.
    let handler =
        match view.case.department_id.and_then(|id| departments.iter().find(|d| d.0 == id)) {
            Some((_, name)) => format!("{name}（{handler}）"),
            None => handler,
        };
    let responsible = view.responsible_department.as_ref().map(|d| (d.id, d.name.clone()));
    let now = Stamp(state.db.clock.now());
    Ok(page(CasePage {
        category: category_name(&ctx, &names, &view.case.category_code),
        state: ctx.t(&format!("state.{}", view.case.state.as_str())).into_owned(),
        outcome: view
            .case
            .outcome
            .map(|o| ctx.t(&format!("outcome.{}", o.as_str())).into_owned())
            .unwrap_or_default(),
        deadline: view.case.step_deadline.map(|d| ctx.at(d)).unwrap_or_default(),
        due: view.case.due_at.map(|d| ctx.at(d)).unwrap_or_default(),
        overdue: view.case.is_late(now),
        events: view
            .events
            .iter()
            .map(|e| EventLine {
                at: ctx.at(e.at),
                action: ctx.t(&format!("action.case.{}", e.action)).into_owned(),
                actor: e.actor_name.clone(),
                note: e.note.clone(),
                state: ctx.t(&format!("state.{}", e.to_state.as_str())).into_owned(),
            })
            .collect(),
        parties: view
            .parties
            .iter()
            .map(|p| {
                (
                    ctx.t(&format!("party.{}", p.role)).into_owned(),
                    p.name.clone(),
                    p.id_number.clone().unwrap_or_default(),
                    p.phone.clone(),
                )
            })
            .collect(),
        revealed: reveal,
        actions: if view.can_act {
            view.allowed
                .iter()
                .map(|a| {
                    (
                        a.as_str().to_string(),
                        ctx.t(&format!("action.case.{}", a.as_str())).into_owned(),
                        needs_note(*a),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        case: view.case,
        unit,
        handler,
        dispatch_units,
        departments,
        responsible,
        error: refused.error,
        errors: refused.errors,
        note: refused.note,
        session: refused.session,
        agreement_form: refused.agreement,
        mediation,
        duplicates,
        photos,
        ctx,
    }))
}

/// Whether an action needs a written note, for the form's `required`.
fn needs_note(action: Action) -> bool {
    matches!(
        action,
        Action::Refuse
            | Action::Object
            | Action::Escalate
            | Action::Feedback
            | Action::Rework
            | Action::Defer
            | Action::Withdraw
    )
}

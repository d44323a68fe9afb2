//! Cases on the page: a worker's queue, the report form, a case with its timeline and the
//! actions it allows, the list behind every figure with CSV export.

pub mod catalogue;
pub mod dashboard;
pub mod imports;
pub mod listing;
pub mod mediation;
pub mod open311_keys;
pub mod report;

use crate::platform::web::pages::Ctx;

use crate::platform::web::pages::Errors;

use crate::cases::domain::Action;
use crate::cases::services::ActionInput;
use crate::cases::services::ListInput;
use crate::cases::services::PartyInput;
use crate::cases::services::ReportInput;
use crate::cases::store::CaseRow;
use crate::cases::store::CategoryRow;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use crate::platform::web::session::SessionForm;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub(crate) fn category_name(ctx: &Ctx, names: &[CategoryRow], code: &str) -> String {
    match names.iter().find(|c| c.code == code) {
        Some(c) if ctx.lang == crate::platform::i18n::Lang::En => c.name_en.clone(),
        Some(c) => c.name.clone(),
        None => code.to_string(),
    }
}

async fn catalogue_of(state: &AppState, who: &PageActor) -> Result<Vec<CategoryRow>, PageError> {
    let zone = who.actor.held.first().map(|h| crate::cases::services::catalogue::zone_of(&h.path)).ok_or(AppError::NotFound)?;
    Ok(crate::cases::services::catalogue::current(&state.db, zone).await?.1)
}

/// What the map of cases asks for (the list's filters it understands); empty means "any".
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    unit: Option<i64>,
    from: Option<String>,
    to: Option<String>,
    category: Option<String>,
    state: Option<String>,
    measure: Option<String>,
    open: Option<String>,
    q: Option<String>,
    overdue: Option<String>,
}

impl ListQuery {
    fn input(&self) -> Result<ListInput, AppError> {
        let day = |field: &str, v: &Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
            Ok(crate::platform::day::parse_optional(field, v.as_deref())?)
        };
        let open = self.open.as_deref() == Some("1");
        let states = match (&self.state, open) {
            (Some(s), _) if s == "open" => {
                ["reported", "registered", "dispatched", "handling", "handled", "suspended"].map(String::from).to_vec()
            }
            (Some(s), _) if !s.is_empty() => vec![s.clone()],
            (_, true) => ["reported", "registered", "dispatched", "handling", "handled", "suspended"].map(String::from).to_vec(),
            _ => Vec::new(),
        };
        Ok(ListInput {
            unit_id: self.unit,
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            category: self.category.clone().filter(|c| !c.is_empty()),
            states,
            measure: self.measure.clone().filter(|m| !m.is_empty()),
            handler_unit_id: None,
            by_deadline: open,
            keyword: self.q.clone().filter(|k| !k.trim().is_empty()),
            overdue: self.overdue.as_deref() == Some("1"),
            ..Default::default()
        })
    }

    /// The query string again (without the page), for pager and export links.
    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", v.replace('&', "%26")));
            }
        };
        add("unit", self.unit.map(|u| u.to_string()));
        add("from", self.from.clone());
        add("to", self.to.clone());
        add("category", self.category.clone());
        add("state", self.state.clone());
        add("measure", self.measure.clone());
        add("open", self.open.clone());
        add("q", self.q.clone());
        add("overdue", self.overdue.clone());
        parts.join("&")
    }
}

#[derive(Template)]
#[template(path = "cases/templates/case_new.html")]
struct NewCasePage {
    ctx: Ctx,
    categories: Vec<(String, String, String)>,
    units: Vec<(i64, String)>,
    form: ReportForm,
    errors: Errors,
}

/// The report form.
#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    party1_name: String,
    #[serde(default)]
    party1_id: String,
    #[serde(default)]
    party1_phone: String,
    #[serde(default)]
    party2_name: String,
    #[serde(default)]
    party2_id: String,
    #[serde(default)]
    party2_phone: String,
}

async fn new_page(state: &AppState, who: &PageActor, form: ReportForm, errors: Errors) -> Result<Response, PageError> {
    let ctx = Ctx::of(who);
    let all = catalogue_of(state, who).await?;
    let categories = all
        .iter()
        .filter(|c| crate::cases::services::catalogue::is_leaf(&c.code, &all))
        .map(|c| {
            let group = all.iter().find(|p| p.code.len() < c.code.len() && c.code.starts_with(&p.code) && p.code.len() == 1);
            let group = group.map(|g| category_name(&ctx, &all, &g.code)).unwrap_or_default();
            (c.code.clone(), format!("{} · {}", group, category_name(&ctx, &all, &c.code)), c.kind.clone())
        })
        .collect();
    let units = crate::platform::hierarchy::services::top(&state.db, &who.actor)
        .await?
        .into_iter()
        .map(|u| (u.id(), u.row().name.clone()))
        .collect();
    Ok(page(NewCasePage { ctx, categories, units, form, errors }))
}

/// `GET /cases/new`.
pub async fn new(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    new_page(&state, &who, ReportForm::default(), Errors::default()).await
}

/// `POST /cases/new`: reports, then opens the case; a refusal shows the form again as typed.
pub async fn create(State(state): State<AppState>, posted: SessionForm<ReportForm>) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let party = |name: &str, id: &str, phone: &str, role: &str| {
        (!name.trim().is_empty() || !id.trim().is_empty()).then(|| PartyInput {
            role: role.into(),
            name: name.into(),
            id_number: Some(id.to_string()).filter(|s| !s.trim().is_empty()),
            phone: phone.into(),
            address: String::new(),
        })
    };
    let parties: Vec<PartyInput> = [
        party(&form.party1_name, &form.party1_id, &form.party1_phone, "applicant"),
        party(&form.party2_name, &form.party2_id, &form.party2_phone, "respondent"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let input = ReportInput {
        category: form.category.clone(),
        unit_id: form.unit_id.parse().ok(),
        point: None,
        title: String::new(),
        description: form.description.clone(),
        address: form.address.clone(),
        source: "grid".into(),
        reporter_name: who.actor.display_name.clone(),
        reporter_phone: String::new(),
        parties,
        reported_at: None,
    };
    match crate::cases::api::intake(&state).report(&state.db, &who.actor, input).await {
        Ok(row) => Ok(Redirect::to(&format!("/cases/{}?done=created", row.id)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = Errors::from_fields(who.lang, &fields);
            let mut res = new_page(&state, &who, form, errors).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

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
    case: CaseRow,
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
pub async fn render(state: &AppState, who: &PageActor, ctx: Ctx, id: i64, reveal: bool, refused: Refused) -> Result<Response, PageError> {
    let view = crate::cases::services::get(&state.db, &who.actor, id, reveal).await?;
    let duplicates = if view.can_act && matches!(view.case.state.as_str(), "reported" | "registered") {
        crate::cases::services::duplicates(&state.db, &who.actor, id)
            .await?
            .into_iter()
            .map(|(c, why)| {
                let reason = match why {
                    crate::cases::services::Likeness::Nearby => ctx.t("duplicate.nearby"),
                    crate::cases::services::Likeness::SameParty => ctx.t("duplicate.same_party"),
                };
                (c.id, c.title, reason.into_owned(), ctx.time(&c.reported_at))
            })
            .collect()
    } else {
        Vec::new()
    };
    let photos = crate::cases::services::photos(&state.db, &who.actor, id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.taken_at.unwrap_or_default(), p.lon.zip(p.lat).map(|(x, y)| format!("{y:.5}, {x:.5}")).unwrap_or_default()))
        .collect();
    let mediation =
        if view.case.kind == "dispute" { Some(crate::cases::services::mediation::of(&state.db, &who.actor, id).await?) } else { None };
    let names = catalogue_of(state, who).await?;
    let unit_name = |id: i64| async move {
        crate::platform::hierarchy::store::name_of(&state.db.pool, id).await.ok().flatten().unwrap_or_else(|| id.to_string())
    };
    let unit = unit_name(view.case.unit_id).await;
    let handler = unit_name(view.case.handler_unit_id).await;
    // Where a dispatch may go: the handling unit and the units just below it, and the departments.
    let mut dispatch_units = vec![(view.case.handler_unit_id, handler.clone())];
    if let Ok(children) =
        crate::platform::hierarchy::services::children(&state.db, &who.actor, view.case.handler_unit_id, Paging { page: 1, page_size: 500 })
            .await
    {
        dispatch_units.extend(children.items.into_iter().map(|c| (c.id, c.name)));
    }
    let departments: Vec<(i64, String)> =
        crate::platform::hierarchy::services::departments(&state.db, &who.actor).await?.into_iter().map(|d| (d.id, d.name)).collect();
    // A case with a department works there; the tile names it beside the unit above it.
    let handler = match view.case.department_id.and_then(|id| departments.iter().find(|d| d.0 == id)) {
        Some((_, name)) => format!("{name}（{handler}）"),
        None => handler,
    };
    let responsible = view.responsible_department.as_ref().map(|d| (d.id, d.name.clone()));
    let now = state.db.clock.stamp();
    Ok(page(CasePage {
        category: category_name(&ctx, &names, &view.case.category_code),
        state: ctx.t(&format!("state.{}", view.case.state)).into_owned(),
        outcome: view.case.outcome.as_deref().map(|o| ctx.t(&format!("outcome.{o}")).into_owned()).unwrap_or_default(),
        deadline: view.case.step_deadline.as_deref().map(|d| ctx.time(d)).unwrap_or_default(),
        due: view.case.due_at.as_deref().map(|d| ctx.time(d)).unwrap_or_default(),
        overdue: view.case.overdue != 0 || view.case.step_deadline.as_deref().is_some_and(|d| d < now.as_str()),
        events: view
            .events
            .iter()
            .map(|e| EventLine {
                at: ctx.time(&e.at),
                action: ctx.t(&format!("action.case.{}", e.action)).into_owned(),
                actor: e.actor_name.clone(),
                note: e.note.clone(),
                state: ctx.t(&format!("state.{}", e.to_state)).into_owned(),
            })
            .collect(),
        parties: view
            .parties
            .iter()
            .map(|p| {
                (ctx.t(&format!("party.{}", p.role)).into_owned(), p.name.clone(), p.id_number.clone().unwrap_or_default(), p.phone.clone())
            })
            .collect(),
        revealed: reveal,
        actions: if view.can_act {
            view.allowed
                .iter()
                .map(|a| (a.as_str().to_string(), ctx.t(&format!("action.case.{}", a.as_str())).into_owned(), needs_note(*a)))
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

/// An action posted from the case page.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    into: String,
}

/// `POST /cases/{id}/act`.
pub async fn act(State(state): State<AppState>, Path(id): Path<i64>, posted: SessionForm<ActionForm>) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input = ActionInput {
        action: form.action.clone(),
        note: form.note.clone(),
        unit_id: form.unit_id.parse().ok().filter(|_| form.department_id.is_empty()),
        department_id: form.department_id.parse().ok(),
        outcome: Some(form.outcome.clone()).filter(|o| !o.is_empty()),
        days: form.days.parse().ok(),
        satisfaction: form.satisfaction.parse().ok(),
        into: form.into.parse().ok(),
        at: None,
    };
    let lang = who.lang;
    let failed = |message: String, errors: Errors| async {
        let refused = Refused { error: Some(message), errors, note: form.note.clone(), ..Default::default() };
        let mut res = render(&state, &who, Ctx::of(&who), id, false, refused).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        Ok::<Response, PageError>(res)
    };
    match crate::cases::services::act(&state.db, &who.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => failed(lang.t("error.invalid").into_owned(), Errors::from_fields(lang, &fields)).await,
        Err(AppError::NotAllowed { state: s, allowed }) => {
            let allowed: Vec<String> = allowed.iter().map(|a| lang.t(&format!("action.case.{a}")).into_owned()).collect();
            let msg = lang.t_args("error.not_allowed", &[("state", format!("@state.{s}")), ("allowed", allowed.join("、"))]);
            failed(msg, Errors::default()).await
        }
        Err(AppError::Conflict(key)) => failed(lang.t(key).into_owned(), Errors::default()).await,
        Err(e) => Err(e.into()),
    }
}

/// Whether an action needs a written note, for the form's `required`.
fn needs_note(action: Action) -> bool {
    matches!(
        action,
        Action::Refuse | Action::Object | Action::Escalate | Action::Feedback | Action::Rework | Action::Defer | Action::Withdraw
    )
}

#[derive(Template)]
#[template(path = "cases/templates/cases_map.html")]
struct CasesMapPage {
    ctx: Ctx,
    unit_name: String,
    map: String,
    counts: (usize, usize, usize),
    query: String,
}

/// `GET /cases/map`: the cases of a unit's subtree on its map, coloured by status. A case
/// without a point is drawn inside its grid.
pub async fn map(State(state): State<AppState>, who: PageActor, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let unit_id = q.unit.or_else(|| who.actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = who.actor.unit(&state.db, unit_id).await?;
    let layers = crate::platform::hierarchy::services::map_of(&state.db, &unit).await?;
    let (start, end) = unit.subtree();
    let grids: std::collections::HashMap<String, crate::platform::hierarchy::boundary::Boundary> =
        crate::platform::hierarchy::store::grid_boundaries(&state.db.pool, &start, &end)
            .await?
            .into_iter()
            .filter_map(|(path, geo)| crate::platform::hierarchy::boundary::Boundary::from_stored(&geo).map(|b| (path, b)))
            .collect();
    let paging = Paging::parse(Some(1), Some(500))?;
    let mut input = q.input()?;
    input.unit_id = Some(unit_id);
    let list = crate::cases::services::list(&state.db, &who.actor, input, paging).await?;
    let now = state.db.clock.stamp();
    let mut counts = (0, 0, 0);
    let markers: Vec<crate::platform::svg::Marker> = list
        .items
        .iter()
        .filter_map(|c| {
            let at = c.lon.zip(c.lat).or_else(|| {
                // Inside the case's grid, spread by its id so cases of one grid do not pile up.
                let b = grids.get(&c.unit_path)?;
                let (x0, y0, x1, y1) = b.bbox();
                let (fx, fy) = (((c.id * 37) % 100) as f64 / 100.0, ((c.id * 61) % 100) as f64 / 100.0);
                Some((x0 + (x1 - x0) * (0.15 + 0.7 * fx), y0 + (y1 - y0) * (0.15 + 0.7 * fy)))
            })?;
            let closed = c.state == "closed" || c.state == "refused";
            let overdue = !closed && (c.overdue != 0 || c.step_deadline.as_deref().is_some_and(|d| d < now.as_str()));
            let class = if closed {
                counts.2 += 1;
                "closed"
            } else if overdue {
                counts.1 += 1;
                "overdue"
            } else {
                counts.0 += 1;
                "open"
            };
            Some(crate::platform::svg::Marker { at, class, title: format!("#{} {}", c.id, c.title), href: format!("/cases/{}", c.id) })
        })
        .collect();
    let map = crate::platform::svg::svg_with(&layers, &unit.row().name, &markers);
    Ok(page(CasesMapPage { unit_name: unit.row().name.clone(), map, counts, query: q.to_query(), ctx }))
}

/// The pages of grid events.
pub fn routes() -> crate::platform::web::pages::Pages {
    use crate::cases::api::photos;
    crate::platform::web::pages::Pages::new()
        .get("/report", report::form)
        .post("/report", report::submit)
        .get("/report/{token}", report::status)
        .get("/dashboard", dashboard::show)
        .get("/cases", listing::index)
        .get("/cases.csv", listing::export_csv)
        .get("/cases.xlsx", listing::export_xlsx)
        .get("/cases/import", imports::form)
        .post("/cases/import", imports::upload)
        .get("/cases/import/template.xlsx", imports::template)
        .get("/cases/new", new)
        .post("/cases/new", create)
        .get("/cases/map", map)
        .get("/cases/{id}", show)
        .post("/cases/{id}/act", act)
        .post("/cases/{id}/photos", photos::page_upload)
        .get("/photos/{id}", photos::page_download)
        .post("/cases/{id}/mediation/session", mediation::add_session)
        .post("/cases/{id}/mediation/agreement", mediation::save_agreement)
        .post("/cases/{id}/mediation/performance", mediation::performance)
        .get("/cases/{id}/agreement", mediation::print)
        .get("/cases/{id}/agreement.docx", mediation::docx)
        .get("/admin/open311", open311_keys::index)
        .post("/admin/open311", open311_keys::create)
        .get("/admin/catalogue", catalogue::show)
        .post("/admin/catalogue", catalogue::publish)
        .get("/admin/catalogue.xlsx", catalogue::export)
        .get("/admin/calendar", catalogue::calendar)
        .post("/admin/calendar", catalogue::set_day)
        .post("/admin/open311/{id}/revoke", open311_keys::revoke)
}

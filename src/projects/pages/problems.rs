//! The problem ledger on the page: a project's problems with their ladders, the forms that raise
//! and solve one, and `GET /projects/problems`, the ledger of a unit's projects through the list
//! kit with its exports.

use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Filter, FilterKind, ListQuery};
use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::{PageActor, SessionForm};
use crate::projects::pages::project::{Refusal, settled};
use crate::projects::services::problems::{ProblemIn, ProblemLine};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde::Deserialize;

/// The raise form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct RaiseForm {
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_unit: String,
    #[serde(default)]
    owner_person: String,
    #[serde(default)]
    unit_head: String,
    #[serde(default)]
    principal: String,
    #[serde(default)]
    working_days: String,
}

/// `POST /projects/{id}/problems`.
pub async fn raise(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    posted: SessionForm<RaiseForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let input = ProblemIn {
        description: form.description,
        raised_by: String::new(),
        owner_unit: form.owner_unit,
        owner_person: form.owner_person,
        unit_head: form.unit_head,
        leader: String::new(),
        principal: form.principal,
        working_days: form.working_days.trim().parse().unwrap_or(0),
    };
    let done = crate::projects::services::problems::raise(&state.db, &who.actor, id, &input).await;
    let r = Refusal { form: "problem".into(), ..Refusal::default() };
    settled(&state, &who, id, (r, "#problems"), done.map(|_| ())).await
}

/// The solve form.
#[derive(Debug, Default, Deserialize)]
pub struct SolveForm {
    #[serde(default)]
    solution: String,
}

/// `POST /projects/{id}/problems/{problem}/solve`.
pub async fn solve(
    State(state): State<AppState>,
    Path((id, problem)): Path<(i64, i64)>,
    posted: SessionForm<SolveForm>,
) -> Result<Response, PageError> {
    let SessionForm { who, form } = posted;
    let done = crate::projects::services::problems::solve(
        &state.db,
        &who.actor,
        id,
        problem,
        &form.solution,
    )
    .await;
    let r = Refusal { form: format!("solve:{problem}"), ..Refusal::default() };
    settled(&state, &who, id, (r, "#problems"), done).await
}

/// The ledger's columns; the export has the same.
pub const COLUMNS: &[Column] = &[
    Column { key: "project", label: "projects.name", sortable: false },
    Column { key: "description", label: "projects.problem", sortable: false },
    Column { key: "raised_on", label: "projects.raised_on", sortable: false },
    Column { key: "owner", label: "projects.owner_unit", sortable: false },
    Column { key: "deadline", label: "projects.deadline", sortable: false },
    Column { key: "rung", label: "projects.rung", sortable: false },
    Column { key: "state", label: "projects.problem_state", sortable: false },
];

#[derive(Template)]
#[template(path = "projects/templates/problems.html")]
struct LedgerPage {
    ctx: Ctx,
    list: ListView,
}

async fn filters(state: &AppState, who: &PageActor) -> Result<Vec<Filter>, PageError> {
    Ok(vec![
        super::township(state, who).await?,
        Filter { name: "open", label: "projects.open_only", kind: FilterKind::Flag },
    ])
}

fn cells(ctx: &Ctx, l: &ProblemLine) -> Vec<String> {
    let p = &l.problem;
    let state = match (&p.solved_on, l.overdue) {
        (Some(on), _) => format!("{} {on}：{}", ctx.t("projects.solved"), p.solution),
        (None, true) => ctx.t("projects.overdue").into_owned(),
        (None, false) => ctx.t("projects.in_hand").into_owned(),
    };
    vec![
        l.project.clone(),
        p.description.clone(),
        format!("{} {}", p.raised_on, p.raised_by),
        format!("{} {}", p.owner_unit, p.owner_person),
        p.deadline.clone(),
        ctx.t(&format!("projects.rung.{}", p.rung)).into_owned(),
        state,
    ]
}

fn unit(q: &ListQuery) -> Result<Option<i64>, AppError> {
    super::parsed("unit", q.get("unit"))
}

/// `GET /projects/problems`.
pub async fn ledger(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who).await?;
    let q = ListQuery::parse(&raw.unwrap_or_default(), COLUMNS, &filters)?;
    let page_of = crate::projects::services::problems::ledger(
        &state.db,
        &who.actor,
        unit(&q)?,
        q.flag("open"),
        q.paging,
    )
    .await?;
    let rows = page_of
        .items
        .iter()
        .map(|l| Row {
            href: Some(format!("/projects/{}#problems", l.problem.project_id)),
            class: if l.overdue { "overdue" } else { "" },
            cells: cells(&ctx, l),
        })
        .collect();
    let list =
        ListView::new(&ctx, "/projects/problems", COLUMNS, &filters, &q, page_of.total, rows);
    Ok(page(LedgerPage { ctx, list }))
}

async fn export_as(
    state: AppState,
    who: PageActor,
    raw: Option<String>,
    format: Format,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who).await?;
    let q = ListQuery::parse(&raw.unwrap_or_default(), COLUMNS, &filters)?;
    let (db, u, open) = (&state.db, unit(&q)?, q.flag("open"));
    let first = crate::projects::services::problems::ledger(
        db,
        &who.actor,
        u,
        open,
        Paging { page: 1, page_size: 1 },
    )
    .await?;
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let page_of =
            crate::projects::services::problems::ledger(db, &who.actor, u, open, paging).await?;
        rows.extend(page_of.items.iter().map(|l| cells(&ctx, l)));
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let object =
        format!("unit:{}", u.or_else(|| who.actor.anchors().first().copied()).unwrap_or_default());
    let what = Export {
        name: "problems",
        action: "problems.export",
        object,
        filters: q.to_query(),
        purpose: None,
    };
    Ok(export::respond(db, &who.actor, format, what, &header, &rows).await?)
}

/// `GET /projects/problems.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Xlsx).await
}

/// `GET /projects/problems.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Csv).await
}

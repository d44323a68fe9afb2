//! `GET /projects/inspection`: the weekly inspection list (周督查) of a unit's projects on a day
//! through the list kit, with its XLSX and CSV exports for the inspection meeting.

use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Filter, FilterKind, ListQuery};
use crate::platform::service::{Page, Paging};
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::projects::domain::reports::Period;
use crate::projects::services::inspection::{Item, Kind};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::NaiveDate;

const COLUMNS: &[Column] = &[
    Column { key: "kind", label: "projects.inspection_kind", sortable: false },
    Column { key: "project", label: "projects.name", sortable: false },
    Column { key: "unit", label: "projects.township", sortable: false },
    Column { key: "detail", label: "projects.inspection_detail", sortable: false },
    Column { key: "owner", label: "projects.inspection_owner", sortable: false },
    Column { key: "due_on", label: "projects.deadline", sortable: false },
    Column { key: "days_over", label: "projects.days_over", sortable: false },
];

#[derive(Template)]
#[template(path = "projects/templates/inspection.html")]
struct InspectionPage {
    ctx: Ctx,
    note: String,
    list: ListView,
}

async fn filters(state: &AppState, who: &PageActor) -> Result<Vec<Filter>, PageError> {
    Ok(vec![
        super::township(state, who).await?,
        Filter { name: "as_of", label: "projects.as_of", kind: FilterKind::Date },
    ])
}

fn cells(ctx: &Ctx, i: &Item) -> Vec<String> {
    let detail = match i.kind {
        Kind::Gate => ctx.t(&format!("projects.gate.{}", i.detail)).into_owned(),
        Kind::Problem => {
            format!("{}（{}）", i.detail, ctx.t(&format!("projects.rung.{}", i.rung)))
        }
        Kind::ReportMissing | Kind::ReportLate => i.detail.clone(),
    };
    vec![
        ctx.t(&format!("projects.inspection.{}", i.kind.as_str())).into_owned(),
        i.project.clone(),
        i.unit.clone(),
        detail,
        i.owner.clone(),
        i.due_on.to_string(),
        i.days_over.to_string(),
    ]
}

struct Asked {
    unit: Option<i64>,
    day: NaiveDate,
}

fn asked(state: &AppState, q: &ListQuery) -> Result<Asked, PageError> {
    let day = match q.get("as_of").filter(|d| !d.is_empty()) {
        Some(d) => crate::platform::day::parse("as_of", d)?,
        None => state.db.clock.today(),
    };
    Ok(Asked { unit: super::parsed("unit", q.get("unit"))?, day })
}

async fn list_of(
    state: &AppState,
    who: &PageActor,
    a: &Asked,
    paging: Paging,
) -> Result<(Page<Item>, Period), PageError> {
    Ok(crate::projects::services::inspection::list(&state.db, &who.actor, a.unit, a.day, paging)
        .await?)
}

/// `GET /projects/inspection`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who).await?;
    let q = ListQuery::parse(&raw.unwrap_or_default(), COLUMNS, &filters)?;
    let a = asked(&state, &q)?;
    let (page_of, month) = list_of(&state, &who, &a, q.paging).await?;
    let rows = page_of
        .items
        .iter()
        .map(|i| Row {
            href: Some(format!("/projects/{}", i.project_id)),
            class: if i.days_over > 30 { "overdue" } else { "" },
            cells: cells(&ctx, i),
        })
        .collect();
    let list =
        ListView::new(&ctx, "/projects/inspection", COLUMNS, &filters, &q, page_of.total, rows);
    let note = ctx
        .lang
        .t_args("projects.inspection_note", &[("day", a.day.to_string()), ("month", month.text())]);
    Ok(page(InspectionPage { ctx, note, list }))
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
    let a = asked(&state, &q)?;
    let (first, _) = list_of(&state, &who, &a, Paging { page: 1, page_size: 1 }).await?;
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let (page_of, _) = list_of(&state, &who, &a, paging).await?;
        rows.extend(page_of.items.iter().map(|i| cells(&ctx, i)));
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let unit = a.unit.or_else(|| who.actor.anchors().first().copied()).unwrap_or_default();
    let what = Export {
        name: "inspection",
        action: "projects.inspection_export",
        object: format!("unit:{unit}"),
        filters: q.to_query(),
        purpose: None,
    };
    Ok(export::respond(&state.db, &who.actor, format, what, &header, &rows).await?)
}

/// `GET /projects/inspection.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Xlsx).await
}

/// `GET /projects/inspection.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Csv).await
}

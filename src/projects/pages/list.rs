//! `GET /projects` and its exports through the list kit: the projects of a unit's subtree by
//! level, township, industry, stage and year started, or those behind a dashboard figure; the
//! standard ledgers (under construction, new starts, promotion) are its filters, exported to
//! XLSX or CSV exactly as filtered, the export audited.

use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Direction, Filter, FilterKind, ListQuery};
use crate::platform::service::{AppError, Page, Paging};
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::projects::domain::gates::Gate;
use crate::projects::domain::{Level, money};
use crate::projects::services::projects::{ListInput, ProjectJson};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Datelike;

/// The columns, in order; the export has the same.
pub const COLUMNS: &[Column] = &[
    Column { key: "name", label: "projects.name", sortable: true },
    Column { key: "level", label: "projects.level", sortable: false },
    Column { key: "township", label: "projects.township", sortable: false },
    Column { key: "industry", label: "projects.industry", sortable: false },
    Column { key: "total", label: "projects.total_yi", sortable: true },
    Column { key: "stage", label: "projects.stage", sortable: false },
    Column { key: "leader", label: "projects.leader", sortable: false },
];

#[derive(Template)]
#[template(path = "projects/templates/projects.html")]
struct ProjectsPage {
    ctx: Ctx,
    list: ListView,
    /// What the figure the list came from counts, when it came from one.
    behind: Option<String>,
    /// This year, for the new starts' ledger.
    year: i32,
    /// Whether the viewer enters projects somewhere.
    may_enter: bool,
}

async fn filters(state: &AppState, who: &PageActor, ctx: &Ctx) -> Result<Vec<Filter>, PageError> {
    let levels = Level::ALL
        .iter()
        .map(|l| {
            (l.as_str().to_string(), ctx.t(&format!("projects.level.{}", l.as_str())).into_owned())
        })
        .collect();
    let stages = Gate::ALL
        .iter()
        .map(|g| {
            (g.as_str().to_string(), ctx.t(&format!("projects.gate.{}", g.as_str())).into_owned())
        })
        .collect();
    let zh = ctx.lang == crate::platform::i18n::Lang::Zh;
    let industries = crate::platform::industry::all()
        .iter()
        .map(|i| {
            (i.code.clone(), format!("{} {}", i.code, if zh { &i.name_zh } else { &i.name_en }))
        })
        .collect();
    let this_year = state.db.clock.today().year();
    let years = (2010..=this_year).rev().map(|y| (y.to_string(), y.to_string())).collect();
    Ok(vec![
        super::township(state, who).await?,
        Filter { name: "level", label: "projects.level", kind: FilterKind::Choice(levels) },
        Filter {
            name: "industry",
            label: "projects.industry",
            kind: FilterKind::Choice(industries),
        },
        Filter { name: "stage", label: "projects.stage", kind: FilterKind::Choice(stages) },
        Filter {
            name: "started_in",
            label: "projects.started_in",
            kind: FilterKind::Choice(years),
        },
        Filter { name: "figure", label: "projects.figure", kind: FilterKind::Hidden },
        Filter { name: "as_of", label: "projects.as_of", kind: FilterKind::Hidden },
        Filter { name: "side", label: "projects.side", kind: FilterKind::Hidden },
        Filter { name: "version", label: "projects.version", kind: FilterKind::Hidden },
    ])
}

fn choice<T: std::str::FromStr>(q: &ListQuery, name: &str) -> Result<Option<T>, AppError> {
    super::parsed(name, q.get(name))
}

/// The list the query asks for: the projects behind a figure when it names one.
async fn listed(
    state: &AppState,
    who: &PageActor,
    q: &ListQuery,
    paging: Paging,
) -> Result<(Page<ProjectJson>, Option<String>), PageError> {
    let db = &state.db;
    let mut input = ListInput {
        unit_id: choice(q, "unit")?,
        level: choice(q, "level")?,
        industry: crate::projects::services::projects::industry(q.get("industry"))?,
        stage: choice(q, "stage")?,
        started_in: choice(q, "started_in")?,
        sort: q.sort.map(|(key, dir)| (key == "name", dir == Direction::Descending)),
        ids: None,
    };
    let mut behind = None;
    if let Some(figure) = q.get("figure") {
        let by = crate::platform::day::parse("as_of", q.get("as_of").unwrap_or(""))?;
        let which =
            crate::projects::api::promotion::which(figure, q.get("side"), choice(q, "version")?)?;
        let unit = input
            .unit_id
            .or_else(|| who.actor.anchors().first().copied())
            .ok_or(AppError::NotFound)?;
        let (ids, definition) =
            crate::projects::services::promotion::behind(db, &who.actor, unit, by, which).await?;
        let ctx = Ctx::of(who);
        behind = Some(match definition {
            Some(d) => format!(
                "{} v{} · {} · {by}",
                ctx.t(&format!("projects.rate.{}", d.code.as_str())),
                d.version,
                ctx.t(if q.get("side") == Some("denominator") {
                    "projects.denominator"
                } else {
                    "projects.numerator"
                })
            ),
            None => format!("{} · {by}", ctx.t(&format!("projects.figure.{figure}"))),
        });
        input.ids = Some(ids);
        input.unit_id = Some(unit);
    }
    Ok((crate::projects::services::projects::list(db, &who.actor, input, paging).await?, behind))
}

fn cells(ctx: &Ctx, p: &ProjectJson, stage: Option<Gate>) -> Vec<String> {
    let industry = crate::platform::industry::find(&p.industry)
        .map_or_else(|| p.industry.clone(), |i| i.name_zh.clone());
    vec![
        p.name.clone(),
        ctx.t(&format!("projects.level.{}", p.level.as_str())).into_owned(),
        p.township.clone(),
        industry,
        money::yi(p.total_fen),
        stage.map_or_else(
            || ctx.t("projects.stage_lead").into_owned(),
            |g| ctx.t(&format!("projects.gate.{}", g.as_str())).into_owned(),
        ),
        p.leader.clone(),
    ]
}

/// `GET /projects`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who, &ctx).await?;
    let q = ListQuery::parse(&raw, COLUMNS, &filters)?;
    let (list, behind) = listed(&state, &who, &q, q.paging).await?;
    let ids: Vec<i64> = list.items.iter().map(|p| p.id).collect();
    let stages = crate::projects::services::projects::furthest(&state.db, &ids).await?;
    let rows = list
        .items
        .iter()
        .map(|p| Row {
            href: Some(format!("/projects/{}", p.id)),
            class: "",
            cells: cells(&ctx, p, stages.get(&p.id).copied()),
        })
        .collect();
    let view = ListView::new(&ctx, "/projects", COLUMNS, &filters, &q, list.total, rows);
    let year = state.db.clock.today().year();
    let may_enter = crate::projects::services::access::enters(&who.actor);
    Ok(page(ProjectsPage { list: view, ctx, behind, year, may_enter }))
}

async fn export_as(
    state: AppState,
    who: PageActor,
    raw: Option<String>,
    format: Format,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who, &ctx).await?;
    let q = ListQuery::parse(&raw, COLUMNS, &filters)?;
    let (first, _) = listed(&state, &who, &q, Paging { page: 1, page_size: 1 }).await?;
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let (list, _) = listed(&state, &who, &q, paging).await?;
        let ids: Vec<i64> = list.items.iter().map(|p| p.id).collect();
        let stages = crate::projects::services::projects::furthest(&state.db, &ids).await?;
        rows.extend(list.items.iter().map(|p| cells(&ctx, p, stages.get(&p.id).copied())));
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let unit = choice::<i64>(&q, "unit")?
        .or_else(|| who.actor.anchors().first().copied())
        .unwrap_or_default();
    let what = Export {
        name: "projects",
        action: "projects.export",
        object: format!("unit:{unit}"),
        filters: q.to_query(),
        purpose: None,
    };
    Ok(export::respond(&state.db, &who.actor, format, what, &header, &rows).await?)
}

/// `GET /projects.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Xlsx).await
}

/// `GET /projects.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Csv).await
}

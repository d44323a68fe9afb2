//! `GET /cases` and its exports through the list kit: filter by state, category, unit, report
//! days, overdue and words; sort by number, category, state, report time or deadline; a table on a
//! desk screen, cards on a phone; XLSX and CSV of exactly the filtered rows. With nothing asked it
//! is the person's queue: the open cases of their units, soonest deadline first.

use crate::cases::domain::CaseState;
use crate::cases::domain::case::Case;
use crate::cases::services::ListInput;
use crate::cases::services::rows::{CategoryRow, Sort};
use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Direction, Filter, FilterKind, ListQuery};
use crate::platform::service::{AppError, Paging};
use crate::platform::time::Stamp;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

/// The columns, in order; the export has the same.
pub const COLUMNS: &[Column] = &[
    Column { key: "id", label: "csv.id", sortable: true },
    Column { key: "title", label: "csv.title", sortable: false },
    Column { key: "category", label: "csv.category", sortable: true },
    Column { key: "state", label: "csv.state", sortable: true },
    Column { key: "unit", label: "csv.unit", sortable: false },
    Column { key: "reported_at", label: "csv.reported_at", sortable: true },
    Column { key: "step_deadline", label: "csv.step_deadline", sortable: true },
    Column { key: "overdue", label: "csv.overdue", sortable: false },
];

#[derive(Template)]
#[template(path = "cases/templates/cases.html")]
struct CasesPage {
    ctx: Ctx,
    title: String,
    list: ListView,
    /// The filters as a query string, for the map of the same cases.
    query: String,
}

/// What the page knows before it reads the cases: its catalogue and the units one may pick.
struct Choices {
    catalogue: Vec<CategoryRow>,
    filters: Vec<Filter>,
}

async fn choices(
    state: &AppState,
    who: &PageActor,
    ctx: &Ctx,
    raw: &str,
) -> Result<Choices, PageError> {
    let zone = who
        .actor
        .held
        .first()
        .map(|h| crate::cases::services::catalogue::zone_of(&h.path))
        .ok_or(AppError::NotFound)?;
    let catalogue = crate::cases::services::catalogue::current(&state.db, zone).await?.1;
    let categories = catalogue
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                format!("{} {}", c.code, super::category_name(ctx, &catalogue, &c.code)),
            )
        })
        .collect();
    let states = std::iter::once(("open".to_string(), ctx.t("cases.map_open").into_owned()))
        .chain(CaseState::ALL.iter().map(|s| {
            (s.as_str().to_string(), ctx.t(&format!("state.{}", s.as_str())).into_owned())
        }))
        .collect();
    let mut units =
        crate::platform::hierarchy::services::pickable(&state.db, &who.actor, 2).await?;
    // A unit further down, reached by a link (a grid from its page), is offered by its name.
    // The last `unit` counts, as for every parameter of the list (ListQuery::parse).
    let pairs =
        crate::platform::web::urlencoded::pairs(raw.as_bytes()).map_err(AppError::Malformed)?;
    let asked = pairs
        .into_iter()
        .rev()
        .find(|(k, _)| k == "unit")
        .map(|(_, v)| v.trim().to_string())
        .filter(|u| !u.is_empty());
    if let Some(asked) = asked {
        let id: i64 = asked.parse().map_err(|_| {
            AppError::Invalid(vec![crate::platform::input::FieldError::new("unit", "error.choice")])
        })?;
        if !units.iter().any(|(u, _)| *u == id) {
            // Through the scope check: a unit outside it is not found, and its name not read.
            let unit = who.actor.unit(&state.db, id).await?;
            units.push((id, unit.row().name.clone()));
        }
    }
    let filters = vec![
        Filter { name: "q", label: "cases.keyword", kind: FilterKind::Text },
        Filter { name: "state", label: "csv.state", kind: FilterKind::Choice(states) },
        Filter { name: "category", label: "csv.category", kind: FilterKind::Choice(categories) },
        Filter {
            name: "unit",
            label: "csv.unit",
            kind: FilterKind::Suggest(
                units.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
            ),
        },
        Filter { name: "from", label: "dashboard.from", kind: FilterKind::Date },
        Filter { name: "to", label: "dashboard.to", kind: FilterKind::Date },
        Filter { name: "overdue", label: "cases.only_overdue", kind: FilterKind::Flag },
        Filter { name: "measure", label: "rate.name", kind: FilterKind::Hidden },
    ];
    Ok(Choices { catalogue, filters })
}

/// The use-case's input from the list's query.
fn input(q: &ListQuery) -> ListInput {
    let states = match q.get("state") {
        Some("open") => CaseState::open().iter().map(|s| s.as_str().to_string()).collect(),
        Some(s) => vec![s.to_string()],
        None => Vec::new(),
    };
    let sort = q.sort.map(|(key, dir)| {
        let by = match key {
            "id" => Sort::Id,
            "category" => Sort::Category,
            "state" => Sort::State,
            "step_deadline" => Sort::Deadline,
            _ => Sort::Reported,
        };
        (by, dir == Direction::Descending)
    });
    ListInput {
        unit_id: q.get("unit").and_then(|u| u.parse().ok()),
        from: q.day("from"),
        to: q.day("to"),
        category: q.get("category").map(str::to_string),
        by_deadline: states.len() > 1,
        states,
        measure: q.get("measure").map(str::to_string),
        handler_unit_id: None,
        keyword: q.get("q").map(str::to_string),
        overdue: q.flag("overdue"),
        sort,
    }
}

/// The query asked, or the queue when nothing was: the open cases, soonest deadline first.
fn asked(raw: &str, filters: &[Filter]) -> Result<ListQuery, AppError> {
    let mut q = ListQuery::parse(raw, COLUMNS, filters)?;
    if q.is_default() {
        q.values.insert("state", "open".into());
        q.sort = Some(("step_deadline", Direction::Ascending));
    }
    Ok(q)
}

/// A case's cells, in the columns' order.
fn cells(
    ctx: &Ctx,
    catalogue: &[CategoryRow],
    units: &[(i64, String)],
    c: &Case,
    now: Stamp,
) -> (Vec<String>, bool) {
    let overdue = c.is_late(now);
    let unit = units
        .iter()
        .find(|(id, _)| *id == c.unit_id)
        .map_or_else(|| c.unit_id.to_string(), |(_, n)| n.clone());
    let cells = vec![
        format!("#{}", c.id),
        c.title.clone(),
        super::category_name(ctx, catalogue, &c.category_code),
        ctx.t(&format!("state.{}", c.state.as_str())).into_owned(),
        unit,
        ctx.at(c.reported_at),
        c.step_deadline.map(|d| ctx.at(d)).unwrap_or_default(),
        if overdue { ctx.t("cases.overdue_mark").into_owned() } else { String::new() },
    ];
    (cells, overdue)
}

async fn unit_names(state: &AppState, rows: &[Case]) -> Result<Vec<(i64, String)>, PageError> {
    let ids = rows.iter().map(|x| x.unit_id).collect();
    Ok(crate::platform::hierarchy::services::names(&state.db, ids).await?)
}

/// `GET /cases`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who)
        .with_notice(crate::platform::web::session::form_value(raw.as_bytes(), "done").as_deref());
    let Choices { catalogue, filters } = choices(&state, &who, &ctx, &raw).await?;
    let q = asked(&raw, &filters)?;
    let list = crate::cases::services::list(&state.db, &who.actor, input(&q), q.paging).await?;
    let units = unit_names(&state, &list.items).await?;
    let now = Stamp(state.db.clock.now());
    let rows = list
        .items
        .iter()
        .map(|c| {
            let (cells, overdue) = cells(&ctx, &catalogue, &units, c, now);
            Row {
                href: Some(format!("/cases/{}", c.id)),
                class: if overdue { "overdue" } else { "" },
                cells,
            }
        })
        .collect();
    let title =
        if q.get("state") == Some("open") { ctx.t("cases.queue") } else { ctx.t("cases.list") }
            .into_owned();
    let view = ListView::new(&ctx, "/cases", COLUMNS, &filters, &q, list.total, rows);
    Ok(page(CasesPage { query: view.query.clone(), title, list: view, ctx }))
}

async fn export_as(
    state: AppState,
    who: PageActor,
    raw: Option<String>,
    format: Format,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let Choices { catalogue, filters } = choices(&state, &who, &ctx, &raw).await?;
    let q = asked(&raw, &filters)?;
    let first = crate::cases::services::list(
        &state.db,
        &who.actor,
        input(&q),
        Paging { page: 1, page_size: 1 },
    )
    .await?;
    let now = Stamp(state.db.clock.now());
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let list = crate::cases::services::list(&state.db, &who.actor, input(&q), paging).await?;
        let units = unit_names(&state, &list.items).await?;
        rows.extend(list.items.iter().map(|c| cells(&ctx, &catalogue, &units, c, now).0));
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let unit =
        input(&q).unit_id.or_else(|| who.actor.anchors().first().copied()).unwrap_or_default();
    let what = Export {
        name: "cases",
        action: "cases.export",
        object: format!("unit:{unit}"),
        filters: q.to_query(),
        purpose: None,
    };
    Ok(export::respond(&state.db, &who.actor, format, what, &header, &rows).await?)
}

/// `GET /cases.xlsx`: the filtered list as an Excel workbook.
pub async fn export_xlsx(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Xlsx).await
}

/// `GET /cases.csv`: the same as CSV.
pub async fn export_csv(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Csv).await
}

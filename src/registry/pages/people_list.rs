//! `GET /registry/people` and its exports through the list kit: find by name, ID number or
//! phone; filter by unit, kind and 人户分离; sort by name or birth date; a table on a desk, cards on
//! a phone; XLSX and CSV of exactly the filtered rows, masked, the export audited.

use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Direction, Filter, FilterKind, ListQuery};
use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::registry::services::people::{ListInput, Person};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

/// The columns, in order; the export has the same.
pub const COLUMNS: &[Column] = &[
    Column { key: "name", label: "person.name", sortable: true },
    Column { key: "id_number", label: "person.id_number", sortable: false },
    Column { key: "sex", label: "person.sex", sortable: false },
    Column { key: "birth_date", label: "person.birth_date", sortable: true },
    Column { key: "grid", label: "person.grid", sortable: false },
    Column { key: "address", label: "person.address", sortable: false },
    Column { key: "phone", label: "person.phone", sortable: false },
    Column { key: "kind", label: "person.kind", sortable: false },
];

#[derive(Template)]
#[template(path = "registry/templates/people.html")]
struct PeoplePage {
    ctx: Ctx,
    list: ListView,
    /// Whether the caller keeps some grid, and so may export its people whole.
    may_reveal: bool,
}

async fn filters(state: &AppState, who: &PageActor, ctx: &Ctx) -> Result<Vec<Filter>, PageError> {
    let kinds = ["resident", "floating"]
        .iter()
        .map(|k| (k.to_string(), ctx.t(&format!("person.kind_{k}")).into_owned()))
        .collect();
    let mut out = search_filters(state, who).await?;
    out.extend([
        Filter { name: "kind", label: "person.kind", kind: FilterKind::Choice(kinds) },
        Filter { name: "apart", label: "registry.apart", kind: FilterKind::Flag },
    ]);
    Ok(out)
}

/// The filters every registry list starts with: the words to find, and the unit.
pub async fn search_filters(state: &AppState, who: &PageActor) -> Result<Vec<Filter>, PageError> {
    let units = crate::platform::hierarchy::services::pickable(&state.db, &who.actor, 3).await?;
    Ok(vec![
        Filter { name: "q", label: "registry.search", kind: FilterKind::Text },
        Filter {
            name: "unit",
            label: "person.grid",
            kind: FilterKind::Suggest(
                units.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
            ),
        },
    ])
}

/// A list's query as the audit chain keeps it: a search for an ID number or phone masked.
pub fn audited_query(q: &ListQuery) -> String {
    let mut q = q.clone();
    if let Some(text) = q.values.get_mut("q") {
        *text = crate::registry::services::people::masked_search(text);
    }
    q.to_query()
}

/// The unit a list query names, if any.
pub fn unit_of(q: &ListQuery) -> Result<Option<i64>, AppError> {
    match q.get("unit") {
        Some(u) => Ok(Some(u.parse().map_err(|_| {
            AppError::Invalid(vec![crate::platform::input::FieldError::new("unit", "error.choice")])
        })?)),
        None => Ok(None),
    }
}

fn input(q: &ListQuery) -> Result<ListInput, AppError> {
    let unit_id = unit_of(q)?;
    Ok(ListInput {
        unit_id,
        q: q.get("q").map(str::to_string),
        kind: q.get("kind").map(str::to_string),
        apart: q.flag("apart"),
        reveal: false,
        sort: q.sort.map(|(key, dir)| {
            (if key == "birth_date" { "birth_date" } else { "name" }, dir == Direction::Descending)
        }),
    })
}

/// A person's cells, in the columns' order.
pub fn cells(ctx: &Ctx, units: &[(i64, String)], p: &Person) -> Vec<String> {
    let unit =
        units.iter().find(|(id, _)| *id == p.unit_id).map_or_else(String::new, |(_, n)| n.clone());
    vec![
        p.name.clone(),
        p.id_number.clone(),
        ctx.t(&format!("person.sex_{}", p.sex)).into_owned(),
        p.birth_date.clone(),
        unit,
        p.address.clone(),
        p.phone.clone(),
        ctx.t(&format!("person.kind_{}", p.kind)).into_owned(),
    ]
}

async fn unit_names(state: &AppState, people: &[Person]) -> Result<Vec<(i64, String)>, PageError> {
    let ids = people.iter().map(|x| x.unit_id).collect();
    Ok(crate::platform::hierarchy::services::names(&state.db, ids).await?)
}

/// `GET /registry/people`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who, &ctx).await?;
    let q = ListQuery::parse(&raw, COLUMNS, &filters)?;
    let list = crate::registry::services::people::list(&state.db, &who.actor, input(&q)?, q.paging)
        .await?;
    let units = unit_names(&state, &list.items).await?;
    let rows = list
        .items
        .iter()
        .map(|p| Row {
            href: Some(format!("/registry/people/{}", p.id)),
            class: "",
            cells: cells(&ctx, &units, p),
        })
        .collect();
    let view = ListView::new(&ctx, "/registry/people", COLUMNS, &filters, &q, list.total, rows);
    let may_reveal = crate::registry::services::access::keeps_any(&who.actor);
    Ok(page(PeoplePage { list: view, ctx, may_reveal }))
}

async fn export_as(
    state: AppState,
    who: PageActor,
    raw: Option<String>,
    format: Format,
    purpose: Option<String>,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let filters = filters(&state, &who, &ctx).await?;
    let q = ListQuery::parse(&raw, COLUMNS, &filters)?;
    let db = &state.db;
    let asked = || -> Result<ListInput, AppError> {
        Ok(ListInput { reveal: purpose.is_some(), ..input(&q)? })
    };
    let first = crate::registry::services::people::list(
        db,
        &who.actor,
        asked()?,
        Paging { page: 1, page_size: 1 },
    )
    .await?;
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let list =
            crate::registry::services::people::list(db, &who.actor, asked()?, paging).await?;
        let units = unit_names(&state, &list.items).await?;
        rows.extend(list.items.iter().map(|p| cells(&ctx, &units, p)));
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let unit =
        input(&q)?.unit_id.or_else(|| who.actor.anchors().first().copied()).unwrap_or_default();
    let what = Export {
        name: "people",
        action: "people.export",
        object: format!("unit:{unit}"),
        filters: audited_query(&q),
        purpose: purpose.clone(),
    };
    Ok(export::respond(db, &who.actor, format, what, &header, &rows).await?)
}

/// `GET /registry/people.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Xlsx, None).await
}

/// `GET /registry/people.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    who: PageActor,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    export_as(state, who, raw, Format::Csv, None).await
}

/// `POST /registry/people/export`: the filtered list with the people of the grids the caller
/// keeps shown whole (names, ID numbers, phones), for a stated purpose kept in the audit chain
/// with the export; the rest stay masked.
pub async fn export_revealed(
    State(state): State<AppState>,
    posted: crate::platform::web::session::SessionForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    let crate::platform::web::session::SessionForm { who, form } = posted;
    let raw = form.get("query").cloned().unwrap_or_default();
    let unit = ListQuery::parse(&raw, COLUMNS, &filters(&state, &who, &Ctx::of(&who)).await?)?;
    if let Some(unit) = unit_of(&unit)? {
        // A unit the caller does not see is not there, before whether they may reveal.
        who.actor.unit(&state.db, unit).await?;
    }
    if !crate::registry::services::access::keeps_any(&who.actor) {
        return Err(AppError::Forbidden.into());
    }
    let purpose = crate::platform::input::required_text(
        "purpose",
        form.get("purpose").map_or("", String::as_str),
        200,
    )?;
    let format = if form.get("format").map(String::as_str) == Some("csv") {
        Format::Csv
    } else {
        Format::Xlsx
    };
    export_as(state, who, Some(raw), format, Some(purpose)).await
}

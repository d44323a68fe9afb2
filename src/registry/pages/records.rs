//! `GET /registry/{kind}` for every record kind (registry/domain/kinds.rs) through the list
//! kit: find by name or number, ID number or phone; filter by unit and the kind's first code;
//! XLSX and CSV (`/registry/{kind}.xlsx`) of exactly the filtered rows, masked, the export
//! audited. A special population's list is for its readers only, and audited.

use crate::platform::list::export::{self, Export, Format};
use crate::platform::list::view::{ListView, Row};
use crate::platform::list::{Column, Filter, FilterKind, ListQuery};
use crate::platform::service::{AppError, Paging};
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::registry::domain::records::{Field, Kind, Ty};
use crate::registry::services::records::{ListInput, Record};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Each kind's page path and each field's message key, made once (the list kit keeps them
/// as `&'static str`).
/// Static texts by name: each kind's page path, each field's message key.
type Statics = HashMap<&'static str, &'static str>;

static STATICS: LazyLock<(Statics, Statics)> = LazyLock::new(|| {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut paths = HashMap::new();
    let mut labels = HashMap::new();
    for kind in crate::registry::domain::kinds::ALL {
        paths.insert(kind.name, leak(format!("/registry/{}", kind.name)));
        for f in kind.fields {
            labels.entry(f.key).or_insert_with(|| leak(format!("field.{}", f.key)));
        }
    }
    (paths, labels)
});

/// The page of a kind's list.
pub fn path_of(kind: &Kind) -> &'static str {
    STATICS.0[kind.name]
}

/// The message key of a field's label.
pub fn label_of(field: &Field) -> &'static str {
    STATICS.1[field.key]
}

/// The kind of a path segment, or not found.
pub fn kind_of(name: &str) -> Result<&'static Kind, PageError> {
    crate::registry::domain::kinds::by_name(name).ok_or(PageError(AppError::NotFound))
}

/// A value as a page shows it: a code by its name, a flag as 是/否.
pub fn display(ctx: &Ctx, field: &Field, value: &Value) -> String {
    match (field.ty, value) {
        (Ty::Code(list), Value::String(code)) => match list.get(code) {
            Some(e) if ctx.lang == crate::platform::i18n::Lang::En => e.name_en.clone(),
            Some(e) => e.name.clone(),
            None => code.clone(),
        },
        (Ty::Flag, Value::Bool(b)) => {
            ctx.t(if *b { "registry.yes" } else { "registry.no" }).into_owned()
        }
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => String::new(),
        (_, v) => v.to_string(),
    }
}

fn columns(kind: &Kind) -> Vec<Column> {
    let mut out: Vec<Column> = kind
        .fields
        .iter()
        .filter(|f| f.listed)
        .map(|f| Column { key: f.key, label: label_of(f), sortable: false })
        .collect();
    if !kind.of_person() {
        let at = kind
            .position("grid")
            .map_or(out.len(), |i| kind.fields[..i].iter().filter(|f| f.listed).count());
        out.insert(
            at.min(out.len()),
            Column { key: "unit", label: "person.grid", sortable: false },
        );
        out.retain(|c| c.key != "grid");
    }
    out
}

/// The first coded field, which the list filters by.
fn coded(kind: &Kind) -> Option<&Field> {
    kind.fields.iter().find(|f| matches!(f.ty, Ty::Code(_)))
}

async fn filters(
    state: &AppState,
    who: &PageActor,
    ctx: &Ctx,
    kind: &Kind,
) -> Result<Vec<Filter>, PageError> {
    let mut out = crate::registry::pages::people_list::search_filters(state, who).await?;
    if let Some(f) = coded(kind)
        && let Ty::Code(list) = f.ty
    {
        let options = list.entries().iter().map(|e| {
            let name =
                if ctx.lang == crate::platform::i18n::Lang::En { &e.name_en } else { &e.name };
            (e.code.clone(), name.clone())
        });
        out.push(Filter {
            name: f.key,
            label: label_of(f),
            kind: FilterKind::Choice(options.collect()),
        });
    }
    Ok(out)
}

fn input(kind: &Kind, q: &ListQuery) -> Result<ListInput, AppError> {
    let unit_id = crate::registry::pages::people_list::unit_of(q)?;
    let equals = coded(kind)
        .and_then(|f| q.get(f.key).map(|v| (f.key, v.to_string())))
        .into_iter()
        .collect();
    Ok(ListInput { unit_id, q: q.get("q").map(str::to_string), equals })
}

/// A record's cells, in the columns' order.
fn cells(ctx: &Ctx, kind: &Kind, units: &[(i64, String)], r: &Record) -> Vec<String> {
    columns(kind)
        .iter()
        .map(|c| match c.key {
            "unit" => units
                .iter()
                .find(|(id, _)| *id == r.unit_id)
                .map_or_else(String::new, |(_, n)| n.clone()),
            key => {
                let i = kind.position(key).unwrap_or(0);
                display(ctx, &kind.fields[i], &r.values[i])
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "registry/templates/records.html")]
struct RecordsPage {
    ctx: Ctx,
    kind: &'static Kind,
    title: String,
    list: ListView,
    may_add: bool,
}

/// `GET /registry/{kind}`, and its exports as `/registry/{kind}.xlsx` and `.csv`.
pub async fn index(
    State(state): State<AppState>,
    who: PageActor,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    if let Some(name) = name.strip_suffix(".xlsx") {
        return export_as(state, who, kind_of(name)?, raw, Format::Xlsx).await;
    }
    if let Some(name) = name.strip_suffix(".csv") {
        return export_as(state, who, kind_of(name)?, raw, Format::Csv).await;
    }
    let kind = kind_of(&name)?;
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let columns = columns(kind);
    let filters = filters(&state, &who, &ctx, kind).await?;
    let q = ListQuery::parse(&raw, &columns, &filters)?;
    let list = crate::registry::services::records::list(
        &state.db,
        &who.actor,
        kind,
        input(kind, &q)?,
        q.paging,
    )
    .await?;
    let units = unit_names(&state, &list.items).await?;
    let rows = list
        .items
        .iter()
        .map(|r| Row {
            href: Some(format!("/registry/{}/{}", kind.name, r.id)),
            class: "",
            cells: cells(&ctx, kind, &units, r),
        })
        .collect();
    let view = ListView::new(&ctx, path_of(kind), &columns, &filters, &q, list.total, rows);
    let may_add = !kind.of_person() && crate::registry::services::access::keeps_any(&who.actor);
    let title = ctx.t(&format!("kind.{}", kind.name)).into_owned();
    Ok(page(RecordsPage { list: view, kind, title, may_add, ctx }))
}

async fn unit_names(state: &AppState, records: &[Record]) -> Result<Vec<(i64, String)>, PageError> {
    let ids = records.iter().map(|r| r.unit_id).collect();
    Ok(crate::platform::hierarchy::services::names(&state.db, ids).await?)
}

async fn export_as(
    state: AppState,
    who: PageActor,
    kind: &'static Kind,
    raw: Option<String>,
    format: Format,
) -> Result<Response, PageError> {
    let raw = raw.unwrap_or_default();
    let ctx = Ctx::of(&who);
    let columns = columns(kind);
    let filters = filters(&state, &who, &ctx, kind).await?;
    let q = ListQuery::parse(&raw, &columns, &filters)?;
    let db = &state.db;
    let records = crate::registry::services::records::list;
    let first =
        records(db, &who.actor, kind, input(kind, &q)?, Paging { page: 1, page_size: 1 }).await?;
    let mut rows = Vec::new();
    for paging in export::pages(first.total)? {
        let list = records(db, &who.actor, kind, input(kind, &q)?, paging).await?;
        let units = unit_names(&state, &list.items).await?;
        rows.extend(list.items.iter().map(|r| cells(&ctx, kind, &units, r)));
    }
    let header: Vec<String> = columns.iter().map(|c| ctx.t(c.label).into_owned()).collect();
    let unit = input(kind, &q)?
        .unit_id
        .or_else(|| who.actor.anchors().first().copied())
        .unwrap_or_default();
    let action = format!("{}.export", kind.one);
    let what = Export {
        name: kind.name,
        action: &action,
        object: format!("unit:{unit}"),
        filters: crate::registry::pages::people_list::audited_query(&q),
        purpose: None,
    };
    Ok(export::respond(db, &who.actor, format, what, &header, &rows).await?)
}

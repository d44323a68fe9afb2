//! `GET /cases/map`: the cases of a unit's subtree on its map, with the list's filters.

use crate::cases::services::ListInput;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

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
        let day =
            |field: &str, v: &Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
                Ok(crate::platform::day::parse_optional(field, v.as_deref())?)
            };
        let open = self.open.as_deref() == Some("1");
        let open_states = || {
            crate::cases::domain::CaseState::open().iter().map(|s| s.as_str().to_string()).collect()
        };
        let states = match (&self.state, open) {
            (Some(s), _) if s == "open" => open_states(),
            (Some(s), _) if !s.is_empty() => vec![s.clone()],
            (_, true) => open_states(),
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
pub async fn map(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let unit_id =
        q.unit.or_else(|| who.actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = who.actor.unit(&state.db, unit_id).await?;
    let layers = crate::platform::hierarchy::services::map_of(&state.db, &unit).await?;
    let grids = crate::cases::services::places::grid_boundaries(&state.db, &unit).await?;
    let paging = Paging::parse(Some(1), Some(500))?;
    let mut input = q.input()?;
    input.unit_id = Some(unit_id);
    let list = crate::cases::services::list(&state.db, &who.actor, input, paging).await?;
    let now = crate::platform::time::Stamp(state.db.clock.now());
    let mut counts = (0, 0, 0);
    let markers: Vec<crate::platform::svg::Marker> = list
        .items
        .iter()
        .filter_map(|c| {
            let at = c.point.map(|p| (p.lon, p.lat)).or_else(|| {
                // Inside the case's grid, spread by its id so cases of one grid do not pile up.
                let b = grids.get(c.unit_path.as_str())?;
                let (x0, y0, x1, y1) = b.bbox();
                let (fx, fy) =
                    (((c.id * 37) % 100) as f64 / 100.0, ((c.id * 61) % 100) as f64 / 100.0);
                Some((x0 + (x1 - x0) * (0.15 + 0.7 * fx), y0 + (y1 - y0) * (0.15 + 0.7 * fy)))
            })?;
            let closed = !c.is_open();
            let overdue = !closed && c.is_late(now);
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
            Some(crate::platform::svg::Marker {
                at,
                class,
                title: format!("#{} {}", c.id, c.title),
                href: format!("/cases/{}", c.id),
            })
        })
        .collect();
    let map = crate::platform::svg::svg_with(&layers, &unit.row().name, &markers);
    Ok(page(CasesMapPage {
        unit_name: unit.row().name.clone(),
        map,
        counts,
        query: q.to_query(),
        ctx,
    }))
}

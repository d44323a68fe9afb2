//! `GET /registry`: a unit's registry at a glance: its counts, a bar for each unit below it, and
//! its map, each unit a link down.

use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::registry::services::glance::Counts;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "registry/templates/glance.html")]
struct GlancePage {
    ctx: Ctx,
    unit_id: i64,
    name: String,
    counts: Counts,
    households: i64,
    children: Vec<(i64, String, Counts)>,
    most: i64,
    map: String,
    /// (name, title) of the kinds of the person's details and the special populations listed
    /// on their own pages.
    kinds: Vec<(&'static str, String)>,
}

/// Which unit.
#[derive(Debug, Deserialize)]
pub struct GlanceQuery {
    unit: Option<i64>,
}

/// `GET /registry`.
pub async fn show(
    State(state): State<AppState>,
    who: PageActor,
    Query(q): Query<GlanceQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let g = crate::registry::services::glance::of(&state.db, &who.actor, q.unit).await?;
    let layers = crate::platform::hierarchy::services::map_of(&state.db, &g.unit).await?;
    let markers: Vec<crate::platform::svg::Marker> = g
        .points
        .iter()
        .map(|(kind, id, at, title)| crate::platform::svg::Marker {
            at: *at,
            class: if *kind == "places" { "place" } else { "facility" },
            title: title.clone(),
            href: format!("/registry/{kind}/{id}"),
        })
        .collect();
    let map = crate::platform::svg::svg_with(&layers, &g.unit.row().name, &markers);
    let most = g.children.iter().map(|c| c.2.people()).max().unwrap_or(0).max(1);
    Ok(page(GlancePage {
        unit_id: g.unit.id(),
        name: g.unit.row().name.clone(),
        counts: g.counts,
        households: g.households,
        children: g.children,
        most,
        map,
        kinds: crate::registry::domain::kinds::ALL
            .iter()
            .filter(|k| k.counted.is_none())
            .map(|k| (k.name, ctx.t(&format!("kind.{}", k.name)).into_owned()))
            .collect(),
        ctx,
    }))
}

//! The home page: the person's roles, their units with counts, and what they did lately.

use crate::platform::web::pages::Ctx;

use crate::platform::hierarchy::services::UnitRow;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::page;
use crate::platform::web::session::PageActor;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// A role as the home page lists it.
pub struct RoleLine {
    /// "网格管理员 · 宁郭村第1网格".
    pub text: String,
    /// The unit to open.
    pub unit_id: i64,
}

#[derive(Template)]
#[template(path = "platform/templates/home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<RoleLine>,
    units: Vec<UnitRow>,
    recent: Vec<Recent>,
}

/// One of the person's recent actions: when, what, and on what, by its name.
struct Recent {
    at: String,
    action: String,
    object: crate::platform::audit::objects::Named,
}

/// One role in words, in the page's language.
pub fn role_text(ctx: &Ctx, h: &crate::platform::access::actor::Held) -> String {
    let role = match h.grant.grid_role {
        Some(g) => ctx.t(&format!("grid_role.{}", g.as_str())),
        None => ctx.t(&format!("role.{}", h.grant.role.as_str())),
    };
    match &h.department_name {
        Some(d) => format!("{role} · {d} · {}", h.unit_name),
        None => format!("{role} · {}", h.unit_name),
    }
}

/// `GET /`.
pub async fn home(State(state): State<AppState>, who: PageActor) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let roles = who
        .actor
        .held
        .iter()
        .map(|h| RoleLine { text: role_text(&ctx, h), unit_id: h.grant.unit_id })
        .collect();
    let units = crate::platform::hierarchy::services::top(&state.db, &who.actor)
        .await?
        .into_iter()
        .map(|u| u.into_row())
        .collect();
    let rows = match who.actor.user_id() {
        Some(id) => crate::platform::audit::recent_by_actor(&state.db.pool, id, 10).await?,
        None => Vec::new(),
    };
    let objects: Vec<String> = rows.iter().map(|r| r.object.clone()).collect();
    let named =
        crate::platform::audit::objects::name_all(&state.db, state.capabilities, &objects).await?;
    let recent = rows
        .into_iter()
        .zip(named)
        .map(|(r, object)| Recent { at: r.at, action: r.action, object })
        .collect();
    Ok(page(HomePage { ctx, roles, units, recent }))
}

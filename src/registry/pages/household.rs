//! A household's page: its number, grid and address, and its members with their relation to
//! the head, names masked as in every list.

use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::{Ctx, page};
use crate::platform::web::session::PageActor;
use crate::registry::domain::codes;
use crate::registry::services::households::Household;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "registry/templates/household.html")]
struct HouseholdPage {
    ctx: Ctx,
    h: Household,
    unit: String,
    /// (id, name, relation, sex, birth date, ID number) of each member.
    members: Vec<(i64, String, String, String, String, String)>,
}

/// `GET /registry/households/{id}`.
pub async fn view(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let ctx = Ctx::of(&who);
    let (h, people) =
        crate::registry::services::households::view(&state.db, &who.actor, id).await?;
    let unit = crate::platform::hierarchy::services::names(&state.db, vec![h.unit_id])
        .await?
        .into_iter()
        .next()
        .map(|(_, n)| n)
        .unwrap_or_default();
    let members = people
        .into_iter()
        .map(|p| {
            let relation = codes::RELATION.get(&p.relation).map_or(p.relation.clone(), |e| {
                if ctx.lang == crate::platform::i18n::Lang::En {
                    e.name_en.clone()
                } else {
                    e.name.clone()
                }
            });
            (
                p.id,
                p.name,
                relation,
                ctx.t(&format!("person.sex_{}", p.sex)).into_owned(),
                p.birth_date,
                p.id_number,
            )
        })
        .collect();
    Ok(page(HouseholdPage { ctx, h, unit, members }))
}

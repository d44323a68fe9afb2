//! Households (户): listed by subtree, each with its members and their relation to the head.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::service::{AppError, AppResult, Page, Paging};
use crate::registry::services::people::Person;

/// A household as the API and the pages show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Household {
    /// Id.
    pub id: i64,
    /// 户号.
    pub number: String,
    /// Its grid.
    pub unit_id: i64,
    /// Its address.
    pub address: String,
    /// How many people belong to it.
    pub members: i64,
}

/// A page of a visible unit's households.
pub async fn list(
    db: &Db,
    actor: &Actor,
    unit_id: Option<i64>,
    paging: Paging,
) -> AppResult<Page<Household>> {
    let unit_id = unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let (rows, total) = crate::registry::store::households::list(
        &db.pool,
        &unit.subtree_range(),
        paging.page_size,
        paging.offset(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|(h, members)| Household {
            id: h.id,
            number: h.number,
            unit_id: h.unit_id,
            address: h.address,
            members,
        })
        .collect();
    Ok(Page { items, total, paging })
}

/// One household and its members (masked, the head first), if the actor sees its grid.
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<(Household, Vec<Person>)> {
    let h =
        crate::registry::store::households::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if !actor.sees(&UnitPath::from_stored(h.unit_path.clone())) {
        return Err(AppError::NotFound);
    }
    // A member who moved to a grid the actor does not see is left out.
    let members: Vec<Person> = crate::registry::store::people::members(&db.pool, id)
        .await?
        .iter()
        .filter(|r| actor.sees(&UnitPath::from_stored(r.unit_path.clone())))
        .map(|r| Person::listed(&db.vault, r))
        .collect();
    let household = Household {
        id: h.id,
        number: h.number,
        unit_id: h.unit_id,
        address: h.address,
        members: members.len() as i64,
    };
    Ok((household, members))
}

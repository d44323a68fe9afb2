//! Open311 GeoReport v2 for the public and for programs such as FixMyStreet: the public
//! categories as services, requests posted with an API key, and the public view of requests.

use crate::platform::access::actor::Actor;

use crate::platform::service::AppError;

use crate::platform::service::AppResult;

use crate::platform::service::Paging;

use crate::cases::store::CategoryRow;
use crate::platform::audit::sha256_hex;
use crate::platform::db::Db;
use serde_json::json;

/// The zone the endpoint serves: the first one (a deployment serves one zone).
pub async fn zone(db: &Db) -> AppResult<(i64, String)> {
    crate::platform::hierarchy::store::first_zone(&db.pool).await?.ok_or(AppError::NotFound)
}

/// The services: the public leaf categories of the zone's current catalogue.
pub async fn services(db: &Db) -> AppResult<(Vec<CategoryRow>, Vec<CategoryRow>)> {
    let (zone_id, _) = zone(db).await?;
    let (_, all) = crate::cases::services::catalogue::current(db, zone_id).await?;
    let public = all
        .iter()
        .filter(|c| {
            c.public != 0
                && c.kind == "incident"
                && crate::cases::services::catalogue::is_leaf(&c.code, &all)
        })
        .cloned()
        .collect();
    Ok((public, all))
}

/// Issues a key (admins, or the command line); the secret is shown once.
pub async fn add_key(db: &Db, actor: &Actor, name: &str) -> AppResult<(i64, String)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let name = crate::platform::input::required_text("name", name, 64)?;
    let secret = format!("o311_{}", crate::platform::users::password::random_hex(20));
    let mut tx = db.begin().await?;
    let id = crate::cases::store::open311::insert_key(&mut tx, &name, &sha256_hex(&secret)).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit("open311.key_add", format!("open311_key:{id}"), json!({"name": name})),
    )
    .await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// The page a request list asks for, as the query's text: a whole number in range, or refused
/// (what is not a number is out of range); Open311's pages hold up to 1,000 requests.
pub fn paging(page: Option<&str>, page_size: Option<&str>) -> AppResult<Paging> {
    let number = |text: Option<&str>| text.map(|t| t.parse::<i64>().unwrap_or(0));
    Paging::parse_up_to(number(page), number(page_size), 1000)
}

/// Revokes a key (admins).
pub async fn revoke_key(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if !crate::cases::store::open311::revoke_key(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    crate::platform::audit::append(
        &mut tx,
        actor.audit("open311.key_revoke", format!("open311_key:{id}"), json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every key (admins).
pub async fn keys(db: &Db, actor: &Actor) -> AppResult<Vec<crate::cases::store::open311::KeyRow>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(crate::cases::store::open311::keys(&db.pool).await?)
}

/// The actor a live key posts as: the public channel, named after the key.
pub async fn key_actor(db: &Db, key: &str) -> AppResult<Option<Actor>> {
    Ok(crate::cases::store::open311::key_name(&db.pool, &sha256_hex(key))
        .await?
        .map(|name| public_actor(&format!("open311:{name}"), &name)))
}

/// A request as posted.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The service code (a public category).
    pub service_code: String,
    /// Where, or none.
    pub point: Option<crate::platform::geo::Point>,
    /// The village or community the reporter picked (the public form), if no point.
    pub unit_id: Option<i64>,
    /// Address in words.
    pub address: String,
    /// What the reporter saw.
    pub description: String,
    /// Reporter's name.
    pub name: String,
    /// Reporter's phone.
    pub phone: String,
    /// Attribute answers, `attribute[code]=value`.
    pub attributes: Vec<(String, String)>,
}

/// The actor a public report comes in as: the public, through a channel (`web`, or an
/// Open311 key's name). It only ever reports, and adds the report's photo.
pub fn public_actor(channel: &str, name: &str) -> Actor {
    Actor::public(channel, name)
}

/// Turns a public request into a report: a public category, and a point inside the zone's
/// grids, a unit of the zone, or an address (then the zone itself handles it).
pub async fn report_input(
    db: &Db,
    s: Submission,
) -> AppResult<crate::cases::services::ReportInput> {
    let (public, _) = services(db).await?;
    if !public.iter().any(|c| c.code == s.service_code) {
        return Err(crate::platform::input::FieldError::new(
            "service_code",
            "error.no_such_category",
        )
        .into());
    }
    if s.point.is_none() && s.unit_id.is_none() && s.address.trim().is_empty() {
        return Err(
            crate::platform::input::FieldError::new("address", "error.where_required").into()
        );
    }
    let (zone_id, _) = zone(db).await?;
    if let Some(unit) = s.unit_id {
        let inside = crate::platform::hierarchy::store::path_of(&db.pool, unit)
            .await?
            .map(crate::platform::hierarchy::unit::UnitPath::from_stored)
            .is_some_and(|p| p.ids().first() == Some(&zone_id));
        if !inside {
            return Err(
                crate::platform::input::FieldError::new("unit_id", "error.no_such_unit").into()
            );
        }
    }
    let mut description = s.description.trim().to_string();
    for (code, value) in &s.attributes {
        description.push_str(&format!("\n[{code}] {value}"));
    }
    let input = crate::cases::services::ReportInput {
        category: s.service_code,
        unit_id: if s.point.is_none() { Some(s.unit_id.unwrap_or(zone_id)) } else { None },
        point: s.point,
        title: String::new(),
        description,
        address: s.address,
        source: "public".into(),
        reporter_name: s.name,
        reporter_phone: s.phone,
        parties: Vec::new(),
        reported_at: None,
    };
    Ok(input)
}

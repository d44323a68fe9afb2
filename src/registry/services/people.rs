//! The people of the registry: listed masked, found by name, ID number or phone (the last two
//! through their blind indexes), viewed and revealed with the audit chain watching, written
//! one at a time from a form or the API.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::id_number::IdNumber;
use crate::platform::input::{FieldError, required_text};
use crate::platform::service::{AppError, AppResult, Page, Paging};
use crate::platform::vault::Vault;
use crate::registry::domain::person::{NewPerson, PersonInput};
use crate::registry::store::people::{Filter, PersonRow};
use serde_json::json;

pub use crate::registry::services::edit::{as_input, edit, may_reveal};

/// The sealed fields' names, which each sealed value is bound to.
pub const ID_FIELD: &str = "people.id_number";
/// The phone's.
pub const PHONE_FIELD: &str = "people.phone";

/// A person as the API and the pages show them: the ID number and phone always masked, the
/// name masked in lists.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Person {
    /// Id.
    pub id: i64,
    /// The grid of the actual residence.
    pub unit_id: i64,
    /// 姓名 (masked in lists: `张*`).
    pub name: String,
    /// 曾用名.
    pub former_name: String,
    /// 公民身份号码, masked (`1101**********002X`).
    pub id_number: String,
    /// `1` male, `2` female (GB/T 2261.1).
    pub sex: String,
    /// YYYY-MM-DD.
    pub birth_date: String,
    /// GB/T 3304 code.
    pub ethnicity: String,
    /// GB/T 2261.2 code.
    pub marital: String,
    /// GB/T 4658 code.
    pub education: String,
    /// GB/T 4762 code.
    pub political: String,
    /// 职业.
    pub occupation: String,
    /// 服务处所.
    pub workplace: String,
    /// 联系电话, masked (`138****5678`).
    pub phone: String,
    /// 户籍地址.
    pub registered_address: String,
    /// 现住址.
    pub address: String,
    /// 人户一致.
    pub residence_agrees: bool,
    /// The household.
    pub household_id: Option<i64>,
    /// The place of the registry they live in.
    pub place_id: Option<i64>,
    /// GB/T 4761 code of the relation to the head.
    pub relation: String,
    /// `resident` or `floating`.
    pub kind: String,
}

impl Person {
    /// A person as a list shows them: the name masked too, and of the birth date only the year
    /// (with the month and day, the masked ID number would give itself away).
    pub fn listed(vault: &Vault, row: &PersonRow) -> Person {
        let mut p = Person::of(vault, row, false);
        p.birth_date.truncate(4);
        p
    }

    /// A person whole: name, ID number and phone as they are (a revealing export).
    pub fn revealed(vault: &Vault, row: &PersonRow) -> Person {
        let mut p = Person::of(vault, row, true);
        if let Ok(id) = vault.open(ID_FIELD, &row.id_sealed) {
            p.id_number = id;
        }
        if let Some(Ok(phone)) = row.phone_sealed.as_ref().map(|s| vault.open(PHONE_FIELD, s)) {
            p.phone = phone;
        }
        p
    }

    /// The masked forms, made from the sealed values as they are shown (none is stored).
    fn masks(vault: &Vault, row: &PersonRow) -> (String, String) {
        let id = vault.open(ID_FIELD, &row.id_sealed).map(IdNumber::from_stored);
        let phone = row.phone_sealed.as_ref().map(|s| vault.open(PHONE_FIELD, s));
        (
            id.map(|n| n.masked()).unwrap_or_else(|_| "*".repeat(18)),
            match phone {
                Some(Ok(p)) => crate::platform::phone::masked(&p),
                Some(Err(_)) => "***********".into(),
                None => String::new(),
            },
        )
    }

    fn of(vault: &Vault, row: &PersonRow, name_whole: bool) -> Person {
        let (id_masked, phone_masked) = Person::masks(vault, row);
        Person {
            id: row.id,
            unit_id: row.unit_id,
            name: if name_whole {
                row.name.clone()
            } else {
                crate::platform::phone::masked_name(&row.name)
            },
            former_name: if name_whole { row.former_name.clone() } else { String::new() },
            id_number: id_masked,
            sex: row.sex.clone(),
            birth_date: row.birth_date.clone(),
            ethnicity: row.ethnicity.clone(),
            marital: row.marital.clone(),
            education: row.education.clone(),
            political: row.political.clone(),
            occupation: row.occupation.clone(),
            workplace: row.workplace.clone(),
            phone: phone_masked,
            registered_address: row.registered_address.clone(),
            address: row.address.clone(),
            residence_agrees: row.residence_agrees != 0,
            household_id: row.household_id,
            place_id: row.place_id,
            relation: row.relation.clone(),
            kind: row.kind.clone(),
        }
    }
}

/// Which people to list.
#[derive(Debug, Clone, Default)]
pub struct ListInput {
    /// The unit whose subtree to list; the actor's first when none.
    pub unit_id: Option<i64>,
    /// A name (or its start), an ID number or a phone.
    pub q: Option<String>,
    /// `resident` or `floating`.
    pub kind: Option<String>,
    /// Only those living apart from their 户籍 (人户分离).
    pub apart: bool,
    /// `name`, `birth_date` or `id`, and whether largest first.
    pub sort: Option<(&'static str, bool)>,
    /// Show the people of the grids the actor keeps whole (an export with a purpose; the
    /// caller audits it).
    pub reveal: bool,
}

/// What a search box holds: an ID number, a phone, or a name.
fn search(db: &Db, q: &str, filter: &mut Filter) {
    let q = q.trim();
    if let Ok(id) = crate::platform::id_number::IdNumber::parse_any("q", q) {
        filter.id_index = Some(db.vault.index(crate::platform::vault::ID_NUMBER, id.reveal()));
    } else if let Ok(phone) = crate::platform::phone::parse("q", q)
        && q.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == ' ')
    {
        filter.phone_index = Some(db.vault.index(crate::platform::vault::PHONE, &phone));
    } else if !q.is_empty() {
        filter.name = Some(q.to_string());
    }
}

/// A search as the audit chain may keep it: an ID number or a phone masked, a name as typed.
pub fn masked_search(q: &str) -> String {
    if let Ok(id) = IdNumber::parse_any("q", q) {
        id.masked()
    } else if crate::platform::phone::parse("q", q).is_ok() {
        crate::platform::phone::masked(q)
    } else {
        q.to_string()
    }
}

/// A page of the people of a visible unit's subtree, masked.
pub async fn list(
    db: &Db,
    actor: &Actor,
    input: ListInput,
    paging: Paging,
) -> AppResult<Page<Person>> {
    let unit_id =
        input.unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit_path(db, unit_id).await?;
    let mut filter = Filter {
        range: unit.subtree_range(),
        kind: input.kind.filter(|k| !k.is_empty()),
        apart: input.apart,
        sort: input.sort,
        ..Filter::default()
    };
    if let Some(kind) = &filter.kind
        && kind != "resident"
        && kind != "floating"
    {
        return Err(FieldError::new("kind", "error.choice").into());
    }
    if let Some(q) = &input.q {
        search(db, q, &mut filter);
    }
    let (rows, total) =
        crate::registry::store::people::list(&db.pool, &filter, paging.page_size, paging.offset())
            .await?;
    let shown = |r: &PersonRow| {
        if input.reveal
            && crate::registry::services::access::keeps(
                actor,
                &UnitPath::from_stored(r.unit_path.clone()),
            )
        {
            Person::revealed(&db.vault, r)
        } else {
            Person::listed(&db.vault, r)
        }
    };
    Ok(Page { items: rows.iter().map(shown).collect(), total, paging })
}

/// A person's row, if the actor sees their grid; not found otherwise, as for a missing one.
pub(crate) async fn row(db: &Db, actor: &Actor, id: i64) -> AppResult<PersonRow> {
    let row = crate::registry::store::people::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if !actor.sees(&UnitPath::from_stored(row.unit_path.clone())) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// One person, name whole, ID number and phone masked; the look is in the audit chain (it is
/// what the person's page lists as who looked).
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<Person> {
    let row = row(db, actor, id).await?;
    looked(db, actor, &row).await?;
    Ok(Person::of(&db.vault, &row, true))
}

/// Records a look at a person in the audit chain.
pub(crate) async fn looked(db: &Db, actor: &Actor, row: &PersonRow) -> AppResult<()> {
    let id = row.id;
    crate::platform::audit::reads::record(
        db,
        actor,
        "person.view",
        format!("person:{id}"),
        json!({}),
    )
    .await
}

/// A person as their page shows them: the name whole (the caller records the look).
pub(crate) fn whole(db: &Db, row: &PersonRow) -> Person {
    Person::of(&db.vault, row, true)
}

/// What a reveal shows whole.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Revealed {
    /// 公民身份号码.
    pub id_number: String,
    /// 联系电话, or empty.
    pub phone: String,
}

/// A person's ID number and phone whole, for one who keeps the registry of their grid, with a
/// stated purpose; the reveal and its purpose are in the audit chain before the values leave.
pub async fn reveal(db: &Db, actor: &Actor, id: i64, purpose: &str) -> AppResult<Revealed> {
    let row = row(db, actor, id).await?;
    let purpose = required_text("purpose", purpose, 200).map_err(AppError::from)?;
    if !crate::registry::services::access::keeps(actor, &UnitPath::from_stored(row.unit_path)) {
        return Err(AppError::Forbidden);
    }
    let open = |field, sealed: &[u8]| {
        db.vault
            .open(field, sealed)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("person {id}: {e}")))
    };
    let revealed = Revealed {
        id_number: open(ID_FIELD, &row.id_sealed)?,
        phone: match &row.phone_sealed {
            Some(sealed) => open(PHONE_FIELD, sealed)?,
            None => String::new(),
        },
    };
    let detail = json!({"purpose": purpose});
    crate::platform::audit::reads::record(
        db,
        actor,
        "person.reveal",
        format!("person:{id}"),
        detail,
    )
    .await?;
    Ok(revealed)
}

/// A checked person as a row for a grid, with their sealed values (household set by the
/// caller).
pub(crate) fn sealed_row(
    p: &NewPerson,
    sealed: crate::registry::services::import_prepare::Sealed,
    unit: (i64, &UnitPath),
    now: &str,
) -> PersonRow {
    PersonRow {
        id: 0,
        unit_id: unit.0,
        unit_path: unit.1.as_str().to_string(),
        name: p.name.clone(),
        former_name: p.former_name.clone(),
        id_sealed: sealed.id_sealed,
        id_index: sealed.id_index,
        sex: p.sex.to_string(),
        birth_date: p.birth_date.to_string(),
        ethnicity: p.ethnicity.clone(),
        marital: p.marital.clone(),
        education: p.education.clone(),
        political: p.political.clone(),
        occupation: p.occupation.clone(),
        workplace: p.workplace.clone(),
        phone_sealed: sealed.phone_sealed,
        phone_index: sealed.phone_index,
        registered_address: p.registered_address.clone(),
        address: p.address.clone(),
        residence_agrees: i64::from(p.residence_agrees()),
        household_id: None,
        place_id: None,
        relation: p.relation.clone(),
        kind: p.kind.to_string(),
        since: now.to_string(),
        created_at: now.to_string(),
        updated_at: now.to_string(),
    }
}

/// Adds or changes people as the import does, for one person: a form or the API.
pub async fn save(db: &Db, actor: &Actor, input: &PersonInput) -> AppResult<i64> {
    let report = crate::registry::services::import::people(
        db,
        actor,
        crate::registry::services::import::Source::One(input.clone()),
        crate::registry::services::import::Mode::AllOrNothing,
        &mut |_| {},
    )
    .await?;
    if !report.errors.is_empty() {
        return Err(AppError::Invalid(report.errors.into_iter().map(|e| e.error).collect()));
    }
    report.last_id.ok_or(AppError::NotFound)
}

/// The names of these people, masked, for the audit chain's `person:17` (at most 500).
pub async fn names(db: &Db, ids: Vec<i64>) -> anyhow::Result<Vec<(i64, String)>> {
    let rows = crate::registry::store::people::names(db, &ids).await?;
    Ok(rows.into_iter().map(|(id, n)| (id, crate::platform::phone::masked_name(&n))).collect())
}

/// The people living in a place that the actor sees, names masked: a rental house's tenants.
pub async fn of_place(db: &Db, actor: &Actor, place: i64) -> AppResult<Vec<(i64, String)>> {
    let rows = crate::registry::store::people::of_place(&db.pool, place).await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, path)| actor.sees(&UnitPath::from_stored(path.clone())))
        .map(|(id, name, _)| (id, crate::platform::phone::masked_name(&name)))
        .collect())
}

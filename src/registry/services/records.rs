//! The records of every kind but people (registry/domain/kinds.rs): listed a page at a time and
//! masked, one read, revealed with a purpose. Who may: the registry's readers and keepers as for
//! people; a special population only its readers (`registry_readers`: by default the grid's
//! police liaison and the comprehensive-governance office), and every read of one, a list as a
//! record, goes into the audit chain.

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::hierarchy::unit::UnitPath;
use crate::platform::id_number::IdNumber;
use crate::platform::input::FieldError;
use crate::platform::service::{AppError, AppResult, Page, Paging};
use crate::registry::domain::records::{Kind, Ty};
use crate::registry::store::records::{Cell, Stored, Where};
use serde_json::{Map, Value as Json, json};

pub use crate::registry::services::record_seals::{index_kind, masked, sealed_field};

/// A record as the API and pages show it: sealed values masked (or whole once revealed), codes
/// as codes.
#[derive(Debug, Clone)]
pub struct Record {
    /// Id.
    pub id: i64,
    /// Its grid (the person's, for a record of a person).
    pub unit_id: i64,
    /// The person it is about.
    pub person: Option<(i64, String)>,
    /// The fields' values, in the kind's order: text, or a number, or a flag.
    pub values: Vec<Json>,
}

impl Record {
    /// The record as JSON: `id`, `unit_id`, `person_id` for a record of a person, then a key a
    /// field.
    pub fn json(&self, kind: &Kind) -> Json {
        let mut map = Map::new();
        map.insert("id".into(), json!(self.id));
        map.insert("unit_id".into(), json!(self.unit_id));
        for (field, value) in kind.fields.iter().zip(&self.values) {
            match field.ty {
                Ty::Person => {
                    map.insert("person_id".into(), json!(self.person.as_ref().map(|p| p.0)));
                    map.insert("person".into(), value.clone());
                }
                _ => {
                    map.insert(field.key.into(), value.clone());
                }
            }
        }
        Json::Object(map)
    }
}

/// A stored record as shown; `whole` opens its sealed values whole (a reveal).
pub fn shown(
    db: &Db,
    kind: &Kind,
    r: &Stored,
    person: Option<(i64, String)>,
    whole: bool,
) -> Record {
    let values = kind
        .fields
        .iter()
        .zip(&r.cells)
        .map(|(field, cell)| match (field.ty, cell) {
            (Ty::Person, _) => json!(person.as_ref().map(|p| p.1.clone()).unwrap_or_default()),
            (Ty::Grid, _) => json!(""),
            (ty, Cell::Sealed(sealed, _)) => {
                match db.vault.open(&sealed_field(kind, field.key), sealed) {
                    Ok(plain) if whole => json!(plain),
                    Ok(plain) => json!(masked(ty, &plain)),
                    Err(_) => json!("***"),
                }
            }
            (Ty::Flag, Cell::Int(n)) => json!(*n != 0),
            (Ty::Flag, _) => json!(false),
            (_, Cell::Int(n)) => json!(n),
            (_, Cell::Real(x)) => json!(x),
            (_, Cell::Text(t)) => json!(t),
            (Ty::Count | Ty::Area | Ty::Lon | Ty::Lat, Cell::Null) => Json::Null,
            (_, _) => json!(""),
        })
        .collect();
    Record { id: r.id, unit_id: r.unit_id, person, values }
}

/// The rows of `registry_readers`: (id, kind or `*`, grid role, department kind).
pub type Readers = Vec<(i64, String, Option<String>, Option<String>)>;

/// The readers of the special populations, read once for a use-case (an import keeps them for
/// its whole transaction rather than read them again beside it).
pub async fn readers(db: &Db) -> AppResult<Readers> {
    Ok(crate::registry::store::readers::readers(&db.pool).await?)
}

/// Whether the actor reads records of this kind at `path`, given the readers.
pub fn reads(readers: &Readers, actor: &Actor, kind: &Kind, path: &UnitPath) -> bool {
    if !kind.restricted {
        return actor.sees(path);
    }
    actor.is_system()
        || actor.held.iter().any(|h| {
            h.path.contains(path)
                && readers.iter().any(|(_, k, grid_role, department)| {
                    (k == "*" || k == kind.name)
                        && (grid_role.is_some()
                            && h.grant.grid_role.map(|g| g.as_str()) == grid_role.as_deref()
                            || department.is_some() && h.department_kind == *department)
                })
        })
}

/// Whether the actor writes records of this kind at `path`, given the readers: those who keep
/// the registry there, and for a special population only those of them who also read it (the
/// grid's police liaison by default; an office that reads a special population does not write
/// it, as departments write none of the registry).
pub fn writes(readers: &Readers, actor: &Actor, kind: &Kind, path: &UnitPath) -> bool {
    crate::registry::services::access::keeps(actor, path)
        && (!kind.restricted || reads(readers, actor, kind, path))
}

/// Whether the actor reads records of this kind at `path`.
pub async fn may_read(db: &Db, actor: &Actor, kind: &Kind, path: &UnitPath) -> AppResult<bool> {
    if !kind.restricted {
        return Ok(actor.sees(path));
    }
    Ok(reads(&readers(db).await?, actor, kind, path))
}

/// Whether the actor writes records of this kind at `path`.
pub async fn may_write(db: &Db, actor: &Actor, kind: &Kind, path: &UnitPath) -> AppResult<bool> {
    if !kind.restricted {
        return Ok(crate::registry::services::access::keeps(actor, path));
    }
    Ok(writes(&readers(db).await?, actor, kind, path))
}

/// Which records to list.
#[derive(Debug, Clone, Default)]
pub struct ListInput {
    /// The unit whose subtree to list (default: the actor's first).
    pub unit_id: Option<i64>,
    /// A name or number's start, or an ID number or phone (found by blind index).
    pub q: Option<String>,
    /// (field, code) a coded field must hold.
    pub equals: Vec<(&'static str, String)>,
}

/// A page of a unit's records, masked; a special population's list is audited.
pub async fn list(
    db: &Db,
    actor: &Actor,
    kind: &'static Kind,
    input: ListInput,
    paging: Paging,
) -> AppResult<Page<Record>> {
    let unit_id =
        input.unit_id.or_else(|| actor.anchors().first().copied()).ok_or(AppError::NotFound)?;
    let unit = actor.unit(db, unit_id).await?;
    if !may_read(db, actor, kind, unit.path()).await? {
        return Err(AppError::Forbidden);
    }
    let mut w = Where { range: unit.path().subtree_range(), ..Where::default() };
    for (field, code) in input.equals {
        kind.field(field)
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new(field, "error.choice")]))?;
        w.equals.push((field, code));
    }
    let searched = input.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    if let Some(q) = searched.clone() {
        if let Ok(id) = IdNumber::parse_any("q", &q) {
            let index = db.vault.index(crate::platform::vault::ID_NUMBER, id.reveal());
            if kind.of_person() {
                w.person = Some(person_of_index(db, &index).await?.unwrap_or(0));
            } else {
                w.index = Some(index);
            }
        } else if let Ok(phone) = crate::platform::phone::parse("q", &q) {
            w.index = Some(db.vault.index(crate::platform::vault::PHONE, &phone));
        } else {
            w.prefix = Some(q);
        }
    }
    let (rows, total) = crate::registry::store::records::list(
        &db.pool,
        kind,
        &w,
        paging.page_size,
        paging.offset(),
    )
    .await?;
    let names = person_names(db, &rows).await?;
    let items: Vec<Record> = rows
        .iter()
        .map(|r| {
            let person = r.person_id.map(|p| (p, masked_name(&names, p)));
            shown(db, kind, r, person, false)
        })
        .collect();
    if kind.restricted {
        // Whose records were read, and what was asked (an ID number or phone masked).
        let ids: Vec<String> = items.iter().map(|r| format!("{}:{}", kind.one, r.id)).collect();
        let asked = searched.as_deref().map(crate::registry::services::people::masked_search);
        let detail = json!({"kind": kind.name, "rows": items.len(), "page": paging.page, "records": ids, "q": asked});
        crate::platform::audit::reads::record(
            db,
            actor,
            &format!("{}.list", kind.one),
            format!("unit:{unit_id}"),
            detail,
        )
        .await?;
    }
    Ok(Page { items, total, paging })
}

fn masked_name(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(p, _)| *p == id)
        .map(|(_, n)| crate::platform::phone::masked_name(n))
        .unwrap_or_default()
}

async fn person_names(db: &Db, rows: &[Stored]) -> AppResult<Vec<(i64, String)>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.person_id).collect();
    Ok(crate::registry::store::people::names(db, &ids).await?)
}

async fn person_of_index(db: &Db, index: &[u8]) -> AppResult<Option<i64>> {
    Ok(crate::registry::store::people::id_of_index(&db.pool, index).await?)
}

/// One record the actor may read, as stored, with its grid's path.
pub async fn stored(db: &Db, actor: &Actor, kind: &'static Kind, id: i64) -> AppResult<Stored> {
    let r = crate::registry::store::records::get(&db.pool, kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let path = UnitPath::from_stored(r.unit_path.clone());
    if !actor.sees(&path) || !may_read(db, actor, kind, &path).await? {
        // A special record the actor may not read is not there for them.
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// The person a stored record is about, with their name whole.
async fn person_of(db: &Db, r: &Stored) -> AppResult<Option<(i64, String)>> {
    Ok(match r.person_id {
        Some(p) => crate::registry::store::people::names(db, &[p]).await?.into_iter().next(),
        None => None,
    })
}

/// Records a look at a record (`view`, `reveal`) in the audit chain.
async fn looked(
    db: &Db,
    actor: &Actor,
    kind: &Kind,
    id: i64,
    look: &str,
    detail: Json,
) -> AppResult<()> {
    let (action, object) = (format!("{}.{look}", kind.one), format!("{}:{id}", kind.one));
    crate::platform::audit::reads::record(db, actor, &action, object, detail).await
}

/// One record, masked, the person's name whole; a look at a person's record is audited.
pub async fn view(db: &Db, actor: &Actor, kind: &'static Kind, id: i64) -> AppResult<Record> {
    let r = stored(db, actor, kind, id).await?;
    let person = person_of(db, &r).await?;
    if person.is_some() {
        looked(db, actor, kind, id, "view", json!({})).await?;
    }
    Ok(shown(db, kind, &r, person, false))
}

/// One record with its sealed values whole, for one who writes it, with a purpose; audited.
pub async fn reveal(
    db: &Db,
    actor: &Actor,
    kind: &'static Kind,
    id: i64,
    purpose: &str,
) -> AppResult<Record> {
    let purpose = crate::platform::input::required_text("purpose", purpose, 200)?;
    let r = stored(db, actor, kind, id).await?;
    if !may_write(db, actor, kind, &UnitPath::from_stored(r.unit_path.clone())).await? {
        return Err(AppError::Forbidden);
    }
    looked(db, actor, kind, id, "reveal", json!({"purpose": purpose})).await?;
    let person = person_of(db, &r).await?;
    Ok(shown(db, kind, &r, person, true))
}

/// The titles of records by id, for the audit chain's names (masked where they name a person).
pub async fn titles(
    db: &Db,
    kind: &'static Kind,
    ids: Vec<i64>,
) -> anyhow::Result<Vec<(i64, String)>> {
    let rows = crate::registry::store::records::titles(&db.pool, kind, &ids).await?;
    Ok(if kind.of_person() {
        rows.into_iter().map(|(id, n)| (id, crate::platform::phone::masked_name(&n))).collect()
    } else {
        rows
    })
}

/// The house number of a stored place.
pub fn number_of(place: &Stored) -> String {
    let kind = &crate::registry::domain::kinds::PLACES;
    match kind.position(kind.key).and_then(|at| place.cells.get(at)) {
        Some(Cell::Text(number)) => number.clone(),
        _ => String::new(),
    }
}

/// The house number of a place (the person form shows it), or "".
pub async fn number_of_place(db: &Db, id: i64) -> AppResult<String> {
    let kind = &crate::registry::domain::kinds::PLACES;
    let place = crate::registry::store::records::get(&db.pool, kind, id).await?;
    Ok(place.as_ref().map(number_of).unwrap_or_default())
}

/// A record of a person, as their page lists it: the kind, the record if there is one, and
/// whether the viewer may add it.
pub struct Detail {
    /// The kind.
    pub kind: &'static Kind,
    /// The person's record of it.
    pub record: Option<i64>,
    /// Whether the viewer writes it.
    pub may_write: bool,
}

/// The records of a person's kinds the actor reads: the special ones only for their readers,
/// and a special record found is a read, audited.
pub async fn of_person(
    db: &Db,
    actor: &Actor,
    person: i64,
    path: &UnitPath,
) -> AppResult<Vec<Detail>> {
    let mut out = Vec::new();
    let readers = readers(db).await?;
    for kind in crate::registry::domain::kinds::ALL.iter().copied().filter(|k| k.of_person()) {
        if !reads(&readers, actor, kind, path) {
            continue;
        }
        let record =
            crate::registry::store::records::of_person(&db.pool, kind, person).await?.map(|r| r.id);
        if let (Some(id), true) = (record, kind.restricted) {
            let object = format!("{}:{id}", kind.one);
            crate::platform::audit::reads::record(
                db,
                actor,
                &format!("{}.view", kind.one),
                object,
                json!({"on": "person"}),
            )
            .await?;
        }
        out.push(Detail { kind, record, may_write: writes(&readers, actor, kind, path) });
    }
    Ok(out)
}

/// The ids of the organisations of these names (the first of each), by name.
pub async fn organisations_named(
    db: &Db,
    names: &[&str],
) -> AppResult<std::collections::HashMap<String, i64>> {
    Ok(crate::registry::store::records::organisations_named(&db.pool, names)
        .await?
        .into_iter()
        .collect())
}

//! The `people` table. ID numbers and phones come and go sealed; the store never sees them.

use crate::platform::db::{Tx, row_marks};
use sqlx::AnyPool;

/// A person as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonRow {
    /// Id (0 before it is written).
    pub id: i64,
    /// The grid.
    pub unit_id: i64,
    /// The grid's path.
    pub unit_path: String,
    /// 姓名.
    pub name: String,
    /// 曾用名.
    pub former_name: String,
    /// The sealed ID number.
    pub id_sealed: Vec<u8>,
    /// Its blind index.
    pub id_index: Vec<u8>,
    /// `1` or `2`.
    pub sex: String,
    /// YYYY-MM-DD.
    pub birth_date: String,
    /// Code.
    pub ethnicity: String,
    /// Code.
    pub marital: String,
    /// Code.
    pub education: String,
    /// Code.
    pub political: String,
    /// Text.
    pub occupation: String,
    /// Text.
    pub workplace: String,
    /// The sealed phone.
    pub phone_sealed: Option<Vec<u8>>,
    /// Its blind index.
    pub phone_index: Option<Vec<u8>>,
    /// 户籍地址.
    pub registered_address: String,
    /// 现住址.
    pub address: String,
    /// 人户一致, 0/1.
    pub residence_agrees: i64,
    /// The household.
    pub household_id: Option<i64>,
    /// The place of the registry they live in.
    pub place_id: Option<i64>,
    /// Relation to the head.
    pub relation: String,
    /// `resident` or `floating`.
    pub kind: String,
    /// Since when they live in this grid.
    pub since: String,
    /// Written.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// Every column but `id`, in `PersonRow`'s order.
const COLUMNS: &str = "unit_id, unit_path, name, former_name, id_sealed, id_index, sex, \
    birth_date, ethnicity, marital, education, political, occupation, workplace, phone_sealed, \
    phone_index, registered_address, address, residence_agrees, household_id, place_id, \
    relation, kind, since, created_at, updated_at";
const WIDTH: usize = 26;

fn select() -> String {
    format!("SELECT id, {COLUMNS} FROM people")
}

macro_rules! bind_person {
    ($q:expr, $p:expr) => {
        $q.bind($p.unit_id)
            .bind(&$p.unit_path)
            .bind(&$p.name)
            .bind(&$p.former_name)
            .bind(&$p.id_sealed)
            .bind(&$p.id_index)
            .bind(&$p.sex)
            .bind(&$p.birth_date)
            .bind(&$p.ethnicity)
            .bind(&$p.marital)
            .bind(&$p.education)
            .bind(&$p.political)
            .bind(&$p.occupation)
            .bind(&$p.workplace)
            .bind($p.phone_sealed.as_deref())
            .bind($p.phone_index.as_deref())
            .bind(&$p.registered_address)
            .bind(&$p.address)
            .bind($p.residence_agrees)
            .bind($p.household_id)
            .bind($p.place_id)
            .bind(&$p.relation)
            .bind(&$p.kind)
            .bind(&$p.since)
            .bind(&$p.created_at)
            .bind(&$p.updated_at)
    };
}

/// Writes new people, many to a statement. No ids come back: a row of each through the
/// driver's channel was a fifth of a large import's time (measured), and an import finds the one
/// person it needs again by their ID number's index.
pub async fn insert_many(tx: &mut Tx, rows: &[PersonRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql =
            format!("INSERT INTO people ({COLUMNS}) VALUES {}", row_marks(tx, chunk.len(), WIDTH));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for p in chunk {
            q = bind_person!(q, p);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rewrites a person's every column (the sealed ones resealed or kept as read).
pub async fn update(tx: &mut Tx, p: &PersonRow) -> sqlx::Result<()> {
    let sets: Vec<String> =
        COLUMNS.split(", ").enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    let sql = format!("UPDATE people SET {} WHERE id = ${}", sets.join(", "), WIDTH + 1);
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    bind_person!(q, p).bind(p.id).execute(&mut **tx).await?;
    Ok(())
}

/// A person by id.
pub async fn get(pool: &AnyPool, id: i64) -> sqlx::Result<Option<PersonRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{} WHERE id = $1", select())))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The people whose ID numbers have these blind indexes (at most 500 at a time).
pub async fn by_id_index(tx: &mut Tx, indexes: &[Vec<u8>]) -> sqlx::Result<Vec<PersonRow>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=indexes.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{} WHERE id_index IN ({})", select(), marks.join(", "));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for i in indexes {
        q = q.bind(i);
    }
    q.fetch_all(&mut **tx).await
}

/// A household's members, the head first.
pub async fn members(pool: &AnyPool, household_id: i64) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE household_id = $1 ORDER BY relation, birth_date, id",
        select()
    )))
    .bind(household_id)
    .fetch_all(pool)
    .await
}

/// Which people to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The subtree's path range.
    pub range: (String, String),
    /// A name, or the start of one.
    pub name: Option<String>,
    /// The blind index of an ID number.
    pub id_index: Option<Vec<u8>>,
    /// The blind index of a phone.
    pub phone_index: Option<Vec<u8>>,
    /// `resident` or `floating`.
    pub kind: Option<String>,
    /// Only those whose residences disagree (人户分离).
    pub apart: bool,
    /// A sort column (`name`, `birth_date`, `id`) and whether largest first.
    pub sort: Option<(&'static str, bool)>,
}

/// The upper end of a prefix's range: every text that starts with it sorts below.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A page of the people of a subtree, and how many there are.
pub async fn list(
    pool: &AnyPool,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<PersonRow>, i64)> {
    let mut wheres = vec!["unit_path >= $1 AND unit_path < $2".to_string()];
    let mut n = 2;
    let mut mark = || {
        n += 1;
        format!("${n}")
    };
    if f.name.is_some() {
        wheres.push(format!("name >= {} AND name < {}", mark(), mark()));
    }
    if f.id_index.is_some() {
        wheres.push(format!("id_index = {}", mark()));
    }
    if f.phone_index.is_some() {
        wheres.push(format!("phone_index = {}", mark()));
    }
    if f.kind.is_some() {
        wheres.push(format!("kind = {}", mark()));
    }
    if f.apart {
        wheres.push("residence_agrees = 0".into());
    }
    let wheres = wheres.join(" AND ");
    let order = match f.sort {
        Some((column, desc)) => format!("{column} {}, id", if desc { "DESC" } else { "ASC" }),
        // A search finds few: their order is a small sort. Else the registry's own order, grid by
        // grid as the index has it, so a page is read off the index without sorting the subtree.
        None if f.name.is_some() || f.id_index.is_some() || f.phone_index.is_some() => "id".into(),
        None => "unit_path, id".into(),
    };
    macro_rules! bind_filter {
        ($q:expr) => {{
            let mut q = $q.bind(&f.range.0).bind(&f.range.1);
            if let Some(name) = &f.name {
                q = q.bind(name.clone()).bind(prefix_end(name));
            }
            if let Some(i) = &f.id_index {
                q = q.bind(i.clone());
            }
            if let Some(i) = &f.phone_index {
                q = q.bind(i.clone());
            }
            if let Some(k) = &f.kind {
                q = q.bind(k.clone());
            }
            q
        }};
    }
    let sql = format!("{} WHERE {wheres} ORDER BY {order} LIMIT {limit} OFFSET {offset}", select());
    let rows = bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(sql))).fetch_all(pool).await?;
    let count = format!("SELECT COUNT(*) FROM people WHERE {wheres}");
    let total =
        bind_filter!(sqlx::query_scalar(sqlx::AssertSqlSafe(count))).fetch_one(pool).await?;
    Ok((rows, total))
}

/// The heads (户主) of these households: (household, person).
pub async fn heads_of(tx: &mut Tx, households: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    if households.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=households.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT household_id, id FROM people WHERE relation = '02' AND household_id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for h in households {
        q = q.bind(*h);
    }
    q.fetch_all(&mut **tx).await
}

/// The names of the people of these ids that exist (at most 500).
pub async fn names(db: &crate::platform::db::Db, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    crate::platform::db::names_by_id(db, "SELECT id, name FROM people", ids).await
}

/// The people whose actual residence is this place (at most 500), with their grid's path.
pub async fn of_place(pool: &AnyPool, place: i64) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT id, name, unit_path FROM people WHERE place_id = $1 ORDER BY id LIMIT 500",
    )
    .bind(place)
    .fetch_all(pool)
    .await
}

/// Sealed ID numbers of people of a kind born in `[from, to)`, every `step`-th by id, at most
/// `limit` (the demo picks whom its details are about).
pub async fn sample(
    pool: &AnyPool,
    kind: &str,
    born: (&str, &str),
    step: i64,
    limit: i64,
) -> sqlx::Result<Vec<Vec<u8>>> {
    sqlx::query_scalar(
        "SELECT id_sealed FROM people WHERE kind = $1 AND birth_date >= $2 AND birth_date < $3 \
         AND id % $4 = 0 ORDER BY id LIMIT $5",
    )
    .bind(kind)
    .bind(born.0)
    .bind(born.1)
    .bind(step)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The id of the person with this ID number's blind index.
pub async fn id_of_index(pool: &AnyPool, index: &[u8]) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM people WHERE id_index = $1")
        .bind(index.to_vec())
        .fetch_optional(pool)
        .await
}

/// (id, grid, grid's path) of a person by id, in a transaction.
pub async fn grid_of(tx: &mut Tx, id: i64) -> sqlx::Result<Option<(i64, i64, String)>> {
    sqlx::query_as("SELECT id, unit_id, unit_path FROM people WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// (blind index, id, grid, grid's path) of the people with these blind indexes of their ID
/// numbers (at most 500), in a transaction.
pub async fn grids_of_indexes(
    tx: &mut Tx,
    indexes: &[Vec<u8>],
) -> sqlx::Result<Vec<(Vec<u8>, i64, i64, String)>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=indexes.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id_index, id, unit_id, unit_path FROM people WHERE id_index IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for i in indexes {
        q = q.bind(i);
    }
    q.fetch_all(&mut **tx).await
}

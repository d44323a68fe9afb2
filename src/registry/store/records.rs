//! The tables of the record kinds (registry/domain/kinds.rs), one a kind, their SQL written from
//! the kind's description: a field is a column, a sealed one two (`KEY_sealed`, `KEY_index`),
//! the grid `unit_id` and `unit_path`, the person `person_id` (a record of a person lies in the
//! person's grid, read through a join, so it moves with them).

use crate::platform::db::Tx;
use crate::registry::domain::records::{Field, Kind, Ty};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// A stored value of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (a count or point left empty, a record without a credit code).
    Null,
    /// Text, a code or a date.
    Text(String),
    /// A count or flag.
    Int(i64),
    /// An area or coordinate.
    Real(f64),
    /// A sealed value and its blind index.
    Sealed(Vec<u8>, Vec<u8>),
}

/// A record as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Id (0 before it is written).
    pub id: i64,
    /// The grid (the person's, for a record of a person).
    pub unit_id: i64,
    /// Its path.
    pub unit_path: String,
    /// The person, for a record of a person.
    pub person_id: Option<i64>,
    /// A cell a field, in the kind's order (the grid and person fields hold `Null`).
    pub cells: Vec<Cell>,
    /// Written.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// How a record is found.
#[derive(Debug, Clone, Default)]
pub struct Where {
    /// The subtree `[start, end)` of its grid.
    pub range: (String, String),
    /// Its title (name or number) starts with this.
    pub prefix: Option<String>,
    /// One of its sealed values has this blind index.
    pub index: Option<Vec<u8>>,
    /// It is about this person.
    pub person: Option<i64>,
    /// (column, value) it must hold.
    pub equals: Vec<(&'static str, String)>,
}

fn columns_of(field: &Field) -> Vec<String> {
    match field.ty {
        Ty::Grid => vec!["unit_id".into(), "unit_path".into()],
        Ty::Person => vec!["person_id".into()],
        t if t.sealed() => vec![format!("{}_sealed", field.key), format!("{}_index", field.key)],
        _ => vec![field.key.to_string()],
    }
}

/// The kind's own columns (not `id`), in its fields' order, then the times.
fn columns(kind: &Kind) -> Vec<String> {
    let mut out: Vec<String> = kind.fields.iter().flat_map(columns_of).collect();
    out.extend(["created_at".into(), "updated_at".into()]);
    out
}

/// `SELECT` of a kind's records, with the grid of a record of a person from the person.
fn select(kind: &Kind) -> String {
    let own: Vec<String> = columns(kind)
        .into_iter()
        .filter(|c| c != "unit_id" && c != "unit_path")
        .map(|c| format!("r.{c}"))
        .collect();
    let (unit, from) = if kind.of_person() {
        ("p.unit_id, p.unit_path", format!("{} r JOIN people p ON p.id = r.person_id", kind.name))
    } else {
        ("r.unit_id, r.unit_path", format!("{} r", kind.name))
    };
    format!("SELECT r.id, {unit}, {} FROM {from}", own.join(", "))
}

fn read(kind: &Kind, row: &AnyRow) -> sqlx::Result<Stored> {
    let mut at = 3;
    let mut next = || {
        at += 1;
        at - 1
    };
    let mut cells = Vec::with_capacity(kind.fields.len());
    let mut person_id = None;
    for field in kind.fields {
        cells.push(match field.ty {
            Ty::Grid => Cell::Null,
            Ty::Person => {
                person_id = Some(row.try_get::<i64, _>(next())?);
                Cell::Null
            }
            t if t.sealed() => {
                let sealed: Option<Vec<u8>> = row.try_get(next())?;
                let index: Option<Vec<u8>> = row.try_get(next())?;
                match (sealed, index) {
                    (Some(s), Some(i)) => Cell::Sealed(s, i),
                    _ => Cell::Null,
                }
            }
            Ty::Count | Ty::Flag => {
                row.try_get::<Option<i64>, _>(next())?.map_or(Cell::Null, Cell::Int)
            }
            Ty::Area | Ty::Lon | Ty::Lat => {
                row.try_get::<Option<f64>, _>(next())?.map_or(Cell::Null, Cell::Real)
            }
            _ => row.try_get::<Option<String>, _>(next())?.map_or(Cell::Null, Cell::Text),
        });
    }
    Ok(Stored {
        id: row.try_get(0)?,
        unit_id: row.try_get(1)?,
        unit_path: row.try_get(2)?,
        person_id,
        cells,
        created_at: row.try_get(next())?,
        updated_at: row.try_get(next())?,
    })
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

fn bind<'q>(kind: &Kind, mut q: Query<'q>, r: &'q Stored) -> Query<'q> {
    for (field, cell) in kind.fields.iter().zip(&r.cells) {
        q = match (field.ty, cell) {
            (Ty::Grid, _) => q.bind(r.unit_id).bind(&r.unit_path),
            (Ty::Person, _) => q.bind(r.person_id),
            (t, Cell::Sealed(s, i)) if t.sealed() => q.bind(s).bind(i),
            (t, _) if t.sealed() => q.bind(None::<Vec<u8>>).bind(None::<Vec<u8>>),
            (Ty::Count | Ty::Flag, Cell::Int(n)) => q.bind(*n),
            (Ty::Flag, _) => q.bind(0i64),
            (Ty::Count, _) => q.bind(None::<i64>),
            (Ty::Area | Ty::Lon | Ty::Lat, Cell::Real(x)) => q.bind(*x),
            (Ty::Area | Ty::Lon | Ty::Lat, _) => q.bind(None::<f64>),
            (_, Cell::Text(t)) => q.bind(t),
            // Only a credit code is nullable text; the rest are '' when empty.
            (Ty::CreditCode, _) => q.bind(None::<String>),
            _ => q.bind(""),
        };
    }
    q.bind(&r.created_at).bind(&r.updated_at)
}

/// Writes new records, a hundred to a statement; the largest id given (the last one written).
pub async fn insert_many(tx: &mut Tx, kind: &Kind, rows: &[Stored]) -> sqlx::Result<Option<i64>> {
    let cols = columns(kind);
    let mut last = None;
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {} RETURNING id",
            kind.name,
            cols.join(", "),
            crate::platform::db::row_marks(tx, chunk.len(), cols.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = bind(kind, q, r);
        }
        for row in q.fetch_all(&mut **tx).await? {
            last = last.max(Some(row.try_get::<i64, _>(0)?));
        }
    }
    Ok(last)
}

/// Rewrites a record.
pub async fn update(tx: &mut Tx, kind: &Kind, r: &Stored) -> sqlx::Result<()> {
    let cols = columns(kind);
    let sets: Vec<String> =
        cols.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    let sql =
        format!("UPDATE {} SET {} WHERE id = ${}", kind.name, sets.join(", "), cols.len() + 1);
    let q = bind(kind, sqlx::query(sqlx::AssertSqlSafe(sql)), r).bind(r.id);
    q.execute(&mut **tx).await?;
    Ok(())
}

/// One record.
pub async fn get(pool: &AnyPool, kind: &Kind, id: i64) -> sqlx::Result<Option<Stored>> {
    let sql = format!("{} WHERE r.id = $1", select(kind));
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?;
    row.map(|r| read(kind, &r)).transpose()
}

/// One record, in a transaction.
pub async fn get_in(tx: &mut Tx, kind: &Kind, id: i64) -> sqlx::Result<Option<Stored>> {
    let sql = format!("{} WHERE r.id = $1", select(kind));
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **tx).await?;
    row.map(|r| read(kind, &r)).transpose()
}

/// The records whose key is one of these (texts, or person ids for a record of a person).
pub async fn by_keys(tx: &mut Tx, kind: &Kind, keys: &[String]) -> sqlx::Result<Vec<Stored>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let column = if kind.of_person() { "person_id" } else { kind.key };
    let marks: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{} WHERE r.{column} IN ({})", select(kind), marks.join(", "));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for k in keys {
        q = if kind.of_person() { q.bind(k.parse::<i64>().unwrap_or(0)) } else { q.bind(k) };
    }
    q.fetch_all(&mut **tx).await?.iter().map(|r| read(kind, r)).collect()
}

/// The record of this name in this grid that has no key (an organisation without a credit code).
pub async fn by_name(
    tx: &mut Tx,
    kind: &Kind,
    unit_id: i64,
    name: &str,
) -> sqlx::Result<Option<Stored>> {
    let sql = format!(
        "{} WHERE r.unit_id = $1 AND r.name = $2 AND r.{} IS NULL ORDER BY r.id LIMIT 1",
        select(kind),
        kind.key
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit_id)
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| read(kind, &r)).transpose()
}

fn filter(kind: &Kind, w: &Where) -> (String, Vec<String>) {
    let path = if kind.of_person() { "p.unit_path" } else { "r.unit_path" };
    let mut sql = format!(" WHERE {path} >= $1 AND {path} < $2");
    let mut texts = vec![w.range.0.clone(), w.range.1.clone()];
    let mut mark = |sql: &mut String, cond: String, value: String| {
        texts.push(value);
        sql.push_str(&cond.replace('?', &format!("${}", texts.len())));
    };
    if let Some(prefix) = &w.prefix {
        let title = match kind.title().ty {
            Ty::Person => "p.name".to_string(),
            _ => format!("r.{}", kind.title().key),
        };
        // A range, not LIKE: the index serves it on both databases.
        mark(&mut sql, format!(" AND {title} >= ?"), prefix.clone());
        mark(&mut sql, format!(" AND {title} < ?"), format!("{prefix}\u{10FFFF}"));
    }
    for (column, value) in &w.equals {
        mark(&mut sql, format!(" AND r.{column} = ?"), value.clone());
    }
    (sql, texts)
}

/// A page of the records found, in id order, and how many there are in all.
pub async fn list(
    pool: &AnyPool,
    kind: &Kind,
    w: &Where,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Stored>, i64)> {
    let (mut cond, texts) = filter(kind, w);
    let mut extra: Vec<Vec<u8>> = Vec::new();
    let mut n = texts.len();
    if let Some(index) = &w.index {
        let sealed: Vec<String> = kind
            .fields
            .iter()
            .filter(|f| f.ty.sealed())
            .map(|f| {
                n += 1;
                extra.push(index.clone());
                format!("r.{}_index = ${n}", f.key)
            })
            .collect();
        cond.push_str(&format!(
            " AND ({})",
            if sealed.is_empty() { "1 = 0".into() } else { sealed.join(" OR ") }
        ));
    }
    let mut person = None;
    if let Some(p) = w.person {
        n += 1;
        person = Some(p);
        cond.push_str(&format!(" AND r.person_id = ${n}"));
    }
    let from = select(kind);
    let from_at = from.find(" FROM ").unwrap_or(0);
    let counted = format!("SELECT COUNT(*){}{cond}", &from[from_at..]);
    let paged = format!("{from}{cond} ORDER BY r.id LIMIT {limit} OFFSET {offset}");
    macro_rules! binds {
        ($q:expr) => {{
            let mut q = $q;
            for t in &texts {
                q = q.bind(t.clone());
            }
            for i in &extra {
                q = q.bind(i.clone());
            }
            if let Some(p) = person {
                q = q.bind(p);
            }
            q
        }};
    }
    let total: i64 =
        binds!(sqlx::query_scalar(sqlx::AssertSqlSafe(counted))).fetch_one(pool).await?;
    let rows = binds!(sqlx::query(sqlx::AssertSqlSafe(paged))).fetch_all(pool).await?;
    Ok((rows.iter().map(|r| read(kind, r)).collect::<sqlx::Result<_>>()?, total))
}

/// The titles of records by id (for the audit chain's names), at most 500.
pub async fn titles(pool: &AnyPool, kind: &Kind, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    let ids = &ids[..ids.len().min(500)];
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let title = match kind.title().ty {
        Ty::Person => "p.name",
        _ => kind.title().key,
    };
    let from = if kind.of_person() {
        format!("{} r JOIN people p ON p.id = r.person_id", kind.name)
    } else {
        format!("{} r", kind.name)
    };
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let title = if title.contains('.') { title.to_string() } else { format!("r.{title}") };
    let sql = format!("SELECT r.id, {title} FROM {from} WHERE r.id IN ({})", marks.join(", "));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(pool).await
}

/// The records of a kind about one person (at most one: `person_id` is unique).
pub async fn of_person(pool: &AnyPool, kind: &Kind, person: i64) -> sqlx::Result<Option<Stored>> {
    let sql = format!("{} WHERE r.person_id = $1", select(kind));
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(person).fetch_optional(pool).await?;
    row.map(|r| read(kind, &r)).transpose()
}

/// (id, (lon, lat), title) of a subtree's records that have a point, at most `limit`, in id
/// order (a grid's map draws them).
pub async fn points(
    pool: &AnyPool,
    kind: &Kind,
    range: &(String, String),
    limit: i64,
) -> sqlx::Result<Vec<(i64, (f64, f64), String)>> {
    let title = kind.title().key;
    let sql = format!(
        "SELECT id, lon, lat, {title} FROM {} WHERE unit_path >= $1 AND unit_path < $2 \
         AND lon IS NOT NULL AND lat IS NOT NULL ORDER BY id LIMIT $3",
        kind.name
    );
    let rows: Vec<(i64, f64, f64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&range.0)
        .bind(&range.1)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(id, lon, lat, t)| (id, (lon, lat), t)).collect())
}

/// The organisations of these names, the first of each name: (name, id), for linking records
/// of other capabilities (a project's owner) by the name people write.
pub async fn organisations_named(
    pool: &AnyPool,
    names: &[&str],
) -> sqlx::Result<Vec<(String, i64)>> {
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT name, MIN(id) FROM organisations WHERE name IN ({}) GROUP BY name",
        if marks.is_empty() { "NULL".into() } else { marks.join(", ") }
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for n in names {
        q = q.bind(*n);
    }
    q.fetch_all(pool).await
}

//! Open311 API keys and the public view of requests.

use crate::cases::domain::case::Case;
use crate::cases::store::cases::CaseRow;
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A key as listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    /// Id.
    pub id: i64,
    /// Who it is for.
    pub name: String,
    /// When made.
    pub created_at: String,
    /// When revoked.
    pub revoked_at: Option<String>,
}

/// The columns of a key as listed, in `KeyRow`'s order.
const KEY_COLUMNS: &str = "id, name, created_at, revoked_at";

/// Stores a key's digest.
pub async fn insert_key(tx: &mut Tx, name: &str, key_hash: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO open311_keys (name, key_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(key_hash)
    .bind(tx.now())
    .fetch_one(&mut **tx)
    .await
}

/// The name of a live key.
pub async fn key_name(pool: &AnyPool, key_hash: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT name FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL")
        .bind(key_hash)
        .fetch_optional(pool)
        .await
}

/// Every key, newest first.
pub async fn keys(pool: &AnyPool) -> sqlx::Result<Vec<KeyRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {KEY_COLUMNS} FROM open311_keys ORDER BY id DESC"
    )))
    .fetch_all(pool)
    .await
}

/// Revokes a key; false if there is no such live key.
pub async fn revoke_key(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(tx.now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// What a GET requests asks for.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Only these case ids.
    pub ids: Vec<i64>,
    /// Only these service codes (always within the public ones).
    pub codes: Vec<String>,
    /// Reported at or after (stored form).
    pub start: String,
    /// Reported at or before.
    pub end: String,
    /// `open`, `closed`, or both when empty.
    pub status: Vec<String>,
    /// Codes whose every report is public; the others show only what came in through a public
    /// channel.
    pub published: Vec<String>,
}

/// A page of public requests, newest first.
pub async fn requests(
    pool: &AnyPool,
    f: &RequestFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<Case>> {
    let mut args: Vec<String> = vec![f.start.clone(), f.end.clone()];
    let mut conds = vec!["reported_at >= $1".to_string(), "reported_at <= $2".to_string()];
    let list = |column: &str, values: &[String], args: &mut Vec<String>| {
        let first = args.len() + 1;
        let marks: Vec<String> = (0..values.len()).map(|i| format!("${}", first + i)).collect();
        args.extend(values.iter().cloned());
        format!("{column} IN ({})", marks.join(", "))
    };
    if !f.ids.is_empty() {
        let ids: Vec<String> = f.ids.iter().map(i64::to_string).collect();
        // The ids override the time window, as the specification says.
        conds = vec![list("CAST(id AS TEXT)", &ids, &mut args), "$1 = $1".into(), "$2 = $2".into()];
    }
    conds.push(list("category_code", &f.codes, &mut args));
    let open = f.status.iter().any(|s| s == "open");
    let closed = f.status.iter().any(|s| s == "closed");
    if open != closed {
        let ended = super::case_list::ended_states_sql();
        conds.push(if closed {
            format!("state IN ({ended})")
        } else {
            format!("state NOT IN ({ended})")
        });
    }
    conds.push("kind = 'incident'".into());
    let followed = "id IN (SELECT case_id FROM case_tokens)".to_string();
    conds.push(match f.published.is_empty() {
        true => followed,
        false => format!("({followed} OR {})", list("category_code", &f.published, &mut args)),
    });
    let sql = format!(
        "SELECT {} FROM cases WHERE {} ORDER BY reported_at DESC, id DESC LIMIT {limit} OFFSET {offset}",
        super::CASE_COLUMNS,
        conds.join(" AND ")
    );
    let mut q = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql));
    for a in &args {
        q = q.bind(a.clone());
    }
    super::typed::read_all(q.fetch_all(pool).await?)
}

/// `(id, text)` pairs for some ids, by a query with an `IN ({ids})` list, in one round trip.
async fn by_ids(
    pool: &AnyPool,
    sql: &str,
    ids: &[i64],
) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(
        sql.replace("{ids}", &marks.join(", ")),
    ));
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(pool).await?.into_iter().collect())
}

/// When each of some cases last changed (its last event).
pub async fn updated_at(
    pool: &AnyPool,
    ids: &[i64],
) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    by_ids(
        pool,
        "SELECT case_id, MAX(at) FROM case_events WHERE case_id IN ({ids}) GROUP BY case_id",
        ids,
    )
    .await
}

/// The names of some units, for naming who handles each request of a page.
pub async fn unit_names(
    pool: &AnyPool,
    ids: &[i64],
) -> sqlx::Result<std::collections::HashMap<i64, String>> {
    by_ids(pool, "SELECT id, name FROM units WHERE id IN ({ids})", ids).await
}

//! The audit chain's SQL: the head row appenders queue on, the rows, and the reads of both.

use super::Row;
use crate::platform::db::Tx;
use sqlx::AnyPool;

/// The columns of a chain row, in `Row`'s order.
const COLUMNS: &str =
    "seq, at, actor_id, actor_name, action, object, detail, digest, prev_hash, hash, seal";

/// The one-row head: the last sequence number and hash, its seal, and the row the seal starts after.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Head {
    /// The last row's sequence number.
    pub seq: i64,
    /// The last row's hash.
    pub hash: String,
    /// The head signed with the key outside the database; empty before the chain is sealed.
    pub seal: String,
    /// The last row written before the chain was sealed.
    pub sealed_from: i64,
}

/// The head as it stands.
pub async fn head(pool: &AnyPool) -> sqlx::Result<Head> {
    sqlx::query_as("SELECT seq, hash, seal, sealed_from FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// Moves the head on by `n` rows, taking its row lock until the transaction ends (so appenders
/// queue); returns the new last sequence number, the hash the new rows link on from, and
/// `sealed_from`.
pub async fn advance_head(tx: &mut Tx, n: i64) -> sqlx::Result<(i64, String, i64)> {
    sqlx::query_as(
        "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash, sealed_from",
    )
    .bind(n)
    .fetch_one(&mut **tx)
    .await
}

/// Writes the head's hash and seal once its rows are in.
pub async fn set_head(tx: &mut Tx, hash: &str, seal: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE audit_head SET hash = $1, seal = $2 WHERE id = 1")
        .bind(hash)
        .bind(seal)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Locks the head if it is not sealed yet and returns its sequence number and hash; `None` when
/// another server sealed it first.
pub async fn lock_unsealed_head(tx: &mut Tx) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 AND seal = '' RETURNING seq, hash")
        .fetch_optional(&mut **tx)
        .await
}

/// Seals the chain from row `seq` on.
pub async fn seal_head(tx: &mut Tx, seq: i64, seal: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE audit_head SET sealed_from = $1, seal = $2 WHERE id = 1")
        .bind(seq)
        .bind(seal)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends rows already hashed and sealed, many a statement.
pub async fn insert_rows(tx: &mut Tx, rows: &[Row]) -> sqlx::Result<()> {
    for chunk in rows.chunks(crate::platform::db::ROWS_PER_INSERT) {
        let marks = crate::platform::db::row_marks(tx, chunk.len(), 11);
        let sql = format!("INSERT INTO audit_log ({COLUMNS}) VALUES {marks}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = q
                .bind(r.seq)
                .bind(r.at.clone())
                .bind(r.actor_id)
                .bind(r.actor_name.clone())
                .bind(r.action.clone())
                .bind(r.object.clone())
                .bind(r.detail.clone())
                .bind(r.digest.clone())
                .bind(r.prev_hash.clone())
                .bind(r.hash.clone())
                .bind(r.seal.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Up to `limit` rows from sequence number `from` on, in order.
pub async fn rows_from(pool: &AnyPool, from: i64, limit: i64) -> sqlx::Result<Vec<Row>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).bind(limit).fetch_all(pool).await
}

/// The latest rows one actor wrote, newest first.
pub async fn recent_by_actor(pool: &AnyPool, actor_id: i64, limit: i64) -> sqlx::Result<Vec<Row>> {
    let sql =
        format!("SELECT {COLUMNS} FROM audit_log WHERE actor_id = $1 ORDER BY seq DESC LIMIT $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(actor_id).bind(limit).fetch_all(pool).await
}

/// The latest rows about one object (`person:17`), newest first.
pub async fn recent_on_object(pool: &AnyPool, object: &str, limit: i64) -> sqlx::Result<Vec<Row>> {
    let sql =
        format!("SELECT {COLUMNS} FROM audit_log WHERE object = $1 ORDER BY seq DESC LIMIT $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(object).bind(limit).fetch_all(pool).await
}

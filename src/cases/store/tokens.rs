//! The tokens public reports are followed by, kept as digests, and which reports the public
//! views show.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// Stores the token digests of reports just written.
pub async fn insert(tx: &mut Tx, tokens: &[(i64, String)]) -> sqlx::Result<()> {
    for (case_id, digest) in tokens {
        sqlx::query("INSERT INTO case_tokens (case_id, digest) VALUES ($1, $2)")
            .bind(case_id)
            .bind(digest)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The case a token's digest follows.
pub async fn case_of(pool: &AnyPool, digest: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT case_id FROM case_tokens WHERE digest = $1")
        .bind(digest)
        .fetch_optional(pool)
        .await
}

/// Whether a case came in through a public channel (it has a token).
pub async fn is_followed(pool: &AnyPool, case_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_tokens WHERE case_id = $1")
        .bind(case_id)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

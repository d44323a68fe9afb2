//! Sessions and API tokens. Only SHA-256 digests of secrets are stored.

use crate::platform::db::Tx;
use sqlx::AnyPool;

/// A live session: its user and its CSRF token.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// The user.
    pub user_id: i64,
    /// The token every form of this session must carry.
    pub csrf: String,
}

/// Stores a new session.
pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    csrf: &str,
    expires_at: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(tx.now())
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The session for a token digest, if it has not expired by `now` and its user is enabled.
pub async fn session(
    pool: &AnyPool,
    token_hash: &str,
    now: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT s.user_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// Ends a session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes the sessions past their expiry. (A user's sessions end with a new password, a disabled
/// account or a removed role by the database's triggers: migrations 0010.)
pub async fn delete_expired_sessions(tx: &mut Tx) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(tx.now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An API token as listed (never the secret itself).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct TokenRow {
    /// Id.
    pub id: i64,
    /// What the owner called it.
    pub name: String,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked, if it was (by its owner, or by a new password, a disabled account or
    /// a removed role).
    pub revoked_at: Option<String>,
    /// When it stops working.
    pub expires_at: String,
    /// When it was last used, to the minute or so (none if never).
    pub last_used_at: Option<String>,
}

/// The columns of [`TokenRow`].
const TOKEN_COLUMNS: &str = "id, name, created_at, revoked_at, expires_at, last_used_at";

/// Stores a new API token.
pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    expires_at: &str,
) -> sqlx::Result<TokenRow> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING {TOKEN_COLUMNS}"
    )))
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(tx.now())
    .bind(expires_at)
    .fetch_one(&mut **tx)
    .await
}

/// A user's tokens, newest first.
pub async fn tokens(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
    )))
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// A token's id, expiry and last use, by its digest, if it is live at `now`.
pub async fn live_token(
    pool: &AnyPool,
    token_hash: &str,
    now: &str,
) -> sqlx::Result<Option<(i64, String, Option<String>)>> {
    sqlx::query_as("SELECT id, expires_at, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
}

/// Records a token's use at `now`, unless one was recorded after `since` (by any server).
pub async fn note_use(pool: &AnyPool, id: i64, now: &str, since: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
        .bind(now)
        .bind(id)
        .bind(since)
        .execute(pool)
        .await?;
    Ok(())
}

/// Revokes one of a user's live tokens; false when the user has no such live token.
pub async fn revoke_token(tx: &mut Tx, user_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(tx.now())
        .bind(id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The names of these ids, for pages that show what the audit chain names.
pub async fn token_names(
    db: &crate::platform::db::Db,
    ids: Vec<i64>,
) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(crate::platform::db::names_by_id(db, "SELECT id, name FROM api_tokens", &ids).await?)
}

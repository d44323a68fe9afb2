//! Sessions and API tokens. Only SHA-256 digests of secrets are stored.

use super::Tx;
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
pub async fn insert_session(tx: &mut Tx, token_hash: &str, user_id: i64, csrf: &str, expires_at: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(super::now())
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The session for a token digest, if it has not expired and its user is enabled.
pub async fn session(pool: &AnyPool, token_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT s.user_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
    )
    .bind(token_hash)
    .bind(super::now())
    .fetch_optional(pool)
    .await
}

/// Ends a session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// Ends every session of a user (password change, disabling).
pub async fn delete_user_sessions(tx: &mut Tx, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(super::now()).execute(&mut **tx).await?;
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
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Stores a new API token.
pub async fn insert_token(tx: &mut Tx, user_id: i64, name: &str, token_hash: &str) -> sqlx::Result<TokenRow> {
    sqlx::query_as(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id, name, created_at, revoked_at",
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(super::now())
    .fetch_one(&mut **tx)
    .await
}

/// A user's tokens, newest first.
pub async fn tokens(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as("SELECT id, name, created_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC")
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// Revokes one of a user's live tokens; false when the user has no such live token.
pub async fn revoke_token(tx: &mut Tx, user_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(super::now())
        .bind(id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

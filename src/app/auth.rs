//! Logging in and out: passwords, throttling, sessions for pages and tokens for programs.

use super::{Actor, AppError, AppResult, password};
use crate::store::{Db, audit, audit::sha256_hex, auth, users};
use serde_json::json;

/// Failed logins from one address before it must wait.
pub const MAX_FAILURES: i64 = 5;
/// How long an address waits after too many failures, and how far back failures count.
pub const LOCKOUT_SECS: i64 = 15 * 60;
/// How long a page session lasts.
pub const SESSION_HOURS: i64 = 12;

/// Checks a username and password from `address`. Five failures in a row from one address
/// lock it out for a while; every attempt is in the audit chain.
pub async fn login(db: &Db, username: &str, password_text: &str, address: &str) -> AppResult<Actor> {
    let since = crate::store::stamp(chrono::Utc::now() - chrono::Duration::seconds(LOCKOUT_SECS));
    let (failures, first) = auth::failures_since(&db.pool, address, &since).await?;
    if failures >= MAX_FAILURES {
        let retry = first
            .and_then(|f| chrono::DateTime::parse_from_rfc3339(&f).ok())
            .map(|f| (f.to_utc() + chrono::Duration::seconds(LOCKOUT_SECS) - chrono::Utc::now()).num_seconds().max(1))
            .unwrap_or(LOCKOUT_SECS);
        return Err(AppError::Throttled(retry));
    }
    let found = users::by_username(&db.pool, username.trim()).await?;
    // An unknown user still costs one hash, so timing does not tell which names exist.
    let (user, phc) = match found {
        Some((u, h)) => (Some(u), h),
        None => (None, DUMMY_HASH.to_string()),
    };
    let good = password::verify(password_text.to_string(), phc).await;
    let user = user.filter(|u| good && u.disabled == 0);
    let mut tx = db.begin().await?;
    let Some(user) = user else {
        auth::record_failure(&mut tx, address).await?;
        audit::append(
            &mut tx,
            audit::Entry {
                actor_id: None,
                actor_name: "anonymous",
                action: "auth.login_failed",
                object: format!("username:{}", username.trim()),
                detail: json!({"address": address}),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::BadLogin);
    };
    auth::clear_failures(&mut tx, address).await?;
    audit::append(
        &mut tx,
        audit::Entry {
            actor_id: Some(user.id),
            actor_name: &user.username,
            action: "auth.login",
            object: format!("user:{}", user.id),
            detail: json!({"address": address}),
        },
    )
    .await?;
    tx.commit().await?;
    Actor::load(db, user.id).await?.ok_or(AppError::Unauthorized)
}

/// A valid Argon2id hash of a random password, checked against when the user is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8DgrPnmzgXb0B6WwSpCw3IbSqTWV5grwHQzq1Ld4wD0";

/// A new page session: the cookie value and the form token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The session cookie's value (only its digest is stored).
    pub token: String,
    /// The CSRF token every form must carry.
    pub csrf: String,
}

/// Opens a page session for a logged-in actor (a fresh token: no fixation).
pub async fn open_session(db: &Db, actor: &Actor) -> AppResult<NewSession> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let token = password::random_hex(32);
    let csrf = password::random_hex(16);
    let expires = crate::store::stamp(chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS));
    let mut tx = db.begin().await?;
    auth::insert_session(&mut tx, &sha256_hex(&token), user_id, &csrf, &expires).await?;
    tx.commit().await?;
    Ok(NewSession { token, csrf })
}

/// The actor and CSRF token of a live session cookie.
pub async fn session_actor(db: &Db, token: &str) -> AppResult<Option<(Actor, String)>> {
    let Some(session) = auth::session(&db.pool, &sha256_hex(token)).await? else { return Ok(None) };
    Ok(Actor::load(db, session.user_id).await?.map(|a| (a, session.csrf)))
}

/// Ends a session.
pub async fn close_session(db: &Db, actor: &Actor, token: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    auth::delete_session(&mut tx, &sha256_hex(token)).await?;
    audit::append(&mut tx, actor.audit("auth.logout", format!("user:{}", actor.user_id().unwrap_or_default()), json!({}))).await?;
    tx.commit().await?;
    Ok(())
}

/// The actor of a live API token.
pub async fn token_actor(db: &Db, cache: &super::actor_cache::ActorCache, token: &str) -> AppResult<Option<Actor>> {
    cache.by_token(db, &sha256_hex(token)).await
}

/// Makes an API token for the actor; the secret is returned once and only its digest kept.
pub async fn create_token(db: &Db, actor: &Actor, name: &str) -> AppResult<(auth::TokenRow, String)> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let name = crate::domain::required_text("name", name, 64)?;
    let secret = format!("zl_{}", password::random_hex(32));
    let mut tx = db.begin().await?;
    let row = auth::insert_token(&mut tx, user_id, &name, &sha256_hex(&secret)).await?;
    audit::append(&mut tx, actor.audit("token.create", format!("token:{}", row.id), json!({"name": name}))).await?;
    tx.commit().await?;
    Ok((row, secret))
}

/// The actor's own tokens.
pub async fn tokens(db: &Db, actor: &Actor) -> AppResult<Vec<auth::TokenRow>> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    Ok(auth::tokens(&db.pool, user_id).await?)
}

/// Revokes one of the actor's own live tokens; anyone else's is `NotFound`.
pub async fn revoke_token(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let mut tx = db.begin().await?;
    if !auth::revoke_token(&mut tx, user_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::append(&mut tx, actor.audit("token.revoke", format!("token:{id}"), json!({}))).await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_dummy_hash_is_a_real_hash() {
        let parsed = argon2::password_hash::phc::PasswordHash::new(super::DUMMY_HASH);
        assert!(parsed.is_ok());
        assert!(!super::password::verify("anything".into(), super::DUMMY_HASH.into()).await);
    }
}

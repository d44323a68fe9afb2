//! Logging in and out: passwords, throttling, sessions for pages and tokens for programs.

use crate::platform::access::actor::Actor;

use crate::platform::service::AppError;

use crate::platform::service::AppResult;

use crate::platform::audit::sha256_hex;
use crate::platform::db::Db;
use serde_json::json;
use std::sync::Arc;

pub use crate::platform::users::auth_store::TokenRow;

/// How long a page session lasts.
pub const SESSION_HOURS: i64 = 12;

/// Checks a username and password from `address`. Each attempt is taken from its username's and
/// its address's counts before the password is hashed (see [`crate::platform::users::throttle::LOGIN_USERNAME`] and
/// [`crate::platform::users::throttle::LOGIN_ADDRESS`]); a good login forgets the username's count and gives the address
/// its attempt back. Every evaluated attempt is in the audit chain.
pub async fn login(
    db: &Db,
    line: &Arc<crate::platform::users::password::Line>,
    username: &str,
    password_text: &str,
    address: &str,
) -> AppResult<Actor> {
    let username = username.trim();
    // A name longer than any account's counts under its first characters: the key stays small.
    let user_key = format!("user:{}", username.chars().take(64).collect::<String>());
    let address_key = format!("addr:{address}");
    // Too many logins wait for a hash: this one is refused before it costs a write, and counts
    // for nothing.
    let place = line.join().ok_or(AppError::Throttled(1, "error.logins_busy"))?;
    crate::platform::users::throttle::take(
        db,
        &address_key,
        &crate::platform::users::throttle::LOGIN_ADDRESS,
    )
    .await?;
    let backoff = match crate::platform::users::throttle::take(
        db,
        &user_key,
        &crate::platform::users::throttle::LOGIN_USERNAME,
    )
    .await
    {
        Ok(backoff) => backoff,
        Err(e) => {
            crate::platform::users::throttle::give_back(&db.pool, &address_key).await?;
            return Err(e);
        }
    };
    let found = crate::platform::users::store::by_username(&db.pool, username).await?;
    // An unknown user still costs one hash, so timing does not tell which names exist.
    let (user, phc) = match found {
        Some((u, h)) => (Some(u), h),
        None => (None, DUMMY_HASH.to_string()),
    };
    let good =
        crate::platform::users::password::verify(&place, password_text.to_string(), phc).await;
    drop(place);
    let user = user.filter(|u| good && u.disabled == 0);
    let mut tx = db.begin().await?;
    let Some(user) = user else {
        // The backoff counts from the answer, however long the hash took.
        if !backoff.is_zero() {
            crate::platform::users::throttle::hold(
                &mut tx,
                &user_key,
                chrono::Utc::now() + backoff,
            )
            .await?;
        }
        crate::platform::audit::append(
            &mut tx,
            crate::platform::audit::Entry {
                actor_id: None,
                actor_name: "anonymous",
                action: "auth.login_failed",
                object: format!("username:{username}"),
                detail: json!({"address": address}),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::BadLogin);
    };
    crate::platform::users::throttle::forget(&mut *tx, &user_key).await?;
    crate::platform::users::throttle::give_back(&mut *tx, &address_key).await?;
    crate::platform::audit::append(
        &mut tx,
        crate::platform::audit::Entry {
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
    let token = crate::platform::users::password::random_hex(32);
    let csrf = crate::platform::users::password::random_hex(16);
    let expires =
        crate::platform::db::stamp(db.clock.now() + chrono::Duration::hours(SESSION_HOURS));
    let mut tx = db.begin().await?;
    crate::platform::users::auth_store::delete_expired_sessions(&mut tx).await?;
    crate::platform::users::auth_store::insert_session(
        &mut tx,
        &sha256_hex(&token),
        user_id,
        &csrf,
        &expires,
    )
    .await?;
    tx.commit().await?;
    Ok(NewSession { token, csrf })
}

/// The actor and CSRF token of a live session cookie.
pub async fn session_actor(db: &Db, token: &str) -> AppResult<Option<(Actor, String)>> {
    let Some(session) = crate::platform::users::auth_store::session(
        &db.pool,
        &sha256_hex(token),
        &db.clock.stamp(),
    )
    .await?
    else {
        return Ok(None);
    };
    Ok(Actor::load(db, session.user_id).await?.map(|a| (a, session.csrf)))
}

/// Ends a session.
pub async fn close_session(db: &Db, actor: &Actor, token: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    crate::platform::users::auth_store::delete_session(&mut tx, &sha256_hex(token)).await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "auth.logout",
            format!("user:{}", actor.user_id().unwrap_or_default()),
            json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The actor of a live API token.
pub async fn token_actor(
    db: &Db,
    cache: &crate::platform::access::cache::ActorCache,
    token: &str,
) -> AppResult<Option<Actor>> {
    cache.by_token(db, &sha256_hex(token)).await
}

/// The lifetime of a token its user makes, in days, when they choose none.
pub const TOKEN_DAYS: i64 = 90;
/// The longest lifetime a token may be given, in days: a year.
pub const TOKEN_DAYS_MOST: i64 = 365;

/// Makes an API token for the actor that lasts `lifetime_days` (1 to [`TOKEN_DAYS_MOST`];
/// [`TOKEN_DAYS`] if none); the secret is returned once and only its digest kept.
pub async fn create_token(
    db: &Db,
    actor: &Actor,
    name: &str,
    lifetime_days: Option<i64>,
) -> AppResult<(crate::platform::users::auth_store::TokenRow, String)> {
    let mut errors = Vec::new();
    let name =
        crate::platform::input::required_text("name", name, 64).map_err(|e| errors.push(e)).ok();
    let days = lifetime_days.unwrap_or(TOKEN_DAYS);
    if !(1..=TOKEN_DAYS_MOST).contains(&days) {
        errors.push(lifetime_error());
    }
    crate::platform::service::check(errors)?;
    mint(db, actor, &name.expect("checked"), chrono::Duration::days(days)).await
}

/// What is wrong with a token's lifetime.
pub fn lifetime_error() -> crate::platform::input::FieldError {
    crate::platform::input::FieldError::new("lifetime_days", "error.token_lifetime")
        .arg("most", TOKEN_DAYS_MOST)
}

/// The token `POST /api/v1/auth/login` answers with: it lasts as long as a page session.
pub async fn login_token(
    db: &Db,
    actor: &Actor,
) -> AppResult<(crate::platform::users::auth_store::TokenRow, String)> {
    mint(db, actor, "login", chrono::Duration::hours(SESSION_HOURS)).await
}

async fn mint(
    db: &Db,
    actor: &Actor,
    name: &str,
    lifetime: chrono::Duration,
) -> AppResult<(crate::platform::users::auth_store::TokenRow, String)> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let secret = format!("zl_{}", crate::platform::users::password::random_hex(32));
    let expires = crate::platform::db::stamp(db.clock.now() + lifetime);
    let mut tx = db.begin().await?;
    let row = crate::platform::users::auth_store::insert_token(
        &mut tx,
        user_id,
        name,
        &sha256_hex(&secret),
        &expires,
    )
    .await?;
    crate::platform::audit::append(
        &mut tx,
        actor.audit(
            "token.create",
            format!("token:{}", row.id),
            json!({"name": name, "expires_at": expires}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((row, secret))
}

/// The actor's own tokens.
pub async fn tokens(
    db: &Db,
    actor: &Actor,
) -> AppResult<Vec<crate::platform::users::auth_store::TokenRow>> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    Ok(crate::platform::users::auth_store::tokens(&db.pool, user_id).await?)
}

/// Revokes one of the actor's own live tokens; anyone else's is `NotFound`.
pub async fn revoke_token(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let user_id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let mut tx = db.begin().await?;
    if !crate::platform::users::auth_store::revoke_token(&mut tx, user_id, id).await? {
        return Err(AppError::NotFound);
    }
    crate::platform::audit::append(
        &mut tx,
        actor.audit("token.revoke", format!("token:{id}"), json!({})),
    )
    .await?;
    tx.commit().await?;
    db.epoch.changed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    #[tokio::test]
    async fn the_dummy_hash_is_a_real_hash() {
        let parsed = argon2::password_hash::phc::PasswordHash::new(super::DUMMY_HASH);
        assert!(parsed.is_ok());
        let place = Arc::new(crate::platform::users::password::Line::default()).join().unwrap();
        assert!(
            !crate::platform::users::password::verify(
                &place,
                "anything".into(),
                super::DUMMY_HASH.into()
            )
            .await
        );
    }
}

//! The actors of API tokens, kept in memory: a program reporting hundreds of cases a second
//! should not cost a read of its roles on each. An entry is served only while the cache
//! epoch it was read under still holds (see [`crate::platform::db::epoch`]) and its token has not
//! expired: a revoked token, a disabled account or a moved unit takes effect at once on this
//! server and within [`crate::platform::db::epoch::POLL`] on every other.
//!
//! A token's last use is recorded coarsely, at most once a [`NOTE_EVERY`] per token and server
//! (and, by the write's own condition, about once a minute between all servers), off the
//! request's path: intake at thousands of requests a second costs no write per request.

use crate::platform::access::actor::Actor;

use crate::platform::db::Db;
use crate::platform::db::stamp;
use crate::platform::service::AppResult;
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// An entry is read again after this long even if nothing changed.
const KEEP_FOR: Duration = Duration::from_secs(60);
/// Entries kept at most; the map is emptied when full (there are a few thousand accounts).
const MOST: usize = 10_000;
/// How often a token's last use is written.
pub const NOTE_EVERY: chrono::Duration = chrono::Duration::minutes(1);

struct Entry {
    generation: u64,
    at: Instant,
    actor: Actor,
    token_id: i64,
    /// Unix seconds.
    expires: i64,
    /// Unix seconds of the last use written (or seen written).
    noted: AtomicI64,
}

/// Token digest → actor.
#[derive(Default)]
pub struct ActorCache {
    entries: RwLock<HashMap<String, Entry>>,
}

impl ActorCache {
    /// The actor of a live token's digest, from memory when it is still good.
    pub async fn by_token(&self, db: &Db, token_hash: &str) -> AppResult<Option<Actor>> {
        // The generation is taken before reading, so a change that lands during the read leaves
        // the entry already stale.
        let generation = db.epoch.generation();
        let now = db.clock.now();
        if let Some(generation) = generation
            && let Some(entry) = self.entries.read().expect("actor cache lock").get(token_hash)
            && entry.generation == generation
            && entry.at.elapsed() < KEEP_FOR
            && now.timestamp() < entry.expires
        {
            let noted = entry.noted.load(Ordering::Acquire);
            if now.timestamp() - noted >= NOTE_EVERY.num_seconds()
                && entry
                    .noted
                    .compare_exchange(noted, now.timestamp(), Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                note_use(db, entry.token_id, now);
            }
            return Ok(Some(entry.actor.clone()));
        }
        let Some((token_id, expires_at, last_used)) =
            crate::platform::users::auth_store::live_token(&db.pool, token_hash, &stamp(now))
                .await?
        else {
            return Ok(None);
        };
        let Some(actor) = Actor::by_token(db, token_hash).await? else { return Ok(None) };
        let seconds =
            |t: &str| chrono::DateTime::parse_from_rfc3339(t).map(|t| t.timestamp()).unwrap_or(0);
        let mut noted = last_used.as_deref().map(seconds).unwrap_or(0);
        if now.timestamp() - noted >= NOTE_EVERY.num_seconds() {
            note_use(db, token_id, now);
            noted = now.timestamp();
        }
        if let Some(generation) = generation {
            let mut entries = self.entries.write().expect("actor cache lock");
            if entries.len() >= MOST {
                entries.clear();
            }
            let entry = Entry {
                generation,
                at: Instant::now(),
                actor: actor.clone(),
                token_id,
                expires: seconds(&expires_at),
                noted: noted.into(),
            };
            entries.insert(token_hash.to_string(), entry);
        }
        Ok(Some(actor))
    }
}

/// Writes a token's last use after the request, not in its way.
fn note_use(db: &Db, token_id: i64, now: chrono::DateTime<chrono::Utc>) {
    let pool = db.pool.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::platform::users::auth_store::note_use(
            &pool,
            token_id,
            &stamp(now),
            &stamp(now - NOTE_EVERY),
        )
        .await
        {
            tracing::warn!(error = %e, token_id, "cannot record a token's last use");
        }
    });
}

//! The actors of API tokens, kept in memory: a program reporting hundreds of cases a second
//! should not cost a read of its roles on each. An entry is served only while the cache
//! epoch it was read under still holds (see [`crate::store::epoch`]): a revoked token, a
//! disabled account or a moved unit takes effect at once on this server and within
//! [`crate::store::epoch::POLL`] on every other.

use super::{Actor, AppResult};
use crate::store::Db;
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// An entry is read again after this long even if nothing changed.
const KEEP_FOR: Duration = Duration::from_secs(60);
/// Entries kept at most; the map is emptied when full (there are a few thousand accounts).
const MOST: usize = 10_000;

struct Entry {
    generation: u64,
    at: Instant,
    actor: Actor,
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
        if let Some(generation) = generation
            && let Some(entry) = self.entries.read().expect("actor cache lock").get(token_hash)
            && entry.generation == generation
            && entry.at.elapsed() < KEEP_FOR
        {
            return Ok(Some(entry.actor.clone()));
        }
        let actor = Actor::by_token(db, token_hash).await?;
        if let (Some(generation), Some(actor)) = (generation, &actor) {
            let mut entries = self.entries.write().expect("actor cache lock");
            if entries.len() >= MOST {
                entries.clear();
            }
            entries.insert(token_hash.to_string(), Entry { generation, at: Instant::now(), actor: actor.clone() });
        }
        Ok(actor)
    }
}

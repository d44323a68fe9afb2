//! The cache epoch: how this process learns that something it keeps in memory has changed in
//! the database (who may do what: the actors of API tokens; what reports are checked against:
//! catalogues and the calendar), so that it is dropped at once.
//!
//! The database moves a counter (`cache_epoch`) in the same transaction as any change to those
//! tables (triggers, so no write path can forget it). Each process polls it a few times a
//! second; a change made through this process is known before its request is answered. Until
//! the counter has been read, or after a read failed, nothing may be served from memory.

use sqlx::AnyPool;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// How often the counter is read: the longest another server or the command line takes to
/// reach this one.
pub const POLL: Duration = Duration::from_millis(200);

const UNKNOWN: i64 = -1;

/// What this process knows of the cache epoch.
#[derive(Debug)]
pub struct CacheEpoch {
    /// Moves whenever something cached may be stale.
    generation: AtomicU64,
    /// The database's counter when last read, or `UNKNOWN`.
    seen: AtomicI64,
    watching: AtomicBool,
}

impl Default for CacheEpoch {
    fn default() -> Self {
        CacheEpoch {
            generation: AtomicU64::new(0),
            seen: AtomicI64::new(UNKNOWN),
            watching: AtomicBool::new(false),
        }
    }
}

impl CacheEpoch {
    /// The generation to tag a cached value with, or `None` while the database's counter is
    /// not known (then nothing may be cached or served from a cache).
    pub fn generation(&self) -> Option<u64> {
        let generation = self.generation.load(Ordering::Acquire);
        (self.seen.load(Ordering::Acquire) != UNKNOWN).then_some(generation)
    }

    /// A change committed through this process: what was cached is stale now.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Takes a reading of the database's counter (or a failed read).
    fn observe(&self, reading: Option<i64>) {
        let reading = reading.unwrap_or(UNKNOWN);
        if self.seen.swap(reading, Ordering::AcqRel) != reading {
            self.changed();
        }
    }

    /// Reads the counter now, then every [`POLL`] until the pool closes. Started once per
    /// process however often it is asked.
    pub fn watch(self: &Arc<Self>, pool: AnyPool) {
        if self.watching.swap(true, Ordering::AcqRel) {
            return;
        }
        let epoch = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(POLL);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                // Closed while this waited: the server (or a benchmark's scenario) is done.
                if pool.is_closed() {
                    break;
                }
                let reading =
                    sqlx::query_scalar::<_, i64>("SELECT n FROM cache_epoch WHERE id = 1")
                        .fetch_one(&pool)
                        .await;
                if let Err(e) = &reading {
                    tracing::warn!(error = %e, "cannot read the cache epoch; nothing is served from memory until it reads again");
                }
                epoch.observe(reading.ok());
            }
            epoch.watching.store(false, Ordering::Release);
        });
    }
}

/// One value this process keeps while the cache epoch holds (the grid index): read with the
/// generation taken before the value was built, so a change that lands during the build leaves
/// it already stale; while the generation is unknown nothing is kept or served.
pub struct Kept<T> {
    kept: std::sync::RwLock<Option<(u64, Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept { kept: std::sync::RwLock::new(None) }
    }
}

impl<T> std::fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let generation = self.kept.read().ok().and_then(|k| k.as_ref().map(|(g, _)| *g));
        f.debug_struct("Kept").field("generation", &generation).finish()
    }
}

impl<T> Kept<T> {
    /// The value kept under this generation, if any.
    pub fn get(&self, generation: Option<u64>) -> Option<Arc<T>> {
        let generation = generation?;
        let kept = self.kept.read().expect("kept value lock");
        kept.as_ref().filter(|(g, _)| *g == generation).map(|(_, v)| v.clone())
    }

    /// Keeps a value built under `generation` (taken before it was read) and hands it back.
    pub fn keep(&self, generation: Option<u64>, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Some(generation) = generation {
            *self.kept.write().expect("kept value lock") = Some((generation, value.clone()));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_trusted_before_the_first_reading_or_after_a_failed_one() {
        let epoch = CacheEpoch::default();
        assert_eq!(epoch.generation(), None);
        epoch.observe(Some(7));
        let first = epoch.generation().unwrap();
        epoch.observe(Some(7));
        assert_eq!(epoch.generation(), Some(first));
        epoch.observe(Some(8));
        let second = epoch.generation().unwrap();
        assert_ne!(second, first);
        epoch.changed();
        assert_ne!(epoch.generation(), Some(second));
        epoch.observe(None);
        assert_eq!(epoch.generation(), None);
    }
}

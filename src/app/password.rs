//! Password hashing with Argon2id, off the async threads (a hash takes tens of milliseconds and
//! holds about 19 MiB). A few run at once, about one a core, and only so many logins may wait for
//! one: a burst of logins is answered "try again" beyond that, rather than queued without end
//! (each queued hash on the blocking pool would hold its memory, and every request would wait).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// The shortest password accepted.
pub const MIN_LEN: usize = 8;

/// Logins that may wait for or run a hash at once, per hasher.
const WAITING_PER_HASHER: usize = 64;

/// Hashes run at once: about the cores, since each is all computation.
static HASHERS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(hashers()));
/// The logins waiting for or running a hash.
static LINE: LazyLock<Line> = LazyLock::new(|| Line { most: WAITING_PER_HASHER * hashers(), waiting: AtomicUsize::new(0) });

fn hashers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// A bounded line.
#[derive(Debug)]
struct Line {
    most: usize,
    waiting: AtomicUsize,
}

impl Line {
    fn join(&'static self) -> Option<Place> {
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.most {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Place(self))
    }
}

/// A login's place in line for a hash; dropping it leaves the line.
#[derive(Debug)]
pub struct Place(&'static Line);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A place in line for a login's hash, or `None` when the line is full (the caller answers
/// "try again in a moment").
pub fn line_up() -> Option<Place> {
    LINE.join()
}

/// Runs `work` on the blocking pool once a hasher is free.
async fn on_a_hasher<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let _turn = HASHERS.acquire().await?;
    Ok(tokio::task::spawn_blocking(work).await?)
}

/// Hashes a password to a PHC string (`$argon2id$v=19$…`) with a fresh salt.
pub async fn hash(password: String) -> anyhow::Result<String> {
    on_a_hasher(move || hash_now(&password)).await?
}

/// The same, for callers that are not async (the demo loader, the command line).
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

/// Whether a password matches a stored PHC string, for a login holding its place in line; a
/// malformed string never matches.
pub async fn verify(_place: &Place, password: String, phc: String) -> bool {
    on_a_hasher(move || PasswordHash::new(&phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()))
        .await
        .unwrap_or(false)
}

/// A fresh random secret as hex (`bytes` random bytes).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::fill(&mut buf[..]);
    hex::encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        let place = line_up().unwrap();
        assert!(verify(&place, "correct horse".into(), phc.clone()).await);
        assert!(!verify(&place, "wrong horse".into(), phc).await);
        assert!(!verify(&place, "x".into(), "not a hash".into()).await);
    }

    #[test]
    fn the_line_is_bounded_and_a_place_is_given_back() {
        let line: &'static Line = Box::leak(Box::new(Line { most: 3, waiting: AtomicUsize::new(0) }));
        let places: Vec<Place> = std::iter::from_fn(|| line.join()).take(10).collect();
        assert_eq!(places.len(), 3);
        assert!(line.join().is_none());
        drop(places);
        assert!(line.join().is_some());
    }

    #[test]
    fn secrets_are_fresh() {
        assert_eq!(random_hex(32).len(), 64);
        assert_ne!(random_hex(16), random_hex(16));
    }
}

//! Password hashing with Argon2id, off the async threads (a hash takes tens of milliseconds and
//! holds about 19 MiB). Hashes run on their own threads, one a core, and only so many logins may
//! wait for one: a burst of logins is answered "try again" beyond that, rather than queued
//! without end. Own threads, not the blocking pool: measured with a burst of 2,000 logins, a
//! semaphore around `spawn_blocking` still grew the server by 530 MB, since each of the pool's
//! many threads keeps its freed 19 MiB in its own allocator arena; a few long-lived threads keep
//! a few.

use argon2::Argon2;
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::PasswordHash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};

/// The shortest password accepted.
pub const MIN_LEN: usize = 8;

/// Logins that may wait for or run a hash at once, per hasher.
const WAITING_PER_HASHER: usize = 16;

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue: as many threads as cores, since a hash is all computation.
static HASHERS: LazyLock<Mutex<Sender<Job>>> = LazyLock::new(|| {
    let (send, receive) = channel::<Job>();
    let receive = Arc::new(Mutex::new(receive));
    for n in 0..hashers() {
        let receive = receive.clone();
        let spawned =
            std::thread::Builder::new().name(format!("zhili-hasher-{n}")).spawn(move || {
                lower_priority();
                loop {
                    let job = receive.lock().expect("hasher queue").recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a password hashing thread");
        }
    }
    Mutex::new(send)
});
fn hashers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// The logins of one server waiting for or running a hash, at most so many.
#[derive(Debug)]
pub struct Line {
    most: usize,
    waiting: AtomicUsize,
}

impl Default for Line {
    fn default() -> Self {
        Line { most: WAITING_PER_HASHER * hashers(), waiting: AtomicUsize::new(0) }
    }
}

impl Line {
    /// A place in line for a login's hash, or `None` when the line is full (the caller answers
    /// "try again in a moment").
    pub fn join(self: &Arc<Self>) -> Option<Place> {
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.most {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Place(self.clone()))
    }
}

/// A login's place in line for a hash; dropping it leaves the line.
#[derive(Debug)]
pub struct Place(Arc<Line>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Lowers the calling thread's CPU priority (nice 10): when the cores are all busy hashing a
/// burst of logins, the threads answering everything else still run first.
fn lower_priority() {
    // SAFETY: setpriority takes plain integers; on Linux, `who = 0` with PRIO_PROCESS is the
    // calling thread alone. A failure only leaves the priority as it was.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Runs `work` on a hashing thread once one is free.
async fn on_a_hasher<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    HASHERS
        .lock()
        .expect("hasher queue")
        .send(job)
        .map_err(|_| anyhow::anyhow!("the password hashing threads are gone"))?;
    Ok(result.await?)
}

/// Hashes a password to a PHC string (`$argon2id$v=19$…`) with a fresh salt.
pub async fn hash(password: String) -> anyhow::Result<String> {
    on_a_hasher(move || hash_now(&password)).await?
}

/// The same, for callers that are not async (the demo loader, the command line).
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

/// Whether a password matches a stored PHC string, for a login holding its place in line; a
/// malformed string never matches.
pub async fn verify(_place: &Place, password: String, phc: String) -> bool {
    on_a_hasher(move || verify_now(password.as_bytes(), &phc)).await.unwrap_or(false)
}

thread_local! {
    /// A hashing thread's Argon2 memory, kept from one hash to the next: allocated afresh each
    /// time, the freed 19 MiB piled up in the allocator (measured: 200 MB after 300 logins).
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn verify_now(password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let (Ok(params), Ok(algorithm)) =
        (argon2::Params::try_from(&parsed), argon2::Algorithm::try_from(parsed.algorithm.as_str()))
    else {
        return false;
    };
    let Ok(version) = parsed.version.map(argon2::Version::try_from).transpose() else {
        return false;
    };
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params);
    let mut out = vec![0u8; expected.len()];
    let hashed = MEMORY.with_borrow_mut(|memory| {
        memory.resize(blocks, argon2::Block::default());
        argon.hash_password_into_with_memory(password, salt, &mut out, &mut memory[..blocks])
    });
    // `Output`'s equality takes the same time however much of it matches.
    hashed.is_ok()
        && argon2::password_hash::phc::Output::new(&out).is_ok_and(|out| out == *expected)
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
        let place = Arc::new(Line::default()).join().unwrap();
        assert!(verify(&place, "correct horse".into(), phc.clone()).await);
        assert!(!verify(&place, "wrong horse".into(), phc).await);
        assert!(!verify(&place, "x".into(), "not a hash".into()).await);
    }

    #[test]
    fn the_line_is_bounded_and_a_place_is_given_back() {
        let line = Arc::new(Line { most: 3, waiting: AtomicUsize::new(0) });
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

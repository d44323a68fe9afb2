//! Imports from the upload page run beside the request, so the page can show their progress:
//! each is a job the server keeps in memory under a random token, seen only by the user who
//! started it, and forgotten an hour after it ends (or when more than [`MAX_JOBS`] are kept).

use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::registry::domain::records::Kind;
use crate::registry::services::import::{Mode, Report, Source};
use crate::registry::services::record_import::RecordSource;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most jobs kept at once; the oldest finished go first.
pub const MAX_JOBS: usize = 200;
/// How long a finished job's report is kept.
const KEPT: Duration = Duration::from_secs(3600);

/// What a job imports: people, or records of a kind.
pub enum Work {
    /// People, with their households.
    People(Box<Source>),
    /// Records of a kind.
    Records(&'static Kind, RecordSource),
}

/// Where a job stands.
#[derive(Clone)]
pub enum State {
    /// Rows done of all.
    Running(usize, usize),
    /// Done, with its report.
    Done(Arc<Report>),
    /// Stopped by an error that is not a row's (the database went away).
    Failed(String),
}

/// A job's end: its report, or why it stopped.
type Outcome = Arc<Mutex<Option<Result<Arc<Report>, String>>>>;

struct Job {
    user: Option<i64>,
    total: usize,
    done: Arc<AtomicUsize>,
    result: Outcome,
    started: Instant,
}

/// The server's import jobs. One runs at a time, the others wait their turn (showing 0 rows
/// done): each holds the write transaction while it runs, and SQLite has one writer.
pub struct Jobs {
    jobs: Mutex<HashMap<String, Job>>,
    turn: Arc<tokio::sync::Semaphore>,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs { jobs: Mutex::default(), turn: Arc::new(tokio::sync::Semaphore::new(1)) }
    }
}

impl Jobs {
    /// Starts the work (of `total` rows) as the actor; the job's token.
    pub fn start(
        self: &Arc<Self>,
        db: Db,
        actor: Actor,
        work: Work,
        total: usize,
        mode: Mode,
    ) -> String {
        let mut bytes = [0u8; 16];
        rand::fill(&mut bytes[..]);
        let token = hex::encode(bytes);
        let done = Arc::new(AtomicUsize::new(0));
        let result: Outcome = Arc::new(Mutex::new(None));
        {
            let mut jobs = self.jobs.lock().expect("jobs lock");
            if jobs.len() >= MAX_JOBS {
                jobs.retain(|_, j| {
                    j.result.lock().map(|r| r.is_none()).unwrap_or(false)
                        || j.started.elapsed() < KEPT
                });
                if jobs.len() >= MAX_JOBS
                    && let Some(oldest) =
                        jobs.iter().min_by_key(|(_, j)| j.started).map(|(k, _)| k.clone())
                {
                    jobs.remove(&oldest);
                }
            }
            jobs.insert(
                token.clone(),
                Job {
                    user: actor.user_id(),
                    total,
                    done: done.clone(),
                    result: result.clone(),
                    started: Instant::now(),
                },
            );
        }
        let turn = self.turn.clone();
        tokio::spawn(async move {
            let _turn = turn.acquire_owned().await;
            let counter = done.clone();
            let mut heard = move |n| counter.store(n, Ordering::Relaxed);
            let got = match work {
                Work::People(source) => {
                    crate::registry::services::import::people(
                        &db, &actor, *source, mode, &mut heard,
                    )
                    .await
                }
                Work::Records(kind, source) => {
                    crate::registry::services::record_import::import(
                        &db, &actor, kind, source, mode, &mut heard,
                    )
                    .await
                }
            };
            let got = got.map(Arc::new).map_err(|e| {
                tracing::error!(error = %e, "an import stopped");
                // The cause stays in the log; the page says what a person can act on.
                match e {
                    crate::platform::service::AppError::Invalid(fields) => {
                        fields.first().map_or_else(
                            || "error.sheet_unreadable".to_string(),
                            |f| f.key.to_string(),
                        )
                    }
                    _ => "error.import_stopped".to_string(),
                }
            });
            *result.lock().expect("job lock") = Some(got);
        });
        token
    }

    /// Where the actor's job of this token stands; none for another's or an unknown one.
    pub fn state(&self, actor: &Actor, token: &str) -> Option<State> {
        let jobs = self.jobs.lock().expect("jobs lock");
        let job = jobs.get(token).filter(|j| j.user == actor.user_id())?;
        Some(match job.result.lock().expect("job lock").as_ref() {
            None => State::Running(job.done.load(Ordering::Relaxed), job.total),
            Some(Ok(report)) => State::Done(report.clone()),
            Some(Err(e)) => State::Failed(e.clone()),
        })
    }
}

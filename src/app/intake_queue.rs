//! Intake with group commit. Each report is checked on its own request; the writes of every
//! report waiting at that moment then go to the database in one transaction, so one durable
//! commit (one fsync) serves many reports. Each report keeps its own savepoint: one that fails
//! is answered with its error and the others still land. A report is answered only after the
//! commit that holds it.

use super::cases::{Intake, Prepared, write_report};
use super::{Actor, AppError, AppResult};
use crate::store::Db;
use crate::store::cases::CaseRow;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Reports written in one transaction at most.
const BATCH: usize = 512;
/// How long the calendar and catalogues read for intake are trusted before they are read again
/// (edits made on this server clear them at once; other servers' edits arrive within this).
const FRESH_FOR: Duration = Duration::from_secs(60);

struct Job {
    actor: Actor,
    prepared: Prepared,
    reply: oneshot::Sender<AppResult<CaseRow>>,
}

/// The queue in front of the writer, and the intake data it keeps fresh.
pub struct IntakeQueue {
    jobs: mpsc::Sender<Job>,
    intake: RwLock<Option<(Instant, Arc<Intake>)>>,
}

impl IntakeQueue {
    /// Starts the writer task on a database.
    pub fn start(db: Db) -> Arc<IntakeQueue> {
        let (jobs, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(writer(db, rx));
        Arc::new(IntakeQueue { jobs, intake: RwLock::new(None) })
    }

    /// The calendar and catalogues for checking reports, read again when stale.
    pub async fn intake(&self, db: &Db) -> AppResult<Arc<Intake>> {
        if let Some((at, intake)) = self.intake.read().expect("intake lock").as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(intake.clone());
        }
        let fresh = Arc::new(Intake::load(db).await?);
        *self.intake.write().expect("intake lock") = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Forgets the intake data (after the calendar or a catalogue changed).
    pub fn invalidate(&self) {
        *self.intake.write().expect("intake lock") = None;
    }

    /// Writes a checked report with the next group commit.
    pub async fn submit(&self, actor: &Actor, prepared: Prepared) -> AppResult<CaseRow> {
        let (reply, answer) = oneshot::channel();
        let job = Job { actor: actor.clone(), prepared, reply };
        self.jobs.send(job).await.map_err(|_| anyhow::anyhow!("the intake writer has stopped"))?;
        answer.await.map_err(|_| anyhow::anyhow!("the intake writer dropped a report"))?
    }
}

async fn writer(db: Db, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        metrics::histogram!("zhili_intake_batch_size").record(batch.len() as f64);
        match write_batch(&db, batch).await {
            Ok(()) => {}
            Err(e) => tracing::error!(error = %e, "an intake batch failed"),
        }
    }
}

/// Writes a batch and answers every job: its row after the commit, or its own error.
async fn write_batch(db: &Db, batch: Vec<Job>) -> anyhow::Result<()> {
    let mut tx = match db.begin().await {
        Ok(tx) => tx,
        Err(e) => {
            for job in batch {
                let _ = job.reply.send(Err(AppError::Internal(anyhow::anyhow!("cannot begin: {e}"))));
            }
            return Err(e.into());
        }
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        sqlx::query("SAVEPOINT intake").execute(&mut *tx).await?;
        match write_report(&mut tx, &job.actor, job.prepared).await {
            Ok(row) => {
                sqlx::query("RELEASE SAVEPOINT intake").execute(&mut *tx).await?;
                outcomes.push((job.reply, Ok(row)));
            }
            Err(e) => {
                sqlx::query("ROLLBACK TO SAVEPOINT intake").execute(&mut *tx).await?;
                sqlx::query("RELEASE SAVEPOINT intake").execute(&mut *tx).await?;
                outcomes.push((job.reply, Err(e)));
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for (reply, outcome) in outcomes {
                let _ = reply.send(outcome);
            }
            Ok(())
        }
        Err(e) => {
            for (reply, _) in outcomes {
                let _ = reply.send(Err(AppError::Internal(anyhow::anyhow!("the commit failed: {e}"))));
            }
            Err(e.into())
        }
    }
}

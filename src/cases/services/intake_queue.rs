//! Intake with group commit. Each report is checked on its own request; the writes of every
//! report waiting at that moment then go to the database in one transaction, so one durable
//! commit (one fsync) serves many reports. A report is answered only after the commit that
//! holds it.

use crate::cases::services::Intake;

use crate::cases::services::Prepared;

use crate::cases::domain::case::Case;
use crate::cases::services::write_reports;
use crate::platform::access::actor::Actor;
use crate::platform::db::Db;
use crate::platform::service::AppError;
use crate::platform::service::AppResult;
use std::sync::{Arc, RwLock};
use tokio::sync::{mpsc, oneshot};

/// Reports written in one transaction at most.
const BATCH: usize = 512;

struct Job {
    actor: Actor,
    prepared: Prepared,
    reply: oneshot::Sender<AppResult<Case>>,
}

/// The queue in front of the writer, and the intake data it keeps fresh.
pub struct IntakeQueue {
    jobs: mpsc::Sender<Job>,
    /// The calendar and catalogues, with the cache epoch's generation they were read under.
    intake: RwLock<Option<(u64, Arc<Intake>)>>,
}

impl IntakeQueue {
    /// Starts the writer task on a database.
    pub fn start(db: Db) -> Arc<IntakeQueue> {
        let (jobs, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(writer(db, rx));
        Arc::new(IntakeQueue { jobs, intake: RwLock::new(None) })
    }

    /// The calendar and catalogues for checking reports, read again once the cache epoch moved
    /// (a catalogue published or a calendar day changed, on any server).
    async fn intake(&self, db: &Db) -> AppResult<Arc<Intake>> {
        let generation = db.epoch.generation();
        if let Some(generation) = generation
            && let Some((kept, intake)) = self.intake.read().expect("intake lock").as_ref()
            && *kept == generation
        {
            return Ok(intake.clone());
        }
        let fresh = Arc::new(Intake::load(db).await?);
        if let Some(generation) = generation {
            *self.intake.write().expect("intake lock") = Some((generation, fresh.clone()));
        }
        Ok(fresh)
    }

    /// Takes a report from any channel (API, page, Open311, the public form): checked against
    /// the kept catalogue and calendar, then written with the next group commit.
    pub async fn report(
        &self,
        db: &Db,
        actor: &Actor,
        input: crate::cases::services::ReportInput,
    ) -> AppResult<Case> {
        let intake = self.intake(db).await?;
        let prepared = crate::cases::services::prepare(db, &intake, actor, input).await?;
        self.submit(actor, prepared).await
    }

    /// Takes a public report to be followed by the token of `digest`, written with it.
    pub async fn report_followed(
        &self,
        db: &Db,
        actor: &Actor,
        input: crate::cases::services::ReportInput,
        digest: String,
    ) -> AppResult<Case> {
        let intake = self.intake(db).await?;
        let prepared =
            crate::cases::services::prepare(db, &intake, actor, input).await?.followed_by(digest);
        self.submit(actor, prepared).await
    }

    /// Writes a checked report with the next group commit.
    async fn submit(&self, actor: &Actor, prepared: Prepared) -> AppResult<Case> {
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

/// Writes a batch and answers every job with its row after the commit. Reports were checked
/// before they were queued, so a batch fails only on a database fault; then each report is tried
/// again alone, so one bad report cannot take the others down with it.
async fn write_batch(db: &Db, batch: Vec<Job>) -> anyhow::Result<()> {
    let together = async {
        let mut tx = db.begin().await?;
        let rows =
            write_reports(&mut tx, batch.iter().map(|j| (&j.actor, j.prepared.clone())).collect())
                .await?;
        tx.commit().await?;
        Ok::<_, AppError>(rows)
    };
    match together.await {
        Ok(rows) => {
            for (job, row) in batch.into_iter().zip(rows) {
                let _ = job.reply.send(Ok(row));
            }
            Ok(())
        }
        Err(e) => {
            tracing::warn!(error = %e, size = batch.len(), "an intake batch failed; writing its reports one by one");
            for job in batch {
                let alone = async {
                    let mut tx = db.begin().await?;
                    let rows =
                        write_reports(&mut tx, vec![(&job.actor, job.prepared.clone())]).await?;
                    tx.commit().await?;
                    Ok::<_, AppError>(rows.into_iter().next())
                };
                let outcome = alone.await.and_then(|r| r.ok_or(AppError::NotFound));
                let _ = job.reply.send(outcome);
            }
            Ok(())
        }
    }
}

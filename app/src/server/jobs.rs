//! The durable job queue: enqueue work, claim it under a lease, finish or
//! retry it with backoff. Every instance may run workers; Postgres makes
//! sure each job is held by one of them at a time, and a job whose worker
//! died is claimed again when its lease runs out.

use super::{db, AppState};
use crate::error::AppError;
pub use db::jobs::ClaimedJob;
use time::Duration;

/// How long a claimed job is reserved for its worker.
pub const LEASE: Duration = Duration::minutes(5);

/// Queues `kind` now; with a `dedupe_key`, a job already waiting for the
/// same key is reused instead of doubled.
pub async fn enqueue(
    state: &AppState,
    kind: &str,
    payload: serde_json::Value,
    dedupe_key: Option<&str>,
) -> Result<i64, AppError> {
    let now = state.clock.now();
    Ok(db::jobs::enqueue(&state.pool, kind, &payload, dedupe_key, now, now).await?)
}

/// Up to `limit` due jobs, now reserved for the caller.
pub async fn claim(state: &AppState, limit: i64) -> Result<Vec<ClaimedJob>, AppError> {
    let now = state.clock.now();
    Ok(db::jobs::claim(&state.pool, now, now + LEASE, limit).await?)
}

pub async fn complete(state: &AppState, job: &ClaimedJob) -> Result<(), AppError> {
    Ok(db::jobs::complete(&state.pool, job.id, state.clock.now()).await?)
}

/// Schedules another attempt after the backoff, or gives the job up once it
/// has used all its attempts.
pub async fn fail(state: &AppState, job: &ClaimedJob, error: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let retry_at =
        (job.attempts < job.max_attempts).then(|| now + domain::retry::backoff(job.attempts));
    if retry_at.is_none() {
        tracing::error!(job = job.id, kind = %job.kind, error, "job failed for the last time");
    } else {
        tracing::warn!(job = job.id, kind = %job.kind, error, "job failed; will retry");
    }
    Ok(db::jobs::fail(&state.pool, job.id, error, retry_at, now).await?)
}

/// The Postgres channel enqueueing notifies, so idle workers start at once.
pub const CHANNEL: &str = "jobs_ready";

type HandlerFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send>>;
type Handler = std::sync::Arc<dyn Fn(AppState, serde_json::Value) -> HandlerFuture + Send + Sync>;

/// What to run for each job kind.
#[derive(Clone, Default)]
pub struct Handlers(std::collections::HashMap<&'static str, Handler>);

impl Handlers {
    pub fn register<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(AppState, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
    {
        self.0.insert(
            kind,
            std::sync::Arc::new(move |state, payload| Box::pin(handler(state, payload))),
        );
        self
    }
}

/// Claims a batch of due jobs and runs them together; returns how many ran.
pub async fn work_once(state: &AppState, handlers: &Handlers) -> Result<usize, AppError> {
    let batch = claim(state, BATCH).await?;
    // The batch runs at once: most jobs wait on a network (an SMTP server,
    // a model), and each is independent of the others.
    let finished = futures::future::join_all(batch.iter().map(|job| async move {
        let outcome = match handlers.0.get(job.kind.as_str()) {
            Some(handler) => handler(state.clone(), job.payload.clone()).await,
            None => Err(format!("no handler for job kind {:?}", job.kind)),
        };
        match outcome {
            Ok(()) => complete(state, job).await,
            Err(error) => fail(state, job, &error).await,
        }
    }))
    .await;
    finished
        .into_iter()
        .collect::<Result<Vec<()>, AppError>>()?;
    Ok(batch.len())
}

/// Jobs one worker claims and runs together.
const BATCH: i64 = 8;

/// Runs jobs until the task is dropped: drains what is due, then sleeps until
/// a `jobs_ready` notification or `poll` has passed (retries and leases that
/// run out are found by the poll). Safe to run on every instance.
pub async fn run_worker(state: AppState, handlers: Handlers, poll: std::time::Duration) {
    let mut listener = match sqlx::postgres::PgListener::connect_with(&state.pool).await {
        Ok(mut listener) => match listener.listen(CHANNEL).await {
            Ok(()) => Some(listener),
            Err(e) => {
                tracing::warn!(error = %e, "cannot LISTEN for jobs; polling only");
                None
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "cannot open a listener connection; polling only");
            None
        }
    };
    loop {
        match work_once(&state, &handlers).await {
            Ok(ran) if ran > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e.message, "job worker round failed"),
        }
        match listener.as_mut() {
            Some(listener) => {
                // A dropped connection is re-established by the listener on the next recv.
                let _ = tokio::time::timeout(poll, listener.recv()).await;
            }
            None => tokio::time::sleep(poll).await,
        }
    }
}

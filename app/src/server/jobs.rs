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

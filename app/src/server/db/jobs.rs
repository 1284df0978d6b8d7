//! The `jobs` table: a Postgres-backed queue.

use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;

#[derive(Debug, Clone, FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Including the one just started.
    pub attempts: i32,
    pub max_attempts: i32,
}

/// Adds a job, or, when an unfinished job has the same `dedupe_key`, moves
/// that job's time earlier if needed and returns its id. Sleeping workers on
/// every instance are woken through `NOTIFY jobs_ready`.
#[tracing::instrument(skip_all, fields(kind))]
pub async fn enqueue(
    db: impl PgExecutor<'_>,
    kind: &str,
    payload: &serde_json::Value,
    dedupe_key: Option<&str>,
    run_at: OffsetDateTime,
    now: OffsetDateTime,
) -> sqlx::Result<i64> {
    insert(db, kind, payload, dedupe_key, run_at, now, None).await
}

/// The one INSERT behind both: `max_attempts` `None` is 8, the table's
/// default.
async fn insert(
    db: impl PgExecutor<'_>,
    kind: &str,
    payload: &serde_json::Value,
    dedupe_key: Option<&str>,
    run_at: OffsetDateTime,
    now: OffsetDateTime,
    max_attempts: Option<i32>,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "WITH queued AS (
             INSERT INTO jobs (kind, payload, dedupe_key, run_at, created_at, max_attempts)
             VALUES ($1, $2, $3, $4, $5, COALESCE($6, 8))
             ON CONFLICT (dedupe_key) WHERE done_at IS NULL AND failed_at IS NULL
             DO UPDATE SET run_at = LEAST(jobs.run_at, EXCLUDED.run_at), payload = EXCLUDED.payload
             RETURNING id),
         wake AS (SELECT pg_notify('jobs_ready', $1))
         SELECT queued.id FROM queued, wake",
    )
    .bind(kind)
    .bind(payload)
    .bind(dedupe_key)
    .bind(run_at)
    .bind(now)
    .bind(max_attempts)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Adds a job that may run `max_attempts` times (no dedupe key: each call
/// is its own job, such as one message to deliver).
pub async fn enqueue_with_attempts(
    db: impl PgExecutor<'_>,
    kind: &str,
    payload: &serde_json::Value,
    max_attempts: i32,
    now: OffsetDateTime,
) -> sqlx::Result<i64> {
    insert(db, kind, payload, None, now, now, Some(max_attempts)).await
}

/// Claims up to `limit` due jobs under a lease until `lease_until`. Rows
/// another worker holds are skipped, so concurrent workers never share a job.
#[tracing::instrument(skip_all)]
pub async fn claim(
    db: impl PgExecutor<'_>,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: i64,
) -> sqlx::Result<Vec<ClaimedJob>> {
    sqlx::query_as::<_, ClaimedJob>(
        "UPDATE jobs SET locked_until = $2, attempts = attempts + 1
         WHERE id IN (
             SELECT id FROM jobs
             WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1
               AND (locked_until IS NULL OR locked_until < $1)
             ORDER BY run_at, id
             LIMIT $3
             FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, payload, attempts, max_attempts",
    )
    .bind(now)
    .bind(lease_until)
    .bind(limit)
    .fetch_all(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn complete(db: impl PgExecutor<'_>, id: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query("UPDATE jobs SET done_at = $2, locked_until = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// Records a failure: the job runs again at `retry_at`, or, with `None`, is
/// given up on.
#[tracing::instrument(skip_all)]
pub async fn fail(
    db: impl PgExecutor<'_>,
    id: i64,
    error: &str,
    retry_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE jobs SET locked_until = NULL, last_error = $2,
             run_at = COALESCE($3, run_at),
             failed_at = CASE WHEN $3 IS NULL THEN $4 END
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

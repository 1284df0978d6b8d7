//! `rate_limit_hits`: fixed-window counters shared by all instances.

use sqlx::PgExecutor;
use time::OffsetDateTime;

/// Counts one hit in `bucket` for the window starting at `window_start` and
/// returns the hits so far in that window.
#[tracing::instrument(skip_all)]
pub async fn hit(
    db: impl PgExecutor<'_>,
    bucket: &str,
    window_start: OffsetDateTime,
) -> sqlx::Result<i32> {
    let (hits,): (i32,) = sqlx::query_as(
        "INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(db)
    .await?;
    Ok(hits)
}

/// Drops windows that ended before `before`. Safe to run on every instance.
#[tracing::instrument(skip_all)]
pub async fn delete_before(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM rate_limit_hits WHERE window_start < $1")
        .bind(before)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

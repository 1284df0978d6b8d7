//! `notifications`: one row per event per recipient.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// Adds a notification for `user`. With `once_key`, a second one with the
/// same key for the same user is ignored (`false`).
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    user: Uuid,
    kind: &str,
    data: &serde_json::Value,
    once_key: Option<&str>,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, data, once_key, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, once_key) DO NOTHING",
    )
    .bind(user)
    .bind(kind)
    .bind(sqlx::types::Json(data))
    .bind(once_key)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

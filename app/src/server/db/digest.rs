//! `mail_digest_items`: event mail held for the morning digest.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// One held event, as the digest words it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Held {
    pub event: String,
    pub notification: String,
    pub facts: serde_json::Value,
}

#[tracing::instrument(skip_all)]
pub async fn hold(
    db: impl PgExecutor<'_>,
    user: Uuid,
    event: &str,
    notification: &str,
    facts: &serde_json::Value,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mail_digest_items (user_id, event, notification, facts, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user)
    .bind(event)
    .bind(notification)
    .bind(facts)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Everything held for `user`, oldest first, removed in the same statement
/// (the transaction that queues the digest).
#[tracing::instrument(skip_all)]
pub async fn take(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<Vec<Held>> {
    sqlx::query_as(
        "WITH taken AS (DELETE FROM mail_digest_items WHERE user_id = $1
                        RETURNING id, event, notification, facts)
         SELECT event, notification, facts FROM taken ORDER BY id",
    )
    .bind(user)
    .fetch_all(db)
    .await
}

/// Items held longer than `before` (an account that could not be mailed:
/// suspended, address unconfirmed) are dropped.
#[tracing::instrument(skip_all)]
pub async fn forget_before(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM mail_digest_items WHERE created_at < $1")
        .bind(before)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

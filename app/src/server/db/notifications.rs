//! `notifications`: one row per event per recipient.

use crate::server::live::NOTIFICATIONS;
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
    // The bell of every instance hears of it when the transaction commits.
    let done = sqlx::query(&format!(
        "WITH added AS (
            INSERT INTO notifications (user_id, kind, data, once_key, created_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id, once_key) DO NOTHING
            RETURNING user_id)
         SELECT pg_notify('{NOTIFICATIONS}', user_id::text) FROM added"
    ))
    .bind(user)
    .bind(kind)
    .bind(sqlx::types::Json(data))
    .bind(once_key)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub data: sqlx::types::Json<serde_json::Value>,
    pub created_at: OffsetDateTime,
    pub read_at: Option<OffsetDateTime>,
}

/// `user`'s notifications, newest first, before id `before` if given.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    user: Uuid,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(
        "SELECT id, kind, data, created_at, read_at FROM notifications
         WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3",
    )
    .bind(user)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn unread_count(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(db)
        .await
}

/// Marks `user`'s notifications read: those in `ids`, or all when `None`.
/// Other users' ids are ignored.
#[tracing::instrument(skip_all)]
pub async fn mark_read(
    db: impl PgExecutor<'_>,
    user: Uuid,
    ids: Option<&[i64]>,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    // Other tabs and devices update their bells.
    sqlx::query(&format!(
        "WITH marked AS (
            UPDATE notifications SET read_at = $3
            WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2))
            RETURNING user_id)
         SELECT pg_notify('{NOTIFICATIONS}', $1::text) FROM marked LIMIT 1"
    ))
    .bind(user)
    .bind(ids)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// A `new_message` notification for `user` about chat `window`, unless they
/// are looking at it now (a live connection seen since `fresh_since`) or
/// already have an unread one for it.
#[tracing::instrument(skip_all)]
pub async fn new_message_unless_looking(
    db: impl PgExecutor<'_>,
    user: Uuid,
    window: Uuid,
    data: &serde_json::Value,
    now: OffsetDateTime,
    fresh_since: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "WITH added AS (
            INSERT INTO notifications (user_id, kind, data, created_at)
            SELECT $1, 'new_message', $3, $4
            WHERE NOT EXISTS (SELECT 1 FROM chat_presence
                              WHERE window_id = $2 AND user_id = $1 AND seen_at >= $5)
              AND NOT EXISTS (SELECT 1 FROM notifications
                              WHERE user_id = $1 AND read_at IS NULL AND kind = 'new_message'
                                AND data->>'chat_id' = $2::text)
            RETURNING user_id)
         SELECT pg_notify('{NOTIFICATIONS}', user_id::text) FROM added"
    ))
    .bind(user)
    .bind(window)
    .bind(sqlx::types::Json(data))
    .bind(now)
    .bind(fresh_since)
    .execute(db)
    .await
    .map(|_| ())
}

/// Marks `user`'s unread notifications about chat `window` read (they opened it).
#[tracing::instrument(skip_all)]
pub async fn mark_chat_read(
    db: impl PgExecutor<'_>,
    user: Uuid,
    window: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(&format!(
        "WITH marked AS (
            UPDATE notifications SET read_at = $3
            WHERE user_id = $1 AND read_at IS NULL AND kind = 'new_message'
              AND data->>'chat_id' = $2::text
            RETURNING user_id)
         SELECT pg_notify('{NOTIFICATIONS}', $1::text) FROM marked LIMIT 1"
    ))
    .bind(user)
    .bind(window)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

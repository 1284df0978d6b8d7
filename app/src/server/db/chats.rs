//! `chat_windows` and `chat_messages`.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// Opens the window of an accepted interest.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all)]
pub async fn open(
    db: impl PgExecutor<'_>,
    id: Uuid,
    interest: Uuid,
    request: Uuid,
    brand: Uuid,
    creator: Uuid,
    opened_at: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO chat_windows (id, interest_id, request_id, brand_id, creator_id, opened_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(interest)
    .bind(request)
    .bind(brand)
    .bind(creator)
    .bind(opened_at)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

#[derive(sqlx::FromRow, Debug)]
pub struct WindowRow {
    pub id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    pub status: String,
    pub opened_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

const WINDOW_SELECT: &str =
    "SELECT w.id, w.request_id, r.title AS request_title, w.brand_id, b.display_name AS brand_name,
        w.creator_id, c.display_name AS creator_name, w.status, w.opened_at, w.expires_at
     FROM chat_windows w
     JOIN collaboration_requests r ON r.id = w.request_id
     JOIN users b ON b.id = w.brand_id
     JOIN users c ON c.id = w.creator_id";

/// The windows `user` is a party of, newest first.
#[tracing::instrument(skip_all)]
pub async fn list_for(
    db: impl PgExecutor<'_>,
    user: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<WindowRow>> {
    sqlx::query_as(&format!(
        "{WINDOW_SELECT} WHERE w.brand_id = $1 OR w.creator_id = $1 ORDER BY w.opened_at DESC, w.id LIMIT $2"
    ))
    .bind(user)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// One window, if `user` is one of its parties.
#[tracing::instrument(skip_all)]
pub async fn find_for(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<WindowRow>> {
    sqlx::query_as(&format!(
        "{WINDOW_SELECT} WHERE w.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

const MESSAGE_COLUMNS: &str = "id, client_id, sender_id, body, created_at, removed";

#[derive(sqlx::FromRow, Debug)]
pub struct MessageRow {
    pub id: i64,
    pub client_id: Uuid,
    pub sender_id: Uuid,
    pub body: String,
    pub created_at: OffsetDateTime,
    /// Taken down by a moderator.
    pub removed: bool,
}

/// Stores a message unless this window already has one with `client_id`;
/// returns the new row, or `None` for a repeat.
#[tracing::instrument(skip_all)]
pub async fn insert_message(
    db: impl PgExecutor<'_>,
    window: Uuid,
    sender: Uuid,
    client_id: Uuid,
    body: &str,
    now: OffsetDateTime,
) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as(&format!(
        "INSERT INTO chat_messages (window_id, sender_id, client_id, body, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (window_id, client_id) DO NOTHING
         RETURNING {MESSAGE_COLUMNS}"
    ))
    .bind(window)
    .bind(sender)
    .bind(client_id)
    .bind(body)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// The message stored earlier under `client_id` in `window`.
#[tracing::instrument(skip_all)]
pub async fn message_by_client_id(
    db: impl PgExecutor<'_>,
    window: Uuid,
    client_id: Uuid,
) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM chat_messages
         WHERE window_id = $1 AND client_id = $2"
    ))
    .bind(window)
    .bind(client_id)
    .fetch_optional(db)
    .await
}

/// A page of `window`'s messages in id order: after `after` (catching up),
/// or the latest before `before` (scrolling back), at most `limit`.
#[tracing::instrument(skip_all)]
pub async fn messages(
    db: impl PgExecutor<'_>,
    window: Uuid,
    after: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    if let Some(after) = after {
        return sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM chat_messages
             WHERE window_id = $1 AND id > $2 AND ($3::bigint IS NULL OR id < $3)
             ORDER BY id LIMIT $4"
        ))
        .bind(window)
        .bind(after)
        .bind(before)
        .bind(limit)
        .fetch_all(db)
        .await;
    }
    let mut newest_first: Vec<MessageRow> = sqlx::query_as(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM chat_messages
             WHERE window_id = $1 AND ($2::bigint IS NULL OR id < $2)
             ORDER BY id DESC LIMIT $3"
    ))
    .bind(window)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    newest_first.reverse();
    Ok(newest_first)
}

/// Messages by id with their windows, in id order (the live fan-out reads
/// what a NOTIFY announced).
#[tracing::instrument(skip_all)]
pub async fn messages_by_ids(
    db: impl PgExecutor<'_>,
    ids: &[i64],
) -> sqlx::Result<Vec<(Uuid, MessageRow)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        window_id: Uuid,
        #[sqlx(flatten)]
        message: MessageRow,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT window_id, {MESSAGE_COLUMNS} FROM chat_messages WHERE id = ANY($1) ORDER BY id"
    ))
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.window_id, r.message)).collect())
}

/// A window locked by one of its parties for a change: messages are
/// inserted under this lock, so their ids grow in commit order within the
/// window; deals change under it.
#[derive(sqlx::FromRow, Debug)]
pub struct LockedWindow {
    pub id: Uuid,
    pub brand_id: Uuid,
    pub creator_id: Uuid,
    pub status: String,
    pub expires_at: OffsetDateTime,
    /// The caller's account standing, read in the same statement (a live
    /// connection may outlast a suspension).
    pub caller_status: String,
}

#[tracing::instrument(skip_all)]
pub async fn lock_window(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<LockedWindow>> {
    sqlx::query_as(
        "SELECT id, brand_id, creator_id, status, expires_at,
                (SELECT u.status FROM users u WHERE u.id = $2) AS caller_status
         FROM chat_windows
         WHERE id = $1 AND (brand_id = $2 OR creator_id = $2) FOR UPDATE OF chat_windows",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// Closes a window because its deal was confirmed.
#[tracing::instrument(skip_all)]
pub async fn close_with_deal(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE chat_windows SET status = 'closed', ended_at = $2, outcome = 'deal'
         WHERE id = $1 AND status = 'active'",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Tells every instance that window `id` (or its deal) changed.
#[tracing::instrument(skip_all)]
pub async fn announce_change(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(crate::server::live::CHAT_EVENTS)
        .bind(id.to_string())
        .execute(db)
        .await
        .map(|_| ())
}

/// `user` is looking at window `window` over connection `connection`.
#[tracing::instrument(skip_all)]
pub async fn present(
    db: impl PgExecutor<'_>,
    connection: Uuid,
    window: Uuid,
    user: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO chat_presence (connection_id, window_id, user_id, seen_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (connection_id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
    )
    .bind(connection)
    .bind(window)
    .bind(user)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Marks chat `window` unseen by `user` from `now`, unless they are
/// looking (a connection seen since `fresh_since`) or it already is; `true`
/// when this message starts the unseen stretch.
pub async fn mark_unseen(
    db: impl PgExecutor<'_>,
    user: Uuid,
    window: Uuid,
    now: OffsetDateTime,
    fresh_since: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO chat_unseen (user_id, window_id, since)
         SELECT $1, $2, $3
         WHERE NOT EXISTS (SELECT 1 FROM chat_presence
                           WHERE window_id = $2 AND user_id = $1 AND seen_at >= $4)
         ON CONFLICT (user_id, window_id) DO NOTHING",
    )
    .bind(user)
    .bind(window)
    .bind(now)
    .bind(fresh_since)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `user` has seen chat `window` (opened or answered it).
pub async fn seen(db: impl PgExecutor<'_>, user: Uuid, window: Uuid) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM chat_unseen WHERE user_id = $1 AND window_id = $2")
        .bind(user)
        .bind(window)
        .execute(db)
        .await
        .map(|_| ())
}

/// What waits unseen in one chat, to mail once.
#[derive(sqlx::FromRow)]
pub struct Unseen {
    pub messages: i64,
    pub sender_name: String,
    pub request_title: String,
}

/// Claims the unseen stretch of `user` in `window` for its one mail: none
/// when they have seen it since, it was mailed already, or they are
/// looking now.
pub async fn claim_unseen(
    db: &mut sqlx::PgConnection,
    user: Uuid,
    window: Uuid,
    now: OffsetDateTime,
    fresh_since: OffsetDateTime,
) -> sqlx::Result<Option<Unseen>> {
    let since: Option<OffsetDateTime> = sqlx::query_scalar(
        "UPDATE chat_unseen SET mailed_at = $3
         WHERE user_id = $1 AND window_id = $2 AND mailed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM chat_presence
                           WHERE window_id = $2 AND user_id = $1 AND seen_at >= $4)
         RETURNING since",
    )
    .bind(user)
    .bind(window)
    .bind(now)
    .bind(fresh_since)
    .fetch_optional(&mut *db)
    .await?;
    let Some(since) = since else {
        return Ok(None);
    };
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM chat_messages m
                 WHERE m.window_id = w.id AND m.sender_id <> $2 AND m.created_at >= $3
                   AND NOT m.removed) AS messages,
                other.display_name AS sender_name, r.title AS request_title
         FROM chat_windows w
         JOIN collaboration_requests r ON r.id = w.request_id
         JOIN users other ON other.id = CASE WHEN w.brand_id = $2 THEN w.creator_id ELSE w.brand_id END
         WHERE w.id = $1",
    )
    .bind(window)
    .bind(user)
    .bind(since)
    .fetch_optional(&mut *db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn absent(db: impl PgExecutor<'_>, connection: Uuid) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM chat_presence WHERE connection_id = $1")
        .bind(connection)
        .execute(db)
        .await
        .map(|_| ())
}

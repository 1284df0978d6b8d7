//! `mail_outbox` and `email_tokens`.

use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// A message to queue.
pub struct NewMail<'a> {
    pub user_id: Uuid,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub kind: &'a str,
    pub language: &'a str,
    pub data: &'a serde_json::Value,
    pub message_id: &'a str,
    pub now: OffsetDateTime,
}

#[tracing::instrument(skip_all, fields(kind = new.kind))]
pub async fn insert(db: impl PgExecutor<'_>, new: NewMail<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO mail_outbox (user_id, to_address, to_name, kind, language, data, message_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.user_id)
    .bind(new.to_address)
    .bind(new.to_name)
    .bind(new.kind)
    .bind(new.language)
    .bind(sqlx::types::Json(new.data))
    .bind(new.message_id)
    .bind(new.now)
    .fetch_one(db)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub user_id: Option<Uuid>,
    pub to_address: String,
    pub to_name: String,
    pub kind: String,
    pub language: String,
    pub data: sqlx::types::Json<serde_json::Value>,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

const COLUMNS: &str = "id, user_id, to_address, to_name, kind, language, data, message_id, status,
    attempts, last_error, subject, text_body, html_body, created_at, sent_at";

/// The message, counting this attempt and keeping what it renders to.
#[tracing::instrument(skip_all)]
pub async fn start_attempt(
    db: impl PgExecutor<'_>,
    id: i64,
    rendered: (&str, &str, &str),
) -> sqlx::Result<Option<i32>> {
    sqlx::query_scalar(
        "UPDATE mail_outbox SET attempts = attempts + 1, subject = $2, text_body = $3, html_body = $4
         WHERE id = $1 AND status = 'queued' RETURNING attempts",
    )
    .bind(id)
    .bind(rendered.0)
    .bind(rendered.1)
    .bind(rendered.2)
    .fetch_optional(db)
    .await
}

/// A queued message, or `None` when it is gone or no longer queued.
pub async fn queued(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<OutboxRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_outbox WHERE id = $1 AND status = 'queued'"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Records the outcome: `sent`, `kept` (no SMTP server) or `failed`, or
/// with `status` `queued` only the error of an attempt to be retried.
pub async fn finish(
    db: impl PgExecutor<'_>,
    id: i64,
    status: &str,
    error: Option<&str>,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mail_outbox SET status = $2, last_error = $3,
             sent_at = CASE WHEN $2 IN ('sent', 'kept') THEN $4 END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(error)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// The newest messages first, filtered as `query` asks.
pub async fn list(
    db: impl PgExecutor<'_>,
    query: &domain::mail::OutboxQuery,
    limit: i64,
) -> sqlx::Result<Vec<OutboxRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_outbox
         WHERE ($1::bigint IS NULL OR id < $1)
           AND ($2::text IS NULL OR strpos(lower(to_address), $2) > 0)
           AND ($3::text IS NULL OR status = $3)
         ORDER BY id DESC LIMIT $4"
    ))
    .bind(query.before_id)
    .bind(query.to.as_deref())
    .bind(query.status.map(|s| s.key()))
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn insert_token(
    db: impl PgExecutor<'_>,
    hash: &[u8],
    user: Uuid,
    purpose: &str,
    email: &str,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(user)
    .bind(purpose)
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// How many links of `purpose` were sent to `user` since `since`, and when
/// the first of them went.
pub async fn tokens_since(
    db: impl PgExecutor<'_>,
    user: Uuid,
    purpose: &str,
    since: OffsetDateTime,
) -> sqlx::Result<(i64, Option<OffsetDateTime>)> {
    sqlx::query_as(
        "SELECT count(*), min(created_at) FROM email_tokens
         WHERE user_id = $1 AND purpose = $2 AND created_at >= $3",
    )
    .bind(user)
    .bind(purpose)
    .bind(since)
    .fetch_one(db)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct TokenRow {
    pub user_id: Uuid,
    pub email: String,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
}

/// The token with this hash and purpose, locked until the transaction ends.
pub async fn token_for_update(
    db: impl PgExecutor<'_>,
    hash: &[u8],
    purpose: &str,
) -> sqlx::Result<Option<TokenRow>> {
    sqlx::query_as(
        "SELECT user_id, email, expires_at, used_at FROM email_tokens
         WHERE token_hash = $1 AND purpose = $2 FOR UPDATE",
    )
    .bind(hash)
    .bind(purpose)
    .fetch_optional(db)
    .await
}

/// Uses up every open link of `purpose` for `user` (the one just followed
/// and any older ones).
pub async fn use_tokens(
    db: impl PgExecutor<'_>,
    user: Uuid,
    purpose: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user)
    .bind(purpose)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// A new password: the lockout cleared and earlier browser sessions ended.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    user: Uuid,
    password_hash: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL,
             sessions_valid_after = date_trunc('second', $3), updated_at = $3
         WHERE id = $1",
    )
    .bind(user)
    .bind(password_hash)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Marks `email` verified for `user`, if it is still the account's address.
pub async fn set_verified(
    db: impl PgExecutor<'_>,
    user: Uuid,
    email: &str,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $3)
         WHERE id = $1 AND email = $2 AND deleted_at IS NULL",
    )
    .bind(user)
    .bind(email)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

//! `api_tokens`: personal tokens, stored as SHA-256 hashes.

use crate::features::auth::User;
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
pub struct ApiTokenRow {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

const COLUMNS: &str = "id, name, prefix, created_at, last_used_at, revoked_at";

#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    user: Uuid,
    name: &str,
    hash: &[u8],
    prefix: &str,
    now: OffsetDateTime,
) -> sqlx::Result<ApiTokenRow> {
    sqlx::query_as(&format!(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(Uuid::now_v7())
    .bind(user)
    .bind(name)
    .bind(hash)
    .bind(prefix)
    .bind(now)
    .fetch_one(db)
    .await
}

/// `user`'s tokens, newest first.
#[tracing::instrument(skip_all)]
pub async fn list(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<Vec<ApiTokenRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(user)
    .fetch_all(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn count_live(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user)
        .fetch_one(db)
        .await
}

/// Revokes `user`'s token `id` (once; a revoked one stays revoked).
#[tracing::instrument(skip_all)]
pub async fn revoke(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<Option<ApiTokenRow>> {
    sqlx::query_as(&format!(
        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3)
         WHERE id = $1 AND user_id = $2 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(user)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// The owner of a live token with this hash, and when it was last used.
#[tracing::instrument(skip_all)]
pub async fn owner(
    db: impl PgExecutor<'_>,
    hash: &[u8],
) -> sqlx::Result<Option<(User, Uuid, Option<OffsetDateTime>)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: super::users::UserRow,
        token_id: Uuid,
        last_used_at: Option<OffsetDateTime>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {}, t.id AS token_id, t.last_used_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.deleted_at IS NULL",
        super::users::USER_COLUMNS
    ))
    .bind(hash)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.user.into(), r.token_id, r.last_used_at)))
}

#[tracing::instrument(skip_all)]
pub async fn touch(db: impl PgExecutor<'_>, id: Uuid, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

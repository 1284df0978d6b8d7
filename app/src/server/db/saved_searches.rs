//! `saved_searches`, always scoped by the owner.

use domain::match_filters::MatchFilters;
use domain::search::SearchSpec;
use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
pub struct SavedSearchRow {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub q: String,
    pub filters: Json<MatchFilters>,
    pub created_at: OffsetDateTime,
}

/// Inserts a saved search; `false` when the owner already has one by that
/// name (compared without case).
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    owner: Uuid,
    name: &str,
    spec: &SearchSpec,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO saved_searches (id, user_id, name, kind, q, filters, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id, lower(name)) DO NOTHING",
    )
    .bind(id)
    .bind(owner)
    .bind(name)
    .bind(spec.kind.key())
    .bind(spec.q.as_str())
    .bind(Json(&spec.filters))
    .bind(now)
    .execute(db)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

const COLUMNS: &str = "id, name, kind, q, filters, created_at";

#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    owner: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<SavedSearchRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(owner)
    .bind(limit)
    .fetch_all(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn count(db: impl PgExecutor<'_>, owner: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM saved_searches WHERE user_id = $1")
        .bind(owner)
        .fetch_one(db)
        .await
}

#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl PgExecutor<'_>,
    owner: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<SavedSearchRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(owner)
    .fetch_optional(db)
    .await
}

/// Whether a row was deleted.
#[tracing::instrument(skip_all)]
pub async fn delete(db: impl PgExecutor<'_>, owner: Uuid, id: Uuid) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(owner)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

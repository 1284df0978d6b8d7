//! `interests`: read by either party, always with the caller in the WHERE.

use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow, Debug)]
pub struct InterestRow {
    pub id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    pub note: Option<String>,
    pub status: String,
    pub chat_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
}

const SELECT: &str = "SELECT i.id, i.request_id, r.title AS request_title, r.brand_id, b.display_name AS brand_name,
        i.creator_id, c.display_name AS creator_name, i.note, i.status, w.id AS chat_id, i.created_at, i.decided_at
     FROM interests i
     JOIN collaboration_requests r ON r.id = i.request_id
     JOIN users b ON b.id = r.brand_id
     JOIN users c ON c.id = i.creator_id
     LEFT JOIN chat_windows w ON w.interest_id = i.id";

/// Records an interest; `false` when this creator already has one in this
/// request (the unique key decides, so two racing clicks store one).
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    request: Uuid,
    creator: Uuid,
    note: Option<&str>,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO interests (id, request_id, creator_id, note, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (request_id, creator_id) DO NOTHING",
    )
    .bind(id)
    .bind(request)
    .bind(creator)
    .bind(note)
    .bind(now)
    .execute(db)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// One interest, if `user` is its creator or the request's brand.
#[tracing::instrument(skip_all)]
pub async fn find_for(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<InterestRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE i.id = $1 AND (i.creator_id = $2 OR r.brand_id = $2)"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// Locks a pending decision: the interest's status, creator, request and
/// brand, if `brand` owns its request.
#[tracing::instrument(skip_all)]
pub async fn lock_for_brand(
    db: impl PgExecutor<'_>,
    id: Uuid,
    brand: Uuid,
) -> sqlx::Result<Option<(String, Uuid, Uuid)>> {
    sqlx::query_as(
        "SELECT i.status, i.creator_id, i.request_id
         FROM interests i JOIN collaboration_requests r ON r.id = i.request_id
         WHERE i.id = $1 AND r.brand_id = $2
         FOR UPDATE OF i",
    )
    .bind(id)
    .bind(brand)
    .fetch_optional(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn decide(
    db: impl PgExecutor<'_>,
    id: Uuid,
    status: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE interests SET status = $2, decided_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// The interests `user` sent (creator) or received (brand), newest first,
/// optionally for one request.
#[tracing::instrument(skip_all)]
pub async fn list_for(
    db: impl PgExecutor<'_>,
    user: Uuid,
    request: Option<Uuid>,
    limit: i64,
) -> sqlx::Result<Vec<InterestRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE (i.creator_id = $1 OR r.brand_id = $1) AND ($2::uuid IS NULL OR i.request_id = $2)
         ORDER BY i.created_at DESC, i.id LIMIT $3"
    ))
    .bind(user)
    .bind(request)
    .bind(limit)
    .fetch_all(db)
    .await
}

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

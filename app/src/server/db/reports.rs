//! `reports`: one per reporter and item.

use domain::moderation::report::Report;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// Files `report` unless `reporter` already reported its target; returns
/// the new report's id, or `None` for a second report.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    reporter: Uuid,
    author: Uuid,
    report: &Report,
    case: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "INSERT INTO reports (id, reporter_id, author_id, target_type, target_id, reason, note, case_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (reporter_id, target_type, target_id) DO NOTHING
         RETURNING id",
    )
    .bind(Uuid::now_v7())
    .bind(reporter)
    .bind(author)
    .bind(report.target.kind())
    .bind(report.target.id())
    .bind(report.reason.key())
    .bind(report.note.as_ref().map(|n| n.as_str()))
    .bind(case)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Who wrote a portfolio sample, what it says and whether it is published.
#[tracing::instrument(skip_all)]
pub async fn portfolio_item(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<(Uuid, String, bool)>> {
    sqlx::query_as(
        "SELECT creator_id, title || coalesce(E'\\n\\n' || body, ''), moderation_status = 'approved'
         FROM portfolio_items WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The sender and text of message `id`, if `reader` is a party of its chat.
#[tracing::instrument(skip_all)]
pub async fn message(
    db: impl PgExecutor<'_>,
    id: i64,
    reader: Uuid,
) -> sqlx::Result<Option<(Uuid, String)>> {
    sqlx::query_as(
        "SELECT m.sender_id, m.body FROM chat_messages m JOIN chat_windows w ON w.id = m.window_id
         WHERE m.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)",
    )
    .bind(id)
    .bind(reader)
    .fetch_optional(db)
    .await
}

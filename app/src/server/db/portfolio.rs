//! `portfolio_items`, always scoped by the creator.

use crate::features::creator::PortfolioItem;
use domain::portfolio::{PortfolioInput, PortfolioKind};
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
struct ItemRow {
    id: Uuid,
    kind: String,
    title: String,
    body: Option<String>,
    url: Option<String>,
    content_type: Option<String>,
    moderation_status: String,
    moderation_reasons: sqlx::types::Json<Vec<domain::moderation::Reason>>,
    created_at: OffsetDateTime,
}

impl From<ItemRow> for PortfolioItem {
    fn from(r: ItemRow) -> Self {
        let kind = PortfolioKind::parse(&r.kind).unwrap_or(PortfolioKind::Text);
        PortfolioItem {
            image_url: (kind == PortfolioKind::Image).then(|| PortfolioItem::image_path(r.id)),
            id: r.id,
            kind,
            title: r.title,
            body: r.body,
            url: r.url,
            content_type: r.content_type,
            moderation: domain::moderation::Standing::from_stored(
                &r.moderation_status,
                &r.moderation_reasons,
            ),
            created_at: r.created_at,
        }
    }
}

/// A stored image: where it is and what it is.
pub struct StoredImage {
    pub key: String,
    pub content_type: String,
}

/// Makes sure `creator` has a profile row (portfolio items hang off it).
#[tracing::instrument(skip_all)]
pub async fn ensure_profile(
    db: impl PgExecutor<'_>,
    creator: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO creator_profiles (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(creator)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    creator: Uuid,
    input: &PortfolioInput,
    image: Option<&StoredImage>,
    moderation: &domain::moderation::Verdict,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO portfolio_items (id, creator_id, kind, title, body, url, object_key, content_type, created_at,
                                      moderation_status, moderation_reasons)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(creator)
    .bind(input.kind.key())
    .bind(input.title.as_str())
    .bind(input.body.as_ref().map(|b| b.as_str()))
    .bind(input.url.as_deref())
    .bind(image.map(|i| i.key.as_str()))
    .bind(image.map(|i| i.content_type.as_str()))
    .bind(now)
    .bind(moderation.status.key())
    .bind(sqlx::types::Json(&moderation.reasons))
    .execute(db)
    .await
    .map(|_| ())
}

#[tracing::instrument(skip_all)]
pub async fn count(db: impl PgExecutor<'_>, creator: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM portfolio_items WHERE creator_id = $1")
        .bind(creator)
        .fetch_one(db)
        .await
}

/// The creator's samples, oldest first; only the published ones unless
/// `all`.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    creator: Uuid,
    all: bool,
) -> sqlx::Result<Vec<PortfolioItem>> {
    sqlx::query_as::<_, ItemRow>(
        "SELECT id, kind, title, body, url, content_type, moderation_status, moderation_reasons, created_at
         FROM portfolio_items
         WHERE creator_id = $1 AND ($2 OR (moderation_status = 'approved' AND EXISTS (
             SELECT 1 FROM creator_profiles p WHERE p.user_id = $1 AND p.listed)))
         ORDER BY created_at, id",
    )
    .bind(creator)
    .bind(all)
    .fetch_all(db)
    .await
    .map(|rows| rows.into_iter().map(Into::into).collect())
}

/// Deletes one of `creator`'s samples; returns its stored image key, if
/// any, or `None` when the creator has no such sample.
#[tracing::instrument(skip_all)]
pub async fn delete(
    db: impl PgExecutor<'_>,
    creator: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<Option<String>>> {
    sqlx::query_scalar(
        "DELETE FROM portfolio_items WHERE id = $1 AND creator_id = $2 RETURNING object_key",
    )
    .bind(id)
    .bind(creator)
    .fetch_optional(db)
    .await
}

/// The stored image of published sample `id` (anyone may fetch those).
#[tracing::instrument(skip_all)]
pub async fn image(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<StoredImage>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT object_key, content_type FROM portfolio_items
         WHERE id = $1 AND kind = 'image' AND object_key IS NOT NULL AND moderation_status = 'approved'
           AND EXISTS (SELECT 1 FROM creator_profiles p WHERE p.user_id = creator_id AND p.listed)",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(key, content_type)| StoredImage { key, content_type }))
}

/// Marks the profile changed so it is embedded again with its samples.
#[tracing::instrument(skip_all)]
pub async fn touch_profile(
    db: impl PgExecutor<'_>,
    creator: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE creator_profiles SET updated_at = $2 WHERE user_id = $1")
        .bind(creator)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

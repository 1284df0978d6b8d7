//! `deals` and `deal_versions`.

use domain::DealTerms;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow, Debug)]
pub struct DealRow {
    pub id: Uuid,
    pub window_id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    pub version: i32,
    pub deliverables: String,
    pub timeline: String,
    pub amount: i64,
    pub currency: String,
    pub usage_rights: String,
    pub proposed_by: Uuid,
    pub proposed_at: OffsetDateTime,
    pub brand_confirmed_at: Option<OffsetDateTime>,
    pub creator_confirmed_at: Option<OffsetDateTime>,
    pub confirmed_at: Option<OffsetDateTime>,
    /// The window's stored status and expiry, to tell whether the deal can
    /// still change.
    pub window_status: String,
    pub window_expires_at: OffsetDateTime,
}

const DEAL_SELECT: &str = "SELECT d.id, d.window_id, w.request_id, r.title AS request_title,
        w.brand_id, b.display_name AS brand_name, w.creator_id, c.display_name AS creator_name,
        d.version, d.deliverables, d.timeline, d.amount, d.currency, d.usage_rights,
        d.proposed_by, d.proposed_at, d.brand_confirmed_at, d.creator_confirmed_at, d.confirmed_at,
        w.status AS window_status, w.expires_at AS window_expires_at
     FROM deals d
     JOIN chat_windows w ON w.id = d.window_id
     JOIN collaboration_requests r ON r.id = w.request_id
     JOIN users b ON b.id = w.brand_id
     JOIN users c ON c.id = w.creator_id";

/// The deal of window `window`, if one was proposed (caller checked).
#[tracing::instrument(skip_all)]
pub async fn for_window(db: impl PgExecutor<'_>, window: Uuid) -> sqlx::Result<Option<DealRow>> {
    sqlx::query_as(&format!("{DEAL_SELECT} WHERE d.window_id = $1"))
        .bind(window)
        .fetch_optional(db)
        .await
}

/// Deal `id`, if `user` is one of its parties.
#[tracing::instrument(skip_all)]
pub async fn get_for(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<DealRow>> {
    sqlx::query_as(&format!(
        "{DEAL_SELECT} WHERE d.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// The window of deal `id`, if `user` is one of its parties.
#[tracing::instrument(skip_all)]
pub async fn window_of(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT d.window_id FROM deals d JOIN chat_windows w ON w.id = d.window_id
         WHERE d.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// `user`'s deals (either side), newest proposal first; `confirmed_only`
/// for the dashboards.
#[tracing::instrument(skip_all)]
pub async fn list_for(
    db: impl PgExecutor<'_>,
    user: Uuid,
    confirmed_only: bool,
    limit: i64,
) -> sqlx::Result<Vec<DealRow>> {
    sqlx::query_as(&format!(
        "{DEAL_SELECT} WHERE (w.brand_id = $1 OR w.creator_id = $1)
           AND (NOT $2 OR d.confirmed_at IS NOT NULL)
         ORDER BY coalesce(d.confirmed_at, d.proposed_at) DESC, d.id LIMIT $3"
    ))
    .bind(user)
    .bind(confirmed_only)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Writes terms as the next version of window `window`'s deal (the first
/// creates it) with no confirmations, and keeps the version on record.
#[tracing::instrument(skip_all)]
pub async fn propose(
    db: &mut sqlx::PgConnection,
    window: Uuid,
    terms: &DealTerms,
    by: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let (id, version): (Uuid, i32) = sqlx::query_as(
        "INSERT INTO deals (id, window_id, version, deliverables, timeline, amount, currency,
                            usage_rights, proposed_by, proposed_at)
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (window_id) DO UPDATE SET
            version = deals.version + 1, deliverables = EXCLUDED.deliverables,
            timeline = EXCLUDED.timeline, amount = EXCLUDED.amount,
            currency = EXCLUDED.currency, usage_rights = EXCLUDED.usage_rights,
            proposed_by = EXCLUDED.proposed_by, proposed_at = EXCLUDED.proposed_at,
            brand_confirmed_at = NULL, creator_confirmed_at = NULL
         RETURNING id, version",
    )
    .bind(Uuid::now_v7())
    .bind(window)
    .bind(terms.deliverables.as_str())
    .bind(terms.timeline.as_str())
    .bind(terms.amount as i64)
    .bind(terms.currency.key())
    .bind(terms.usage_rights.as_str())
    .bind(by)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO deal_versions (deal_id, version, deliverables, timeline, amount, currency,
                                    usage_rights, proposed_by, proposed_at)
         SELECT id, version, deliverables, timeline, amount, currency, usage_rights,
                proposed_by, proposed_at
         FROM deals WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .execute(db)
    .await
    .map(|_| ())
}

/// Records the confirmations after a step (`confirmed` when both agreed).
#[tracing::instrument(skip_all)]
pub async fn set_confirmations(
    db: impl PgExecutor<'_>,
    id: Uuid,
    brand_at: Option<OffsetDateTime>,
    creator_at: Option<OffsetDateTime>,
    confirmed_at: Option<OffsetDateTime>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE deals SET brand_confirmed_at = $2, creator_confirmed_at = $3, confirmed_at = $4
         WHERE id = $1",
    )
    .bind(id)
    .bind(brand_at)
    .bind(creator_at)
    .bind(confirmed_at)
    .execute(db)
    .await
    .map(|_| ())
}

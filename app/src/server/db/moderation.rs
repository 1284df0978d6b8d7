//! `moderation_cases`: the queue moderators work.

use domain::moderation::{Reason, Status, Verdict};
use sqlx::types::Json;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// What a case is about (`target_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Request(Uuid),
}

impl Target {
    fn parts(self) -> (&'static str, Uuid) {
        match self {
            Target::Request(id) => ("request", id),
        }
    }
}

/// Keeps an item's live case in step with the scanner's verdict on the
/// version just saved: held for review opens the case (or refreshes the
/// open one with the new reasons and text); clean closes an open case the
/// scanner alone had opened (the author rephrased it). Appealed cases and
/// cases with reports wait for a moderator either way.
#[tracing::instrument(skip_all)]
pub async fn sync(
    db: impl PgExecutor<'_>,
    target: Target,
    author: Uuid,
    verdict: &Verdict,
    excerpt: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let (kind, id) = target.parts();
    if verdict.status == Status::PendingReview {
        sqlx::query(
            "INSERT INTO moderation_cases (id, target_type, target_id, author_id, reasons, excerpt, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (target_type, target_id) WHERE state IN ('open', 'appealed')
             DO UPDATE SET reasons = EXCLUDED.reasons, excerpt = EXCLUDED.excerpt, updated_at = EXCLUDED.updated_at",
        )
        .bind(Uuid::now_v7())
        .bind(kind)
        .bind(id)
        .bind(author)
        .bind(Json(&verdict.reasons))
        .bind(excerpt)
        .bind(now)
        .execute(db)
        .await?;
    } else {
        sqlx::query(
            "UPDATE moderation_cases SET state = 'approved', updated_at = $3
             WHERE target_type = $1 AND target_id = $2 AND state = 'open'
               AND NOT reasons @> '[{\"source\": \"report\"}]'",
        )
        .bind(kind)
        .bind(id)
        .bind(now)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// A case as the tests and the queue read it.
#[derive(Debug, sqlx::FromRow)]
pub struct CaseRow {
    pub id: Uuid,
    pub target_type: String,
    pub target_id: Uuid,
    pub author_id: Uuid,
    pub state: String,
    pub reasons: Json<Vec<Reason>>,
    pub excerpt: String,
    pub created_at: OffsetDateTime,
}

/// The cases about `target`, newest first.
#[tracing::instrument(skip_all)]
pub async fn for_target(db: impl PgExecutor<'_>, target: Target) -> sqlx::Result<Vec<CaseRow>> {
    let (kind, id) = target.parts();
    sqlx::query_as(
        "SELECT id, target_type, target_id, author_id, state, reasons, excerpt, created_at
         FROM moderation_cases WHERE target_type = $1 AND target_id = $2 ORDER BY created_at DESC, id DESC",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(db)
    .await
}

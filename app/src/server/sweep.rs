//! The chat-window sweep (issue 4, requirements 7.4, 7.5, 11.4): reminds
//! both sides once when 6 hours remain, and closes windows whose 48 hours
//! are over: archived, and the opportunity declined (a window whose deal was
//! confirmed was closed then and is not touched). Every instance runs it;
//! each step is one UPDATE … RETURNING that claims its rows, so each window
//! is reminded and expired exactly once whoever runs first.

use super::{db, AppState};
use crate::error::AppError;
use domain::chat_window::REMINDER_BEFORE;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

/// Windows handled per statement; the sweep repeats until none is left.
const BATCH: i64 = 500;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminded: usize,
    pub expired: usize,
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: Uuid,
    brand_id: Uuid,
    creator_id: Uuid,
    request_title: String,
    expires_at: OffsetDateTime,
}

/// One pass at `state.clock.now()`.
pub async fn run_once(state: &AppState) -> Result<Swept, AppError> {
    let now = state.clock.now();
    Ok(Swept {
        reminded: in_batches(BATCH, || remind(state, now)).await?,
        expired: in_batches(BATCH, || expire(state, now)).await?,
    })
}

/// Repeats `step`, one statement claiming at most `batch` rows, until a
/// pass claims fewer; how many it claimed in all.
pub(crate) async fn in_batches<F, Fut>(batch: i64, mut step: F) -> Result<usize, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, AppError>>,
{
    let mut claimed = 0;
    loop {
        let n = step().await?;
        claimed += n;
        if n < batch as usize {
            return Ok(claimed);
        }
    }
}

async fn remind(state: &AppState, now: OffsetDateTime) -> Result<usize, AppError> {
    let mut tx = state.pool.begin().await?;
    let claimed: Vec<Claimed> = sqlx::query_as(
        "UPDATE chat_windows w SET reminded_at = $1
         FROM collaboration_requests r
         WHERE w.id IN (SELECT id FROM chat_windows
                        WHERE status = 'active' AND reminded_at IS NULL
                          AND expires_at - $2 <= $1 AND expires_at > $1
                        ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           AND r.id = w.request_id
         RETURNING w.id, w.brand_id, w.creator_id, r.title AS request_title, w.expires_at",
    )
    .bind(now)
    .bind(REMINDER_BEFORE)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    for w in &claimed {
        let data = json!({"chat_id": w.id, "request_title": w.request_title,
            "expires_at": w.expires_at.unix_timestamp()});
        let key = format!("reminder:{}", w.id);
        for user in [w.brand_id, w.creator_id] {
            super::notify::send(
                &mut tx,
                state,
                super::notify::Notice {
                    user,
                    kind: "chat_reminder",
                    data: &data,
                    once_key: Some(&key),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(claimed.len())
}

async fn expire(state: &AppState, now: OffsetDateTime) -> Result<usize, AppError> {
    let mut tx = state.pool.begin().await?;
    let claimed: Vec<Claimed> = sqlx::query_as(
        "UPDATE chat_windows w SET status = 'expired', ended_at = w.expires_at,
                archived_at = $1, outcome = 'declined'
         FROM collaboration_requests r
         WHERE w.id IN (SELECT id FROM chat_windows
                        WHERE status = 'active' AND expires_at <= $1
                        ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           AND r.id = w.request_id
         RETURNING w.id, w.brand_id, w.creator_id, r.title AS request_title, w.expires_at",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    for w in &claimed {
        let data = json!({"chat_id": w.id, "request_title": w.request_title});
        let key = format!("expired:{}", w.id);
        for user in [w.brand_id, w.creator_id] {
            super::notify::send(
                &mut tx,
                state,
                super::notify::Notice {
                    user,
                    kind: "chat_expired",
                    data: &data,
                    once_key: Some(&key),
                },
            )
            .await?;
        }
        db::chats::announce_change(&mut *tx, w.id).await?;
    }
    tx.commit().await?;
    Ok(claimed.len())
}

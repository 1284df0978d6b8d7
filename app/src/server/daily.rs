//! The daily reminder (issue 16, requirement 11.5): at 09:00 in each
//! user's time zone, what waits for their answer — interests in their
//! requests, terms they have not confirmed, contracts to accept, payments
//! past their date — in the app and by mail as they
//! chose, and nothing on a day when nothing waits. The same pass sends the
//! digest of event mail held for that morning, the reminder at its top, so
//! the morning brings one mail at most. Every instance runs it;
//! the (user, local day) row claimed in the sending transaction makes every
//! other pass that day a no-op.

use super::{db, notify, AppState};
use crate::error::AppError;
use domain::notify::{DailyReminder, DAILY_AT, DAILY_WINDOW};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Users reminded per statement; the pass repeats until none is left.
const BATCH: i64 = 500;

#[derive(sqlx::FromRow)]
struct Claimed {
    user_id: Uuid,
    day: Date,
    interests: i32,
    deals: i32,
    contracts: i32,
    overdue: i32,
}

/// One pass at `state.clock.now()`; how many users were reminded.
pub async fn run_once(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    super::sweep::in_batches(BATCH, || remind(state, now)).await
}

async fn remind(state: &AppState, now: OffsetDateTime) -> Result<usize, AppError> {
    let mut tx = state.pool.begin().await?;
    let claimed: Vec<Claimed> = sqlx::query_as(
        "WITH waiting AS (
             SELECT r.brand_id AS user_id, count(*) AS interests, 0 AS deals,
                    0 AS contracts, 0 AS overdue
             FROM interests i
             JOIN collaboration_requests r ON r.id = i.request_id
             JOIN users c ON c.id = i.creator_id AND c.deleted_at IS NULL
             WHERE i.status = 'pending'
             GROUP BY r.brand_id
             UNION ALL
             SELECT w.brand_id, 0, count(*), 0, 0
             FROM deals d JOIN chat_windows w ON w.id = d.window_id
             WHERE w.status = 'active' AND d.confirmed_at IS NULL AND d.brand_confirmed_at IS NULL
             GROUP BY w.brand_id
             UNION ALL
             SELECT w.creator_id, 0, count(*), 0, 0
             FROM deals d JOIN chat_windows w ON w.id = d.window_id
             WHERE w.status = 'active' AND d.confirmed_at IS NULL AND d.creator_confirmed_at IS NULL
             GROUP BY w.creator_id
             UNION ALL
             SELECT CASE p.party WHEN 'brand' THEN w.brand_id ELSE w.creator_id END, 0, 0, count(*), 0
             FROM contracts k JOIN deals d ON d.id = k.deal_id
             JOIN chat_windows w ON w.id = d.window_id
             CROSS JOIN (VALUES ('brand'), ('creator')) AS p (party)
             WHERE k.final_version IS NULL
               AND NOT EXISTS (SELECT 1 FROM contract_acceptances a WHERE a.contract_id = k.id
                                 AND a.version = k.latest_version AND a.party = p.party)
             GROUP BY 1
             UNION ALL
             SELECT w.brand_id, 0, 0, 0, count(*)
             FROM milestones m JOIN deals d ON d.id = m.deal_id
             JOIN chat_windows w ON w.id = d.window_id JOIN users b ON b.id = w.brand_id
             WHERE m.status IN ('scheduled', 'due')
               AND m.due_on < ($1::timestamptz AT TIME ZONE b.time_zone)::date
             GROUP BY w.brand_id
             UNION ALL
             SELECT user_id, 0, 0, 0, 0 FROM mail_digest_items GROUP BY user_id
         ), due AS (
             SELECT u.id, ($1::timestamptz AT TIME ZONE u.time_zone) AS local,
                    sum(w.interests)::int AS interests, sum(w.deals)::int AS deals,
                    sum(w.contracts)::int AS contracts, sum(w.overdue)::int AS overdue
             FROM waiting w JOIN users u ON u.id = w.user_id
             WHERE u.deleted_at IS NULL AND u.status = 'active'
             GROUP BY u.id
         )
         INSERT INTO daily_reminders (user_id, day, interests, deals, contracts, overdue, sent_at)
         SELECT id, local::date, interests, deals, contracts, overdue, $1 FROM due
         WHERE local::time >= $2 AND local::time < $2 + $3::interval
           AND NOT EXISTS (SELECT 1 FROM daily_reminders s
                           WHERE s.user_id = due.id AND s.day = due.local::date)
         ORDER BY id LIMIT $4
         ON CONFLICT DO NOTHING
         RETURNING user_id, day, interests, deals, contracts, overdue",
    )
    .bind(now)
    .bind(DAILY_AT)
    .bind(DAILY_WINDOW)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    for c in &claimed {
        let waiting = DailyReminder {
            interests: u32::try_from(c.interests).unwrap_or(0),
            deals: u32::try_from(c.deals).unwrap_or(0),
            contracts: u32::try_from(c.contracts).unwrap_or(0),
            overdue: u32::try_from(c.overdue).unwrap_or(0),
        };
        let data = serde_json::json!(waiting);
        let key = format!("daily:{}", c.day);
        let reminder = || notify::Notice {
            user: c.user_id,
            kind: "daily_summary",
            data: &data,
            once_key: Some(&key),
        };
        let something_waits = waiting != DailyReminder::default();
        let held = db::digest::take(&mut *tx, c.user_id).await?;
        if held.is_empty() {
            if something_waits {
                notify::send(&mut tx, state, reminder()).await?;
            }
            continue;
        }
        if something_waits {
            notify::show_only(&mut tx, state, reminder()).await?;
        }
        let summary = something_waits.then_some(&data);
        notify::queue_digest(&mut tx, state, c.user_id, summary, held).await?;
    }
    tx.commit().await?;
    Ok(claimed.len())
}

/// Claims a week old are no longer asked about, and mail held a week for
/// someone who could not be sent a digest (suspended) is dropped
/// (housekeeping).
pub async fn forget_old(state: &AppState) -> Result<u64, AppError> {
    let week_ago = state.clock.now() - time::Duration::days(7);
    let done = sqlx::query("DELETE FROM daily_reminders WHERE sent_at < $1")
        .bind(week_ago)
        .execute(&state.pool)
        .await?;
    let payments = sqlx::query("DELETE FROM milestone_reminders WHERE sent_at < $1")
        .bind(week_ago)
        .execute(&state.pool)
        .await?;
    let dropped = db::digest::forget_before(&state.pool, week_ago).await?;
    Ok(done.rows_affected() + payments.rows_affected() + dropped)
}

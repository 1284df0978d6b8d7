//! Payment milestones of a final contract (issue 17, requirements
//! 16.1–16.5) on the manual rail: the brand pays outside the product (UPI,
//! NEFT, IMPS) and records the reference; the creator confirms receipt or
//! disputes it; either side settles a dispute with a note. Every move is
//! the domain's transition table, a compare-and-swap on the row's status,
//! and an event whose idempotency key is unique per milestone, so a double
//! click or a retry records a payment once. Milestones become due on their
//! date in the brand's time zone (the sweep, safe on every instance).

use super::{db, notify, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::workspace::{Milestone, MilestoneAction};
use domain::contract::ContractDetails;
use domain::payment::{days_late, Actor, MilestoneError, MilestoneEvent, MilestoneStatus};
use domain::{FieldError, Party};
use serde_json::json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    deal_id: Uuid,
    position: i32,
    label: String,
    amount: i64,
    currency: String,
    due_on: Date,
    status: String,
    reference: Option<String>,
    paid_on: Option<Date>,
    note: Option<String>,
    brand_id: Uuid,
    creator_id: Uuid,
    request_title: String,
    /// The caller's calendar day.
    today: Date,
}

const SELECT: &str = "SELECT m.id, m.deal_id, m.position, m.label, m.amount, m.currency, m.due_on,
        m.status, m.reference, m.paid_on, m.note, w.brand_id, w.creator_id,
        r.title AS request_title, ($2::timestamptz AT TIME ZONE u.time_zone)::date AS today
     FROM milestones m
     JOIN deals d ON d.id = m.deal_id
     JOIN chat_windows w ON w.id = d.window_id
     JOIN collaboration_requests r ON r.id = w.request_id
     JOIN users u ON u.id = $3";

fn party_of(user: Uuid, row: &Row) -> Party {
    if user == row.brand_id {
        Party::Brand
    } else {
        Party::Creator
    }
}

fn status_of(row: &Row) -> MilestoneStatus {
    MilestoneStatus::from_key(&row.status).unwrap_or(MilestoneStatus::Scheduled)
}

fn view(row: Row, caller: &User) -> Milestone {
    let status = status_of(&row);
    let party = party_of(caller.id, &row);
    let allowed_events = if caller.status.may_act() {
        status
            .allowed_events(party)
            .into_iter()
            .map(|e| e.key().to_owned())
            .collect()
    } else {
        Vec::new()
    };
    Milestone {
        id: row.id,
        deal_id: row.deal_id,
        position: row.position,
        label: row.label,
        amount: row.amount,
        currency: row.currency,
        due_on: domain::format::iso_day(row.due_on),
        status: status.key().to_owned(),
        days_late: days_late(status, row.due_on, row.today),
        reference: row.reference,
        paid_on: row.paid_on.map(domain::format::iso_day),
        note: row.note,
        allowed_events,
    }
}

/// Milestone `id` as `viewer` sees it (access checked by the caller).
async fn read(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    now: OffsetDateTime,
    viewer: Uuid,
) -> Result<Row, AppError> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE m.id = $1"))
        .bind(id)
        .bind(now)
        .bind(viewer)
        .fetch_one(tx)
        .await?)
}

/// The schedule of a contract that just became final, in its transaction.
pub async fn create_for(
    tx: &mut sqlx::PgConnection,
    contract: Uuid,
    deal: Uuid,
    fee: i64,
    currency: &str,
    details: &ContractDetails,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let amounts = details.amounts(u64::try_from(fee).unwrap_or(0));
    for (i, (m, amount)) in details.milestones.iter().zip(amounts).enumerate() {
        sqlx::query(
            "INSERT INTO milestones (id, contract_id, deal_id, position, label, amount, currency,
                                     due_on, status, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9)
             ON CONFLICT (contract_id, position) DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(contract)
        .bind(deal)
        .bind(i as i32 + 1)
        .bind(m.label.as_str())
        .bind(i64::try_from(amount).unwrap_or(i64::MAX))
        .bind(currency)
        .bind(m.due)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Deal `deal`'s milestones in order; 404 for anyone but its parties.
pub async fn list(state: &AppState, caller: &User, deal: Uuid) -> Result<Vec<Milestone>, AppError> {
    db::deals::get_for(&state.pool, deal, caller.id)
        .await?
        .ok_or_else(|| AppError::not_found("That deal"))?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE m.deal_id = $1 ORDER BY m.position"
    ))
    .bind(deal)
    .bind(state.clock.now())
    .bind(caller.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(rows.into_iter().map(|r| view(r, caller)).collect())
}

/// A milestone named in a notice: what both sides need to read it.
#[derive(sqlx::FromRow)]
struct Noticed {
    id: Uuid,
    deal_id: Uuid,
    label: String,
    amount: i64,
    currency: String,
    brand_id: Uuid,
    creator_id: Uuid,
    request_title: String,
    /// The brand's calendar day.
    day: Date,
    days_late: i32,
}

fn notice_data(m: &Noticed) -> serde_json::Value {
    json!({
        "deal_id": m.deal_id, "milestone_id": m.id, "label": m.label,
        "amount": crate::words::money(m.amount, &m.currency), "request_title": m.request_title,
        "days_late": m.days_late,
    })
}

/// Milestones whose date came in their brand's time zone become due, and
/// both sides are told (once per milestone, whichever instance does it).
pub async fn become_due(state: &AppState) -> Result<u64, AppError> {
    let mut tx = state.pool.begin().await?;
    let due: Vec<Noticed> = sqlx::query_as(
        "WITH moved AS (
             UPDATE milestones m SET status = 'due', updated_at = $1
             FROM deals d JOIN chat_windows w ON w.id = d.window_id JOIN users b ON b.id = w.brand_id
             WHERE d.id = m.deal_id AND m.status = 'scheduled'
               AND m.due_on <= ($1::timestamptz AT TIME ZONE b.time_zone)::date
             RETURNING m.id, m.deal_id, m.label, m.amount, m.currency, w.brand_id, w.creator_id,
                       w.request_id, ($1::timestamptz AT TIME ZONE b.time_zone)::date AS day
         )
         SELECT moved.id, moved.deal_id, moved.label, moved.amount, moved.currency, moved.brand_id,
                moved.creator_id, r.title AS request_title, moved.day, 0 AS days_late
         FROM moved JOIN collaboration_requests r ON r.id = moved.request_id",
    )
    .bind(state.clock.now())
    .fetch_all(&mut *tx)
    .await?;
    for m in &due {
        let data = notice_data(m);
        let key = format!("milestone_due:{}", m.id);
        for user in [m.brand_id, m.creator_id] {
            let notice = notify::Notice {
                user,
                kind: "milestone_due",
                data: &data,
                once_key: Some(&key),
            };
            notify::send(&mut tx, state, notice).await?;
        }
    }
    tx.commit().await?;
    Ok(due.len() as u64)
}

/// Notices per statement; the pass repeats until none is left.
const OVERDUE_BATCH: i64 = 500;

/// Each unpaid milestone past its date reminds its brand once a day, at
/// 09:00 in the brand's time zone (within the daily window, so an hour's
/// outage loses nothing). The (milestone, the brand's day) row claimed in
/// the sending transaction makes a second pass on any instance a no-op,
/// whatever the brand chose to receive.
pub async fn remind_overdue(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    super::sweep::in_batches(OVERDUE_BATCH, || async {
        let mut tx = state.pool.begin().await?;
        let late: Vec<Noticed> = sqlx::query_as(
            "WITH late AS (
                 SELECT m.id, m.deal_id, m.label, m.amount, m.currency, w.brand_id, w.creator_id,
                        r.title AS request_title, l.local::date AS day,
                        (l.local::date - m.due_on) AS days_late
                 FROM milestones m
                 JOIN deals d ON d.id = m.deal_id
                 JOIN chat_windows w ON w.id = d.window_id
                 JOIN collaboration_requests r ON r.id = w.request_id
                 JOIN users b ON b.id = w.brand_id
                 CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE b.time_zone) AS local) l
                 WHERE m.status IN ('scheduled', 'due') AND m.due_on < l.local::date
                   AND l.local::time >= $2 AND l.local::time < $2 + $3::interval
                   AND b.deleted_at IS NULL AND b.status = 'active'
                   AND NOT EXISTS (SELECT 1 FROM milestone_reminders s
                                   WHERE s.milestone_id = m.id AND s.day = l.local::date)
                 ORDER BY m.id LIMIT $4
             ), claimed AS (
                 INSERT INTO milestone_reminders (milestone_id, day, sent_at)
                 SELECT id, day, $1 FROM late
                 ON CONFLICT DO NOTHING
                 RETURNING milestone_id
             )
             SELECT late.* FROM late JOIN claimed ON claimed.milestone_id = late.id",
        )
        .bind(now)
        .bind(domain::notify::DAILY_AT)
        .bind(domain::notify::DAILY_WINDOW)
        .bind(OVERDUE_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        for m in &late {
            let data = notice_data(m);
            let key = format!(
                "milestone_overdue:{}:{}",
                m.id,
                domain::format::iso_day(m.day)
            );
            let notice = notify::Notice {
                user: m.brand_id,
                kind: "milestone_overdue",
                data: &data,
                once_key: Some(&key),
            };
            notify::send(&mut tx, state, notice).await?;
        }
        tx.commit().await?;
        Ok(late.len())
    })
    .await
}

fn refused(e: MilestoneError) -> AppError {
    match e {
        MilestoneError::NotNow => AppError::conflict(e.to_string()),
        _ => AppError::forbidden(e.to_string()),
    }
}

/// The caller moves milestone `id`; with `key`, a repeat of the same key
/// answers the milestone as it stands and changes nothing.
pub async fn act(
    state: &AppState,
    caller: &User,
    id: Uuid,
    action: &MilestoneAction,
    key: Option<&str>,
) -> Result<Milestone, AppError> {
    super::moderation::require_active(caller)?;
    let now = state.clock.now();
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    if key.is_some_and(|k| k.chars().count() > 200) {
        return Err(AppError::validation(vec![FieldError::new(
            "idempotency_key",
            "too_long",
            "An idempotency key has at most 200 characters.",
        )
        .with("max", 200)]));
    }
    let mut tx = state.pool.begin().await?;
    let locked = sqlx::query_scalar::<_, Uuid>(
        "SELECT m.id FROM milestones m JOIN deals d ON d.id = m.deal_id
         JOIN chat_windows w ON w.id = d.window_id
         WHERE m.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2) FOR UPDATE OF m",
    )
    .bind(id)
    .bind(caller.id)
    .fetch_optional(&mut *tx)
    .await?;
    if locked.is_none() {
        return Err(AppError::not_found("That milestone"));
    }
    let row = read(&mut tx, id, now, caller.id).await?;
    if let Some(key) = key {
        let seen: Option<String> = sqlx::query_scalar(
            "SELECT event FROM milestone_events WHERE milestone_id = $1 AND idempotency_key = $2",
        )
        .bind(id)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if seen.is_some() {
            return Ok(view(row, caller));
        }
    }
    let change = action.check(row.today).map_err(AppError::validation)?;
    let party = party_of(caller.id, &row);
    let before = status_of(&row);
    let after = before
        .apply(change.event, Actor::Party(party))
        .map_err(refused)?;
    let swapped = sqlx::query(
        "UPDATE milestones SET status = $3, updated_at = $4,
                reference = coalesce($5, reference), paid_on = coalesce($6, paid_on),
                note = coalesce($7, note)
         WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(before.key())
    .bind(after.key())
    .bind(now)
    .bind(change.reference.as_deref())
    .bind(change.paid_on)
    .bind(change.note.as_deref())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if swapped != 1 {
        return Err(AppError::conflict(
            "This milestone changed meanwhile; read it again.",
        ));
    }
    sqlx::query(
        "INSERT INTO milestone_events (milestone_id, event, actor, detail, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(change.event.key())
    .bind(caller.id)
    .bind(change.note.as_deref().or(change.reference.as_deref()))
    .bind(key)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let other = if party == Party::Brand {
        row.creator_id
    } else {
        row.brand_id
    };
    let kind = match change.event {
        MilestoneEvent::MarkPaid => "milestone_marked_paid",
        MilestoneEvent::Confirm => "milestone_confirmed",
        MilestoneEvent::Dispute => "milestone_disputed",
        _ => "milestone_resolved",
    };
    let amount = crate::words::money(row.amount, &row.currency);
    let data = json!({
        "deal_id": row.deal_id, "milestone_id": id, "label": row.label,
        "amount": amount, "request_title": row.request_title, "by_name": caller.display_name,
    });
    notify::send(
        &mut tx,
        state,
        notify::Notice {
            user: other,
            kind,
            data: &data,
            once_key: None,
        },
    )
    .await?;
    let row = read(&mut tx, id, now, caller.id).await?;
    tx.commit().await?;
    Ok(view(row, caller))
}

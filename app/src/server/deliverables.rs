//! Deliverables of a final contract (issue 17): one per line of its
//! deliverables table. The creator submits a draft (a link, or a file to
//! the object store), the brand approves it or asks for changes within the
//! agreed revision rounds, and the creator then gives the live post's link.
//! Every move is the domain's transition table and a compare-and-swap on
//! the row's status under its lock; the other side is told of each.

use super::{notify, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use crate::features::workspace::{Deliverable, Submission};
use domain::contract::ContractDetails;
use domain::deliverable::{
    DeliverableError, DeliverableStatus, DraftFile, ReviewForm, SubmissionForm, SubmissionKind,
};
use domain::Party;
use serde_json::json;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    deal_id: Uuid,
    position: i32,
    platform: String,
    format: String,
    quantity: i32,
    due_on: Date,
    draft_due_on: Date,
    rounds_agreed: i32,
    rounds_used: i32,
    status: String,
    live_url: Option<String>,
    brand_id: Uuid,
    creator_id: Uuid,
    request_title: String,
}

const SELECT: &str = "SELECT x.id, x.deal_id, x.position, x.platform, x.format, x.quantity,
        x.due_on, x.draft_due_on, x.rounds_agreed, x.rounds_used, x.status, x.live_url,
        w.brand_id, w.creator_id, r.title AS request_title
     FROM deliverables x
     JOIN deals d ON d.id = x.deal_id
     JOIN chat_windows w ON w.id = d.window_id
     JOIN collaboration_requests r ON r.id = w.request_id";

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: Uuid,
    deliverable_id: Uuid,
    kind: String,
    url: Option<String>,
    file_type: Option<String>,
    file_bytes: Option<i64>,
    note: Option<String>,
    submitted_at: OffsetDateTime,
    decision: Option<String>,
    review_note: Option<String>,
    reviewed_at: Option<OffsetDateTime>,
}

const SUBMISSIONS: &str = "SELECT id, deliverable_id, kind, url, file_type, file_bytes, note,
        submitted_at, decision, review_note, reviewed_at
     FROM deliverable_submissions WHERE deliverable_id = ANY($1)
     ORDER BY submitted_at, id";

impl Row {
    fn party_of(&self, user: Uuid) -> Party {
        if user == self.brand_id {
            Party::Brand
        } else {
            Party::Creator
        }
    }

    fn status(&self) -> DeliverableStatus {
        DeliverableStatus::from_key(&self.status).unwrap_or(DeliverableStatus::Pending)
    }

    fn rounds(&self) -> (u8, u8) {
        let small = |n: i32| u8::try_from(n).unwrap_or(u8::MAX);
        (small(self.rounds_used), small(self.rounds_agreed))
    }

    fn label(&self) -> String {
        domain::deliverable::label(&self.platform, &self.format, self.quantity)
    }
}

fn view(row: Row, submissions: Vec<Submission>, caller: &User) -> Deliverable {
    let status = row.status();
    let party = row.party_of(caller.id);
    let allowed_actions = match (caller.status.may_act(), status.waiting_for()) {
        (true, Some(who)) if who == party => match status.next_submission() {
            Some(SubmissionKind::Draft) => vec!["submit_draft".to_owned()],
            Some(SubmissionKind::Live) => vec!["submit_live".to_owned()],
            None => vec!["review".to_owned()],
        },
        _ => Vec::new(),
    };
    Deliverable {
        id: row.id,
        deal_id: row.deal_id,
        position: row.position,
        platform: row.platform,
        format: row.format,
        quantity: row.quantity,
        due_on: domain::format::iso_day(row.due_on),
        draft_due_on: domain::format::iso_day(row.draft_due_on),
        status: status.key().to_owned(),
        rounds_agreed: row.rounds_agreed,
        rounds_used: row.rounds_used,
        live_url: row.live_url,
        allowed_actions,
        submissions,
    }
}

fn submission(s: SubmissionRow) -> Submission {
    Submission {
        id: s.id,
        deliverable_id: s.deliverable_id,
        kind: s.kind,
        url: s.url,
        file_type: s.file_type,
        file_bytes: s.file_bytes,
        note: s.note,
        submitted_at: s.submitted_at,
        decision: s.decision,
        review_note: s.review_note,
        reviewed_at: s.reviewed_at,
    }
}

/// `rows` with their submissions, as `caller` sees them.
async fn views(
    db: &mut sqlx::PgConnection,
    rows: Vec<Row>,
    caller: &User,
) -> Result<Vec<Deliverable>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let all: Vec<SubmissionRow> = sqlx::query_as(SUBMISSIONS)
        .bind(&ids)
        .fetch_all(&mut *db)
        .await?;
    let mut by_deliverable: HashMap<Uuid, Vec<Submission>> = HashMap::new();
    for s in all {
        by_deliverable
            .entry(s.deliverable_id)
            .or_default()
            .push(submission(s));
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let mine = by_deliverable.remove(&row.id).unwrap_or_default();
            view(row, mine, caller)
        })
        .collect())
}

/// The deliverables of a contract that just became final, in its
/// transaction.
pub async fn create_for(
    tx: &mut sqlx::PgConnection,
    contract: Uuid,
    deal: Uuid,
    details: &ContractDetails,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    for (i, d) in details.deliverables.iter().enumerate() {
        sqlx::query(
            "INSERT INTO deliverables (id, contract_id, deal_id, position, platform, format,
                                       quantity, due_on, draft_due_on, rounds_agreed, status,
                                       updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11)
             ON CONFLICT (contract_id, position) DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(contract)
        .bind(deal)
        .bind(i as i32 + 1)
        .bind(d.platform.key())
        .bind(d.format.as_str())
        .bind(i32::from(d.quantity))
        .bind(d.due)
        .bind(details.draft_due.min(d.due))
        .bind(i32::from(details.revision_rounds))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Deal `deal`'s deliverables in order; 404 for anyone but its parties.
pub async fn list(
    state: &AppState,
    caller: &User,
    deal: Uuid,
) -> Result<Vec<Deliverable>, AppError> {
    let mut db = state.pool.acquire().await?;
    super::db::deals::get_for(&mut *db, deal, caller.id)
        .await?
        .ok_or_else(|| AppError::not_found("That deal"))?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE x.deal_id = $1 ORDER BY x.position"
    ))
    .bind(deal)
    .fetch_all(&mut *db)
    .await?;
    views(&mut db, rows, caller).await
}

/// Deliverable `id` locked for a change, if `caller` is one of its parties.
async fn lock(tx: &mut sqlx::PgConnection, id: Uuid, caller: Uuid) -> Result<Row, AppError> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE x.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2) FOR UPDATE OF x"
    ))
    .bind(id)
    .bind(caller)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("That deliverable"))
}

async fn reread(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    caller: &User,
) -> Result<Deliverable, AppError> {
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE x.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let mut list = views(tx, vec![row], caller).await?;
    list.pop().ok_or_else(AppError::internal)
}

fn refused(e: DeliverableError) -> AppError {
    match e {
        DeliverableError::CreatorSubmits | DeliverableError::BrandReviews => {
            AppError::forbidden(e.to_string())
        }
        DeliverableError::RoundsUsed { .. } | DeliverableError::NotNow => {
            AppError::conflict(e.to_string())
        }
    }
}

/// The compare-and-swap of a move: the row is locked, so this only fails
/// when the state read is not the state stored.
async fn swap(
    tx: &mut sqlx::PgConnection,
    row: &Row,
    to: DeliverableStatus,
    asked_changes: bool,
    live_url: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let swapped = sqlx::query(
        "UPDATE deliverables SET status = $3, updated_at = $4,
                rounds_used = rounds_used + $5, live_url = coalesce($6, live_url)
         WHERE id = $1 AND status = $2",
    )
    .bind(row.id)
    .bind(&row.status)
    .bind(to.key())
    .bind(now)
    .bind(i32::from(asked_changes))
    .bind(live_url)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if swapped == 1 {
        Ok(())
    } else {
        Err(AppError::conflict(
            "This deliverable changed meanwhile; read it again.",
        ))
    }
}

async fn tell(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    row: &Row,
    user: Uuid,
    kind: &'static str,
    by: &User,
    note: Option<&str>,
) -> Result<(), AppError> {
    let data = json!({
        "deal_id": row.deal_id, "deliverable_id": row.id, "deliverable": row.label(),
        "request_title": row.request_title, "by_name": by.display_name, "note": note,
    });
    let notice = notify::Notice {
        user,
        kind,
        data: &data,
        once_key: None,
    };
    notify::send(tx, state, notice).await?;
    Ok(())
}

/// A note is read by the other side: the scanner may refuse it.
async fn scan_note(state: &AppState, note: Option<&str>) -> Result<(), AppError> {
    if let Some(note) = note {
        super::moderation::check(state, domain::moderation::Context::Chat, &[("note", note)])
            .await?;
    }
    Ok(())
}

/// The creator submits the next draft or the live link of deliverable
/// `id`; `file` is an uploaded draft (its bytes). Answers the deliverable.
pub async fn submit(
    state: &AppState,
    caller: &User,
    id: Uuid,
    form: &SubmissionForm,
    file: Option<Vec<u8>>,
) -> Result<Deliverable, AppError> {
    super::moderation::require_active(caller)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = lock(&mut tx, id, caller.id).await?;
    let status = row.status();
    let kind = status.next_submission().unwrap_or(SubmissionKind::Draft);
    let (used, agreed) = row.rounds();
    let after = status
        .apply(kind.event(), row.party_of(caller.id), used, agreed)
        .map_err(refused)?;
    let input = form
        .parse(kind, file.is_some())
        .map_err(AppError::validation)?;
    let stored = match file {
        Some(bytes) => {
            let typ = DraftFile::check(&bytes).map_err(|e| {
                let too_large = e.reason == "too_large";
                let error = AppError::validation(vec![e]);
                if too_large {
                    AppError {
                        code: ErrorCode::PayloadTooLarge,
                        ..error
                    }
                } else {
                    error
                }
            })?;
            Some((typ, bytes))
        }
        None => None,
    };
    let note = input.note.as_ref().map(|n| n.as_str());
    scan_note(state, note).await?;
    let submission = Uuid::now_v7();
    let key = stored
        .as_ref()
        .map(|(typ, _)| format!("drafts/{}/{submission}.{}", row.deal_id, typ.extension()));
    sqlx::query(
        "INSERT INTO deliverable_submissions
             (id, deliverable_id, kind, url, file_key, file_type, file_bytes, note, submitted_by,
              submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(submission)
    .bind(id)
    .bind(kind.key())
    .bind(input.url.as_deref())
    .bind(key.as_deref())
    .bind(stored.as_ref().map(|(typ, _)| typ.content_type()))
    .bind(stored.as_ref().map(|(_, b)| b.len() as i64))
    .bind(note)
    .bind(caller.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let live = (kind == SubmissionKind::Live)
        .then_some(input.url.as_deref())
        .flatten();
    swap(&mut tx, &row, after, false, live, now).await?;
    let told = match kind {
        SubmissionKind::Draft => "deliverable_submitted",
        SubmissionKind::Live => "deliverable_live",
    };
    tell(&mut tx, state, &row, row.brand_id, told, caller, note).await?;
    // The file is written before the commit: if writing fails nothing is
    // recorded; if the commit fails an unreferenced file is left behind.
    if let (Some(key), Some((typ, bytes))) = (key.as_deref(), stored) {
        state.objects.put(key, bytes, typ.content_type()).await?;
    }
    let answer = reread(&mut tx, id, caller).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The brand answers draft `id`. Answers the deliverable.
pub async fn review(
    state: &AppState,
    caller: &User,
    id: Uuid,
    form: &ReviewForm,
) -> Result<Deliverable, AppError> {
    super::moderation::require_active(caller)?;
    let not_found = || AppError::not_found("That submission");
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let (of, _) = submission_of(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let row = lock(&mut tx, of, caller.id).await?;
    let (decision, note) = form.parse().map_err(AppError::validation)?;
    let (used, agreed) = row.rounds();
    let after = row
        .status()
        .apply(decision.event(), row.party_of(caller.id), used, agreed)
        .map_err(refused)?;
    let note = note.as_ref().map(|n| n.as_str());
    scan_note(state, note).await?;
    // Only the draft under review is answered, once.
    let answered = sqlx::query(
        "UPDATE deliverable_submissions s SET decision = $2, review_note = $3, reviewed_by = $4,
                reviewed_at = $5
         WHERE s.id = $1 AND s.kind = 'draft' AND s.decision IS NULL
           AND s.id = (SELECT id FROM deliverable_submissions
                       WHERE deliverable_id = s.deliverable_id
                       ORDER BY submitted_at DESC, id DESC LIMIT 1)",
    )
    .bind(id)
    .bind(decision.key())
    .bind(note)
    .bind(caller.id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if answered != 1 {
        return Err(AppError::conflict(
            "This draft is not the one waiting for review; open the latest draft.",
        ));
    }
    let asked_changes = decision == domain::deliverable::Decision::RequestChanges;
    swap(&mut tx, &row, after, asked_changes, None, now).await?;
    let told = if asked_changes {
        "deliverable_changes_requested"
    } else {
        "deliverable_approved"
    };
    tell(&mut tx, state, &row, row.creator_id, told, caller, note).await?;
    let answer = reread(&mut tx, of, caller).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Submission `id`'s deliverable and stored file, if `caller` is one of
/// the deal's parties.
async fn submission_of(
    db: impl sqlx::PgExecutor<'_>,
    id: Uuid,
    caller: Uuid,
) -> Result<Option<(Uuid, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.deliverable_id, s.file_key FROM deliverable_submissions s
         JOIN deliverables x ON x.id = s.deliverable_id
         JOIN deals d ON d.id = x.deal_id JOIN chat_windows w ON w.id = d.window_id
         WHERE s.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)",
    )
    .bind(id)
    .bind(caller)
    .fetch_optional(db)
    .await?)
}

/// A five-minute link to the file of submission `id`, for the deal's
/// parties only.
pub async fn file_link(state: &AppState, caller: &User, id: Uuid) -> Result<String, AppError> {
    let key = submission_of(&state.pool, id, caller.id)
        .await?
        .and_then(|(_, key)| key);
    let key = key.ok_or_else(|| AppError::not_found("That file"))?;
    Ok(super::files::signed_url(state, &key, state.clock.now()))
}

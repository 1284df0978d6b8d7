//! Interests (issue 4): a creator raises a hand on an active request; the
//! request's brand accepts (a 48-hour chat window opens) or rejects. Each
//! step notifies the other side in the same transaction.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::collab::Interest;
use db::interests::InterestRow;
use domain::chat_window::expires_at;
use domain::{InterestEvent, InterestStatus, RequestStatus, Role};
use serde_json::json;
use uuid::Uuid;

const LIST_LIMIT: i64 = 200;

fn not_found() -> AppError {
    AppError::not_found("That interest")
}

fn view(row: InterestRow, caller: &User) -> Result<Interest, AppError> {
    let status = InterestStatus::from_key(&row.status).ok_or_else(|| {
        tracing::error!(interest = %row.id, status = row.status, "unknown stored interest status");
        AppError::internal()
    })?;
    let allowed_events = if row.brand_id == caller.id {
        status.allowed_events().to_vec()
    } else {
        Vec::new()
    };
    Ok(Interest {
        id: row.id,
        request_id: row.request_id,
        request_title: row.request_title,
        brand_id: row.brand_id,
        brand_name: row.brand_name,
        creator_id: row.creator_id,
        creator_name: row.creator_name,
        note: row.note,
        status,
        allowed_events,
        chat_id: row.chat_id,
        created_at: row.created_at,
        decided_at: row.decided_at,
    })
}

/// The signed-in creator expresses interest in request `request`, once.
pub async fn express(
    state: &AppState,
    caller: &User,
    request: Uuid,
    note: Option<&str>,
) -> Result<Interest, AppError> {
    if caller.role != Role::Creator {
        return Err(AppError::forbidden(
            "Only creator accounts can express interest in a request.",
        ));
    }
    super::moderation::require_active(caller)?;
    let note = domain::interest::parse_note(note).map_err(AppError::from)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    // Locked so the request cannot be closed half-way through.
    let (brand, status, moderation) = db::requests::owner_and_status_for_update(&mut *tx, request)
        .await?
        .ok_or_else(|| AppError::not_found("That collaboration request"))?;
    if RequestStatus::from_key(&status) != Some(RequestStatus::Active)
        || moderation != domain::moderation::Status::Approved.key()
    {
        // Creators only ever see active, published requests: the same 404
        // as unknown.
        return Err(AppError::not_found("That collaboration request"));
    }
    let id = Uuid::now_v7();
    let note = note.as_ref().map(|n| n.as_str());
    if !db::interests::insert(&mut *tx, id, request, caller.id, note, now).await? {
        return Err(AppError::conflict(
            "You have already expressed interest in this request.",
        ));
    }
    let row = db::interests::find_for(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(AppError::internal)?;
    super::notify::send(
        &mut tx,
        state,
        super::notify::Notice {
            user: brand,
            kind: "interest_received",
            data: &json!({"interest_id": id, "request_id": request, "request_title": row.request_title, "creator_name": row.creator_name}),
            once_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    view(row, caller)
}

/// The caller's interests: sent (creator) or received (brand), newest first.
pub async fn list(
    state: &AppState,
    caller: &User,
    request: Option<Uuid>,
) -> Result<Vec<Interest>, AppError> {
    db::interests::list_for(&state.pool, caller.id, request, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|row| view(row, caller))
        .collect()
}

/// The request's brand accepts or rejects a pending interest. Accepting
/// opens exactly one chat window (the interest row is locked and must still
/// be pending; the window's unique key backs that up).
pub async fn decide(
    state: &AppState,
    caller: &User,
    id: Uuid,
    event: InterestEvent,
) -> Result<Interest, AppError> {
    super::moderation::require_active(caller)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let (status, creator, request) = db::interests::lock_for_brand(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let status = InterestStatus::from_key(&status).ok_or_else(AppError::internal)?;
    let next = status
        .apply(event)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    db::interests::decide(&mut *tx, id, next.key(), now).await?;
    let row = db::interests::find_for(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(AppError::internal)?;
    let (kind, chat_id) = match next {
        InterestStatus::Accepted => {
            let chat = Uuid::now_v7();
            db::chats::open(
                &mut *tx,
                chat,
                id,
                request,
                caller.id,
                creator,
                now,
                expires_at(now),
            )
            .await?;
            ("interest_accepted", Some(chat))
        }
        _ => ("interest_rejected", None),
    };
    super::notify::send(
        &mut tx,
        state,
        super::notify::Notice {
            user: creator,
            kind,
            data: &json!({"interest_id": id, "request_id": request, "request_title": row.request_title, "brand_name": row.brand_name, "chat_id": chat_id}),
            once_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    view(
        InterestRow {
            chat_id: chat_id.or(row.chat_id),
            ..row
        },
        caller,
    )
}

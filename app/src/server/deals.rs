//! Deals (issue 4, requirements 8.2–8.6): either party of an active chat
//! window proposes or revises terms; each confirms separately; when both
//! have, the deal is final and the window closes with the outcome "deal".
//! Every step runs under the window's row lock, so it cannot race the
//! expiry sweep or the other side.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::collab::Deal;
use db::chats::LockedWindow;
use db::deals::DealRow;
use domain::{Confirmations, DealEvent, DealForm, Party, WindowStatus};
use serde_json::json;
use uuid::Uuid;

const LIST_LIMIT: i64 = 200;

fn not_found() -> AppError {
    AppError::not_found("That deal")
}

fn party_of(user: Uuid, brand: Uuid) -> Party {
    if user == brand {
        Party::Brand
    } else {
        Party::Creator
    }
}

fn confirmations(row: &DealRow) -> Confirmations {
    Confirmations {
        brand: row.brand_confirmed_at.is_some(),
        creator: row.creator_confirmed_at.is_some(),
    }
}

fn view(row: DealRow, caller: &User, window_active: bool) -> Deal {
    let confirmations = confirmations(&row);
    let allowed_events = if window_active {
        confirmations
            .allowed_events(party_of(caller.id, row.brand_id))
            .to_vec()
    } else {
        Vec::new()
    };
    Deal {
        id: row.id,
        chat_id: row.window_id,
        request_id: row.request_id,
        request_title: row.request_title,
        brand_id: row.brand_id,
        brand_name: row.brand_name,
        creator_id: row.creator_id,
        creator_name: row.creator_name,
        version: row.version,
        deliverables: row.deliverables,
        timeline: row.timeline,
        amount: row.amount,
        currency: row.currency,
        usage_rights: row.usage_rights,
        proposed_by: row.proposed_by,
        proposed_at: row.proposed_at,
        status: confirmations.status(),
        brand_confirmed: confirmations.brand,
        creator_confirmed: confirmations.creator,
        confirmed_at: row.confirmed_at,
        allowed_events,
    }
}

/// The window must still take changes; otherwise 409 with the reason.
fn check_active(state: &AppState, window: &LockedWindow) -> Result<(), AppError> {
    let status = WindowStatus::from_key(&window.status).ok_or_else(AppError::internal)?;
    status
        .check_send(window.expires_at, state.clock.now())
        .map_err(|e| AppError::conflict(e.to_string()))
}

fn other_party(window: &LockedWindow, caller: &User) -> Uuid {
    if window.brand_id == caller.id {
        window.creator_id
    } else {
        window.brand_id
    }
}

/// The deal of chat `chat`, if one was proposed (its parties only).
pub async fn for_chat(
    state: &AppState,
    caller: &User,
    chat: Uuid,
) -> Result<Option<Deal>, AppError> {
    let window = super::chats::get(state, caller, chat).await?;
    Ok(db::deals::for_window(&state.pool, chat)
        .await?
        .map(|row| view(row, caller, window.status == WindowStatus::Active)))
}

/// The workspace of deal `id`: its terms and its contract; 404 for anyone
/// but its two parties.
pub async fn workspace(
    state: &AppState,
    caller: &User,
    id: Uuid,
) -> Result<crate::features::workspace::Workspace, AppError> {
    let mut conn = state.pool.acquire().await?;
    let row = db::deals::get_for(&mut *conn, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let active = active(&row, state.clock.now());
    let contract = super::contracts::for_deal(&mut conn, caller, id).await?;
    Ok(crate::features::workspace::Workspace {
        deal: view(row, caller, active),
        contract,
    })
}

/// Only an unconfirmed deal can still change, while its window runs.
fn active(row: &DealRow, now: time::OffsetDateTime) -> bool {
    row.confirmed_at.is_none()
        && WindowStatus::from_key(&row.window_status).map(|s| s.at(row.window_expires_at, now))
            == Some(WindowStatus::Active)
}

/// The caller's deals (either side), newest first; `confirmed_only` for
/// the dashboards.
pub async fn list(
    state: &AppState,
    caller: &User,
    confirmed_only: bool,
) -> Result<Vec<Deal>, AppError> {
    let now = state.clock.now();
    let rows = db::deals::list_for(&state.pool, caller.id, confirmed_only, LIST_LIMIT).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let active = active(&row, now);
            view(row, caller, active)
        })
        .collect())
}

/// Proposes terms in chat `chat`, or revises them: a new version that
/// neither side has confirmed yet. The other side is notified.
pub async fn propose(
    state: &AppState,
    caller: &User,
    chat: Uuid,
    form: &DealForm,
) -> Result<Deal, AppError> {
    let terms = form.parse().map_err(AppError::from)?;
    // Severe terms are refused at their field; doubtful ones go to a
    // moderator, and the negotiation goes on (only the two parties see it).
    let verdict = super::moderation::check(
        state,
        domain::moderation::Context::Listing,
        &[
            ("deliverables", terms.deliverables.as_str()),
            ("timeline", terms.timeline.as_str()),
            ("usage_rights", terms.usage_rights.as_str()),
        ],
    )
    .await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let window = db::chats::lock_window(&mut *tx, chat, caller.id)
        .await?
        .ok_or_else(|| AppError::not_found("That chat"))?;
    super::moderation::may_act(&window.caller_status)?;
    check_active(state, &window)?;
    if let Some(current) = db::deals::for_window(&mut *tx, chat).await? {
        confirmations(&current)
            .apply(DealEvent::Revise, party_of(caller.id, window.brand_id))
            .map_err(|e| AppError::conflict(e.to_string()))?;
    }
    db::deals::propose(&mut tx, chat, &terms, caller.id, now).await?;
    let row = db::deals::for_window(&mut *tx, chat)
        .await?
        .ok_or_else(AppError::internal)?;
    let excerpt = format!(
        "{}\n\n{}\n\n{}",
        terms.deliverables.as_str(),
        terms.timeline.as_str(),
        terms.usage_rights.as_str()
    );
    let case = db::moderation::Target::Deal(row.id);
    super::moderation::record(&mut tx, case, caller.id, &verdict, &excerpt, now).await?;
    let data = json!({"chat_id": chat, "deal_id": row.id, "version": row.version, "request_title": row.request_title, "by_name": caller.display_name});
    super::notify::send(
        &mut tx,
        state,
        super::notify::Notice {
            user: other_party(&window, caller),
            kind: "deal_proposed",
            data: &data,
            once_key: None,
        },
    )
    .await?;
    db::chats::announce_change(&mut *tx, chat).await?;
    tx.commit().await?;
    Ok(view(row, caller, true))
}

/// The caller confirms the current terms of deal `id`. With `version`, only
/// if those are still the terms (409 otherwise: read them again). When both
/// sides have confirmed, the deal is final and the window closes.
pub async fn confirm(
    state: &AppState,
    caller: &User,
    id: Uuid,
    version: Option<i32>,
) -> Result<Deal, AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let chat = db::deals::window_of(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    let window = db::chats::lock_window(&mut *tx, chat, caller.id)
        .await?
        .ok_or_else(not_found)?;
    super::moderation::may_act(&window.caller_status)?;
    let row = db::deals::for_window(&mut *tx, chat)
        .await?
        .ok_or_else(not_found)?;
    let before = confirmations(&row);
    if before.status() != domain::DealStatus::Confirmed {
        check_active(state, &window)?;
    }
    if version.is_some_and(|v| v != row.version) {
        return Err(AppError::conflict(format!(
            "The terms changed (now version {}); read them again before confirming.",
            row.version
        )));
    }
    let party = party_of(caller.id, window.brand_id);
    let after = before
        .apply(DealEvent::Confirm, party)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    let stamp =
        |side: bool, was: Option<time::OffsetDateTime>| if side { was.or(Some(now)) } else { None };
    let done = after.status() == domain::DealStatus::Confirmed;
    db::deals::set_confirmations(
        &mut *tx,
        id,
        stamp(after.brand, row.brand_confirmed_at),
        stamp(after.creator, row.creator_confirmed_at),
        done.then_some(now),
    )
    .await?;
    let data = json!({"chat_id": chat, "deal_id": id, "version": row.version, "request_title": row.request_title, "by_name": caller.display_name});
    if done {
        db::chats::close_with_deal(&mut *tx, chat, now).await?;
        for user in [window.brand_id, window.creator_id] {
            super::notify::send(
                &mut tx,
                state,
                super::notify::Notice {
                    user,
                    kind: "deal_confirmed",
                    data: &data,
                    once_key: None,
                },
            )
            .await?;
        }
    } else {
        super::notify::send(
            &mut tx,
            state,
            super::notify::Notice {
                user: other_party(&window, caller),
                kind: "deal_confirmed_by_other",
                data: &data,
                once_key: None,
            },
        )
        .await?;
    }
    db::chats::announce_change(&mut *tx, chat).await?;
    let row = db::deals::for_window(&mut *tx, chat)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await?;
    Ok(view(row, caller, !done))
}

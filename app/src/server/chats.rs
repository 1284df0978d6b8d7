//! Chat windows and their messages (issue 4). Only the two parties of a
//! window can read or write it; everyone else gets 404. A message is stored
//! before it is acknowledged, once per client id, and announced to every
//! server instance through `NOTIFY chat_messages` carrying its ids.

use super::{db, live, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::collab::{ChatMessage, ChatWindow};
use db::chats::{MessageRow, WindowRow};
use domain::chat_window::{parse_message, seconds_left};
use domain::moderation::{Context, Status};
use domain::notify::Event;
use domain::WindowStatus;
use time::OffsetDateTime;
use uuid::Uuid;

/// A live connection that has not beaten its heart for this long is gone
/// (its process died): its user counts as not looking.
pub const PRESENCE_TTL: time::Duration = time::Duration::seconds(60);

/// How long a message may wait unseen before it is mailed.
pub const UNSEEN_MAIL_AFTER: time::Duration = time::Duration::minutes(5);
/// Messages per page unless asked otherwise, and at most.
pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;
const LIST_LIMIT: i64 = 200;

fn not_found() -> AppError {
    AppError::not_found("That chat")
}

fn stored_status(key: &str) -> Result<WindowStatus, AppError> {
    WindowStatus::from_key(key).ok_or_else(|| {
        tracing::error!(status = key, "unknown stored window status");
        AppError::internal()
    })
}

fn view(row: WindowRow, now: OffsetDateTime) -> Result<ChatWindow, AppError> {
    Ok(ChatWindow {
        status: stored_status(&row.status)?.at(row.expires_at, now),
        seconds_left: seconds_left(row.expires_at, now),
        id: row.id,
        request_id: row.request_id,
        request_title: row.request_title,
        brand_id: row.brand_id,
        brand_name: row.brand_name,
        creator_id: row.creator_id,
        creator_name: row.creator_name,
        opened_at: row.opened_at,
        expires_at: row.expires_at,
    })
}

/// `row` as `reader` sees it: a removed message's text only its sender
/// reads (`None`: a reader not known yet, as in the live fan-out).
pub fn message(row: MessageRow, reader: Option<Uuid>) -> ChatMessage {
    let shown = !row.removed || reader == Some(row.sender_id);
    ChatMessage {
        id: row.id,
        client_id: row.client_id,
        sender_id: row.sender_id,
        body: if shown { row.body } else { String::new() },
        created_at: row.created_at,
        removed: row.removed,
    }
}

pub async fn list(state: &AppState, caller: &User) -> Result<Vec<ChatWindow>, AppError> {
    let now = state.clock.now();
    db::chats::list_for(&state.pool, caller.id, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|row| view(row, now))
        .collect()
}

pub async fn get(state: &AppState, caller: &User, id: Uuid) -> Result<ChatWindow, AppError> {
    let row = db::chats::find_for(&state.pool, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    view(row, state.clock.now())
}

/// A page of messages: after `after_id` in order (catching up), or the
/// latest before `before_id` (scrolling back).
pub async fn messages(
    state: &AppState,
    caller: &User,
    id: Uuid,
    after_id: Option<i64>,
    before_id: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<ChatMessage>, AppError> {
    db::chats::find_for(&state.pool, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    // Reading the messages is seeing them: none of these is mailed.
    db::chats::seen(&state.pool, caller.id, id).await?;
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    Ok(
        db::chats::messages(&state.pool, id, after_id, before_id, limit)
            .await?
            .into_iter()
            .map(|row| message(row, Some(caller.id)))
            .collect(),
    )
}

/// Stores a message from `caller` unless one with `client_id` is already
/// stored (then that one is returned, `false`). Refused, with the reason,
/// once the window is closed or expired.
pub async fn send(
    state: &AppState,
    caller: &User,
    id: Uuid,
    client_id: Uuid,
    body: &str,
) -> Result<(ChatMessage, bool), AppError> {
    let body = parse_message(body).map_err(AppError::from)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let window = db::chats::lock_window(&mut *tx, id, caller.id)
        .await?
        .ok_or_else(not_found)?;
    // A retry of a message that was stored is answered even if the window
    // has closed since.
    if let Some(row) = db::chats::message_by_client_id(&mut *tx, id, client_id).await? {
        return Ok((message(row, Some(caller.id)), false));
    }
    super::moderation::may_act(&window.caller_status)?;
    stored_status(&window.status)?
        .check_send(window.expires_at, now)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    let row = db::chats::insert_message(&mut *tx, id, caller.id, client_id, body.as_str(), now)
        .await?
        .ok_or_else(AppError::internal)?;
    // Scams and payment or contact taken off the platform are flagged for a
    // moderator; the message is sent either way. Lists and patterns only:
    // a message must not wait for the model.
    let verdict = domain::moderation::scan(body.as_str(), Context::Chat);
    if verdict.status != Status::Approved {
        let case = db::moderation::Target::Message(row.id);
        super::moderation::record(&mut tx, case, caller.id, &verdict, body.as_str(), now).await?;
    }
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(live::MESSAGES)
        .bind(format!("{id}:{}", row.id))
        .execute(&mut *tx)
        .await?;
    let recipient = if window.brand_id == caller.id {
        window.creator_id
    } else {
        window.brand_id
    };
    // Answering is having seen it.
    db::chats::seen(&mut *tx, caller.id, id).await?;
    let delivery = db::preferences::get(&mut *tx, recipient)
        .await?
        .delivery(Event::NewMessage);
    if delivery.in_app {
        db::notifications::new_message_unless_looking(
            &mut *tx,
            recipient,
            id,
            &serde_json::json!({"chat_id": id, "sender_name": caller.display_name}),
            now,
            now - PRESENCE_TTL,
        )
        .await?;
    }
    if delivery.email
        && db::chats::mark_unseen(&mut *tx, recipient, id, now, now - PRESENCE_TTL).await?
    {
        db::jobs::enqueue(
            &mut *tx,
            UNSEEN_MAIL_JOB,
            &serde_json::json!({"user": recipient, "chat_id": id}),
            Some(&format!("unseen:{recipient}:{id}")),
            now + UNSEEN_MAIL_AFTER,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok((message(row, Some(caller.id)), true))
}

/// The caller opens window `id` live: checks they are a party, records that
/// they are looking (so new messages do not notify them) and clears the
/// notifications about it. `connection` names this live connection.
pub async fn enter(
    state: &AppState,
    caller: &User,
    id: Uuid,
    connection: Uuid,
) -> Result<ChatWindow, AppError> {
    let chat = get(state, caller, id).await?;
    let now = state.clock.now();
    db::chats::present(&state.pool, connection, id, caller.id, now).await?;
    db::notifications::mark_chat_read(&state.pool, caller.id, id, now).await?;
    db::chats::seen(&state.pool, caller.id, id).await?;
    Ok(chat)
}

/// The job that mails what waits unseen in a chat.
pub const UNSEEN_MAIL_JOB: &str = "mail_unseen_messages";

pub fn register_jobs(handlers: super::jobs::Handlers) -> super::jobs::Handlers {
    handlers.register(UNSEEN_MAIL_JOB, |state, payload| async move {
        let id = |key: &str| {
            payload
                .get(key)
                .and_then(|v| v.as_str())
                .and_then(|v| Uuid::parse_str(v).ok())
        };
        let (Some(user), Some(chat)) = (id("user"), id("chat_id")) else {
            return Err("an unseen-messages job without its user and chat".to_owned());
        };
        mail_unseen(&state, user, chat).await.map_err(|e| e.message)
    })
}

/// Mails `user` once about the messages waiting unseen in `chat`, if they
/// still are (the job runs [`UNSEEN_MAIL_AFTER`] after the first).
pub async fn mail_unseen(state: &AppState, user: Uuid, chat: Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    if let Some(unseen) =
        db::chats::claim_unseen(&mut tx, user, chat, now, now - PRESENCE_TTL).await?
    {
        if unseen.messages > 0 {
            let data = serde_json::json!({
                "chat_id": chat,
                "sender_name": unseen.sender_name,
                "request_title": unseen.request_title,
                "messages": unseen.messages,
            });
            let notice = super::notify::Notice {
                user,
                kind: "new_messages",
                data: &data,
                once_key: None,
            };
            super::notify::mail_only(&mut tx, state, notice).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The heartbeat of a live connection.
pub async fn still_here(
    state: &AppState,
    caller: &User,
    id: Uuid,
    connection: Uuid,
) -> Result<(), AppError> {
    Ok(db::chats::present(&state.pool, connection, id, caller.id, state.clock.now()).await?)
}

pub async fn leave(state: &AppState, connection: Uuid) -> Result<(), AppError> {
    Ok(db::chats::absent(&state.pool, connection).await?)
}

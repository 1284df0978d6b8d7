//! Server functions for interests, chats, deals and notifications. Each is
//! a thin call into the service layer with the session's user.

use super::{ChatMessage, ChatWindow, Deal, Interest, Notification};
use crate::error::AppError;
use domain::{DealForm, InterestEvent};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An interest as the brand sees it on the request page, with how well the
/// creator matches the request (when among its best 100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestWithScore {
    pub interest: Interest,
    pub score: Option<u8>,
}

/// Interests in request `request`: all of them for its brand, the caller's
/// own for a creator.
#[server(endpoint = "collab/interests")]
pub async fn request_interests(request: Uuid) -> Result<Vec<InterestWithScore>, AppError> {
    use crate::server::{interests, matching, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let items = interests::list(&state, &user, Some(request)).await?;
            let scores = if user.role == domain::Role::Brand && !items.is_empty() {
                let filters = domain::match_filters::MatchFilters {
                    limit: domain::match_filters::MAX_LIMIT,
                    ..Default::default()
                };
                matching::for_request(&state, &user, request, &filters)
                    .await
                    .map(|m| m.items)
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok(items
                .into_iter()
                .map(|interest| InterestWithScore {
                    score: scores
                        .iter()
                        .find(|m| m.creator.user_id == interest.creator_id)
                        .map(|m| m.score),
                    interest,
                })
                .collect())
        }
        .await,
    )
}

#[server(endpoint = "collab/express")]
pub async fn express_interest(request: Uuid, note: String) -> Result<Interest, AppError> {
    use crate::server::{interests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let note = Some(note.as_str()).filter(|n| !n.trim().is_empty());
            interests::express(&state, &user, request, note).await
        }
        .await,
    )
}

#[server(endpoint = "collab/decide")]
pub async fn decide_interest(id: Uuid, event: InterestEvent) -> Result<Interest, AppError> {
    use crate::server::{interests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            interests::decide(&state, &user, id, event).await
        }
        .await,
    )
}

#[server(endpoint = "collab/chats")]
pub async fn my_chats() -> Result<Vec<ChatWindow>, AppError> {
    use crate::server::{chats, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            chats::list(&state, &user).await
        }
        .await,
    )
}

/// A chat page's first load: the window, its deal and the latest messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatOpening {
    pub chat: ChatWindow,
    pub deal: Option<Deal>,
    /// The latest page, oldest first.
    pub messages: Vec<ChatMessage>,
    /// Whether older messages exist before the first one here.
    pub more_before: bool,
    pub me: Uuid,
}

/// Messages per page on the chat page.
pub const PAGE: i64 = 30;

#[server(endpoint = "collab/chat")]
pub async fn chat_view(id: Uuid) -> Result<ChatOpening, AppError> {
    use crate::server::{chats, deals, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let chat = chats::get(&state, &user, id).await?;
            let deal = deals::for_chat(&state, &user, id).await?;
            let mut messages =
                chats::messages(&state, &user, id, None, None, Some(PAGE + 1)).await?;
            let more_before = messages.len() as i64 > PAGE;
            if more_before {
                messages.remove(0);
            }
            Ok(ChatOpening {
                chat,
                deal,
                messages,
                more_before,
                me: user.id,
            })
        }
        .await,
    )
}

/// The page of messages before `before_id` (scrolling back), oldest first.
#[server(endpoint = "collab/older")]
pub async fn older_messages(id: Uuid, before_id: i64) -> Result<Vec<ChatMessage>, AppError> {
    use crate::server::{chats, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            chats::messages(&state, &user, id, None, Some(before_id), Some(PAGE)).await
        }
        .await,
    )
}

#[server(endpoint = "collab/propose", input = Json)]
pub async fn propose_deal(chat: Uuid, form: DealForm) -> Result<Deal, AppError> {
    use crate::server::{deals, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deals::propose(&state, &user, chat, &form).await
        }
        .await,
    )
}

#[server(endpoint = "collab/confirm")]
pub async fn confirm_deal(id: Uuid, version: i32) -> Result<Deal, AppError> {
    use crate::server::{deals, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deals::confirm(&state, &user, id, Some(version)).await
        }
        .await,
    )
}

#[server(endpoint = "collab/deals")]
pub async fn my_deals(confirmed_only: bool) -> Result<Vec<Deal>, AppError> {
    use crate::server::{deals, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deals::list(&state, &user, confirmed_only).await
        }
        .await,
    )
}

/// A page of notifications (newest first) and the unread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub unread: i64,
}

#[server(endpoint = "collab/notifications")]
pub async fn my_notifications(before_id: Option<i64>) -> Result<NotificationPage, AppError> {
    use crate::server::{notifications, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let (items, unread) = notifications::list(&state, &user, before_id, None).await?;
            Ok(NotificationPage { items, unread })
        }
        .await,
    )
}

/// Marks some (`ids`) or all (`None`) read; the unread count after.
#[server(endpoint = "collab/read", input = Json)]
pub async fn mark_read(ids: Option<Vec<i64>>) -> Result<i64, AppError> {
    use crate::server::{notifications, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            notifications::mark_read(&state, &user, ids.as_deref()).await
        }
        .await,
    )
}

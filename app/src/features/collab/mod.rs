//! Interests, chat windows, deals and notifications (issue 4): the types the
//! pages, the server functions and the REST API share.

use domain::{InterestEvent, InterestStatus};

pub mod api;
pub mod live_client;
mod pages;

pub use pages::{
    ChatPage, ChatsPage, ConfirmedDeals, InterestsPanel, NotificationBell, NotificationsPage,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A creator's interest in a request, as either side sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Interest {
    pub id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    pub note: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "pending"))]
    pub status: InterestStatus,
    /// What the caller may do now (`accept`, `reject`; the brand only).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub allowed_events: Vec<InterestEvent>,
    /// The chat window opened by accepting it.
    pub chat_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
}

/// A chat window as one of its two parties sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChatWindow {
    pub id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    /// `active`, `closed` (a deal was confirmed) or `expired`, as of now.
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "active"))]
    pub status: domain::WindowStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub opened_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
    /// Whole seconds until it expires (0 once over): the countdown.
    pub seconds_left: i64,
}

/// One chat message. Ids grow in the order messages were stored within a
/// window, so "after id N" resumes without gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    pub id: i64,
    /// The sender's own id for the message (a retry is stored once).
    pub client_id: Uuid,
    pub sender_id: Uuid,
    /// Plain text; render it as text, never as HTML. Empty for a message
    /// a moderator removed, unless the reader sent it.
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Taken down by a moderator.
    #[serde(default)]
    pub removed: bool,
}

/// Something that happened to the user (interest received, chat opened, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// `interest_received`, `interest_accepted`, `interest_rejected`, …
    pub kind: String,
    /// Ids and titles the text and link are made from.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub data: serde_json::Value,
    /// The notification in the caller's language (pages word it again from
    /// `kind` and `data`, so a language switch rewords it).
    #[serde(default)]
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<OffsetDateTime>,
}

/// The deal negotiated in a chat window, as one of its parties sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Deal {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    /// 1 for the first proposal; each change of terms adds one.
    pub version: i32,
    pub deliverables: String,
    pub timeline: String,
    /// Whole units of `currency`.
    pub amount: i64,
    pub currency: String,
    pub usage_rights: String,
    pub proposed_by: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub proposed_at: OffsetDateTime,
    /// `proposed` (nobody confirmed this version), `pending` (one side did)
    /// or `confirmed` (both did; final).
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "pending"))]
    pub status: domain::DealStatus,
    pub brand_confirmed: bool,
    pub creator_confirmed: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub confirmed_at: Option<OffsetDateTime>,
    /// What the caller may do now (`revise`, `confirm`).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub allowed_events: Vec<domain::DealEvent>,
}

/// What a live chat client sends over `GET /api/v1/chats/{id}/ws`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Store a message; answered by `ack` (or `error`) with the same
    /// `client_id`. Resending after a reconnect stores it once.
    Send { client_id: Uuid, body: String },
}

/// What the server sends over the chat WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The window and its deal: on connect and whenever either changes.
    Chat {
        chat: Box<ChatWindow>,
        deal: Option<Box<Deal>>,
    },
    /// A stored message, in id order, each once per connection.
    Message { message: ChatMessage },
    /// Everything after `after_id` up to `last_id` has been sent.
    Ready { last_id: i64 },
    /// The message with this `client_id` is stored.
    Ack {
        client_id: Uuid,
        message: ChatMessage,
    },
    /// A frame was refused (`client_id` when it was a message).
    Error {
        client_id: Option<Uuid>,
        code: String,
        message: String,
    },
}

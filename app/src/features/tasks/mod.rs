//! Personal tasks and the assistant that manages them (issue 5): the types
//! the pages, the server functions, the REST API and the MCP tools share.

pub mod api;
mod assistant_page;
pub(crate) mod pages;

pub use assistant_page::AssistantPage;
pub use pages::TasksPage;

use domain::Priority;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One of the caller's tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "medium"))]
    pub priority: Priority,
    /// On the user's own calendar: `2026-11-27` or `2026-11-27T15:00`.
    pub due: Option<String>,
    pub completed: bool,
    /// `pending` or `completed`.
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub completed_at: Option<OffsetDateTime>,
}

/// A page of tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TaskPage {
    pub items: Vec<Task>,
    pub page: u32,
    pub per_page: u32,
    /// Tasks matching the filters, on all pages.
    pub total: i64,
}

/// One tool call the assistant made, as shown under its reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ToolCallRecord {
    /// `add_task`, `list_tasks`, `complete_task`, `delete_task` or `update_task`.
    pub tool: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub arguments: serde_json::Value,
    /// What the tool answered, or `{"error": {"code", "message"}}`.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub result: serde_json::Value,
}

/// One turn of the task chat (`POST /api/v1/chat`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChatRequest {
    /// Continue this conversation; without it a new one is started.
    #[serde(default)]
    pub conversation_id: Option<uuid::Uuid>,
    #[serde(default)]
    pub message: String,
}

/// The assistant's answer to one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChatReply {
    pub conversation_id: uuid::Uuid,
    pub response: String,
    /// Every tool call made for this answer, in order.
    pub tool_calls: Vec<ToolCallRecord>,
}

/// A conversation with the assistant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: uuid::Uuid,
    /// The start of its first message.
    pub title: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConversationMessage {
    pub id: i64,
    /// `user` or `assistant`.
    pub role: String,
    pub content: String,
    pub tool_calls: Vec<ToolCallRecord>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

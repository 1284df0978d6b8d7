//! `/api/v1/chat` (the task assistant) and `/api/v1/conversations`.

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::tasks::{ChatReply, ChatRequest, Conversation, ConversationMessage};
use app::server::{assistant, AppState};
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Send the assistant a message; it manages the caller's tasks through the
/// five tools and answers in a sentence.
#[utoipa::path(post, path = "/api/v1/chat", operation_id = "send_assistant_message", tag = "tasks", security(("bearer" = [])),
    request_body = ChatRequest,
    responses(
        (status = 200, description = "The assistant's reply and what its tools did", body = ChatReply),
        (status = 404, description = "Not a conversation of the caller's", body = ErrorBody),
        (status = 422, description = "Empty, or longer than 2 000 characters", body = ErrorBody),
        (status = 429, description = "Too many messages this minute; see Retry-After", body = ErrorBody),
        (status = 503, description = "The AI model is unreachable and no fallback is configured", body = ErrorBody),
    ))]
pub async fn chat(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<ChatRequest>,
) -> ApiResult<Json<ChatReply>> {
    Ok(Json(
        assistant::chat(&state, &caller.user, body.conversation_id, &body.message).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ConversationList {
    /// Most recently used first (at most 100).
    pub items: Vec<Conversation>,
}

/// The caller's conversations with the assistant.
#[utoipa::path(get, path = "/api/v1/conversations", operation_id = "list_conversations", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, description = "The caller's conversations, newest first", body = ConversationList)))]
pub async fn conversations(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<ConversationList>> {
    Ok(Json(ConversationList {
        items: assistant::conversations(&state, &caller.user).await?,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagePage {
    /// Older than this id (the previous page).
    pub before_id: Option<i64>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageList {
    /// Oldest first.
    pub items: Vec<ConversationMessage>,
}

/// The messages of one of the caller's conversations, with the tool calls
/// of each answer.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", operation_id = "list_conversation_messages", tag = "tasks", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path), MessagePage),
    responses((status = 200, description = "One page of the conversation's messages", body = MessageList), (status = 404, body = ErrorBody)))]
pub async fn messages(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(page): ApiQuery<MessagePage>,
) -> ApiResult<Json<MessageList>> {
    let id = uuid_or_404(&id, "That conversation")?;
    Ok(Json(MessageList {
        items: assistant::messages(&state, &caller.user, id, page.before_id, page.limit).await?,
    }))
}

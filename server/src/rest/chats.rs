//! `/api/v1/chats`: the caller's chat windows and their messages.

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::collab::{ChatMessage, ChatWindow};
use app::server::{chats, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct ChatList {
    pub items: Vec<ChatWindow>,
}

#[derive(Serialize, ToSchema)]
pub struct ChatResponse {
    pub chat: ChatWindow,
}

#[derive(Serialize, ToSchema)]
pub struct MessageList {
    /// In id order (oldest first).
    pub items: Vec<ChatMessage>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageResponse {
    pub message: ChatMessage,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagePage {
    /// Messages after this id, oldest first (catching up after a reconnect).
    pub after_id: Option<i64>,
    /// The latest messages before this id (scrolling back).
    pub before_id: Option<i64>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewMessage {
    /// The sender's own id (a UUID); sending again with it stores nothing new.
    #[serde(default)]
    pub client_id: String,
    /// Plain text, 1–4 000 characters.
    #[serde(default)]
    pub body: String,
}

fn chat_id(raw: &str) -> Result<Uuid, AppError> {
    uuid_or_404(raw, "That chat")
}

/// The caller's chat windows, newest first.
#[utoipa::path(get, path = "/api/v1/chats", operation_id = "list_chats", tag = "chats", security(("bearer" = [])),
    responses((status = 200, description = "The caller's chat windows", body = ChatList), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: BearerUser) -> ApiResult<Json<ChatList>> {
    Ok(Json(ChatList {
        items: chats::list(&state, &caller.user).await?,
    }))
}

/// One chat window (its two parties only).
#[utoipa::path(get, path = "/api/v1/chats/{id}", operation_id = "get_chat", tag = "chats", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The chat window and its deal, if any", body = ChatResponse), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ChatResponse>> {
    Ok(Json(ChatResponse {
        chat: chats::get(&state, &caller.user, chat_id(&id)?).await?,
    }))
}

/// A page of messages.
#[utoipa::path(get, path = "/api/v1/chats/{id}/messages", operation_id = "list_chat_messages", tag = "chats", security(("bearer" = [])),
    params(("id" = Uuid, Path), MessagePage),
    responses((status = 200, description = "One page of messages", body = MessageList), (status = 404, body = ErrorBody)))]
pub async fn messages(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(page): ApiQuery<MessagePage>,
) -> ApiResult<Json<MessageList>> {
    let items = chats::messages(
        &state,
        &caller.user,
        chat_id(&id)?,
        page.after_id,
        page.before_id,
        page.limit,
    )
    .await?;
    Ok(Json(MessageList { items }))
}

/// Send a message: stored before it is acknowledged; a repeat with the same
/// `client_id` answers 200 with the message stored the first time.
#[utoipa::path(post, path = "/api/v1/chats/{id}/messages", operation_id = "send_chat_message", tag = "chats", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NewMessage,
    responses(
        (status = 201, description = "Stored", body = MessageResponse),
        (status = 200, description = "Already stored under this client_id", body = MessageResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The chat is closed or expired; the message says which", body = ErrorBody),
        (status = 422, description = "Empty or too long body, or a client_id that is not a UUID", body = ErrorBody),
    ))]
pub async fn send(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewMessage>,
) -> ApiResult<(StatusCode, Json<MessageResponse>)> {
    let id = chat_id(&id)?;
    let client_id = Uuid::parse_str(body.client_id.trim()).map_err(|_| {
        AppError::from(FieldError::new(
            "client_id",
            "client_id_invalid",
            "client_id must be a UUID chosen by the sender.",
        ))
    })?;
    let (message, created) = chats::send(&state, &caller.user, id, client_id, &body.body).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(MessageResponse { message })))
}

//! `conversations` and `conversation_messages`: each user's task chats.

use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
pub struct ConversationRow {
    pub id: Uuid,
    pub title: String,
    pub memory: Json<serde_json::Value>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub role: String,
    pub content: String,
    pub tool_calls: Json<serde_json::Value>,
    pub said: Option<Json<serde_json::Value>>,
    pub created_at: OffsetDateTime,
}

/// `user`'s conversation `id`.
#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl PgExecutor<'_>,
    user: Uuid,
    id: Uuid,
) -> sqlx::Result<Option<ConversationRow>> {
    sqlx::query_as(
        "SELECT id, title, memory, created_at, updated_at FROM conversations
         WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// One turn, in one statement: the conversation (made on its first turn,
/// else its memory saved), the user's message and the answer after it.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all)]
pub async fn record_turn(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
    title: &str,
    message: &str,
    answer: &str,
    said: Option<&serde_json::Value>,
    tool_calls: &serde_json::Value,
    memory: &serde_json::Value,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "WITH conversation AS (
            INSERT INTO conversations (id, user_id, title, memory, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $5)
            ON CONFLICT (id) DO UPDATE SET memory = EXCLUDED.memory, updated_at = EXCLUDED.updated_at
            WHERE conversations.user_id = EXCLUDED.user_id
            RETURNING id)
         INSERT INTO conversation_messages (conversation_id, role, content, tool_calls, said, created_at)
         SELECT conversation.id, m.role, m.content, m.tool_calls, m.said, $5
         FROM conversation,
              (VALUES (1, 'user', $6, '[]'::jsonb, NULL::jsonb), (2, 'assistant', $7, $8::jsonb, $9::jsonb))
                AS m (ord, role, content, tool_calls, said)
         ORDER BY m.ord",
    )
    .bind(id)
    .bind(user)
    .bind(title)
    .bind(Json(memory))
    .bind(now)
    .bind(message)
    .bind(answer)
    .bind(Json(tool_calls))
    .bind(said.map(Json))
    .execute(db)
    .await
    .map(|_| ())
}

/// `user`'s conversations, most recently used first.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    user: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<ConversationRow>> {
    sqlx::query_as(
        "SELECT id, title, memory, created_at, updated_at FROM conversations
         WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT $2",
    )
    .bind(user)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// A page of a conversation's messages before id `before` (newest page
/// first), returned oldest first.
#[tracing::instrument(skip_all)]
pub async fn messages(
    db: impl PgExecutor<'_>,
    conversation: Uuid,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let mut rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT id, role, content, tool_calls, said, created_at FROM conversation_messages
         WHERE conversation_id = $1 AND ($2::bigint IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3",
    )
    .bind(conversation)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.reverse();
    Ok(rows)
}

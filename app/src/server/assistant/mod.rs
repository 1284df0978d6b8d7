//! The task chat (issue 5): one message in, the assistant's answer and the
//! tool calls it made out, kept in a conversation of the caller's. Two
//! engines behind one switch: the offline one (default, deterministic, no
//! network) and any OpenAI-compatible model, which can fall back to the
//! offline one when the model is unreachable.

pub mod llm;
pub mod offline;
pub mod words;

use super::{db, rate_limit, settings, tasks, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use crate::features::tasks::{ChatReply, Conversation, ConversationMessage, ToolCallRecord};
use domain::assistant::{Memory, Said};
use domain::FieldError;
use uuid::Uuid;

pub use llm::LlmEngine;

/// The longest message the assistant reads, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Earlier messages sent to a model as context.
const HISTORY: i64 = 20;
const LIST_LIMIT: i64 = 100;
const DEFAULT_PAGE: i64 = 50;
const MAX_PAGE: i64 = 200;

#[derive(Clone, Debug, Default)]
pub enum Engine {
    /// The deterministic engine in the domain crate.
    #[default]
    Offline,
    /// An OpenAI-compatible model; `fallback` answers with the offline
    /// engine while the model is unreachable.
    Llm { engine: LlmEngine, fallback: bool },
}

fn parse_message(raw: &str) -> Result<String, AppError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new("message", "required", "Type a message.").into());
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(FieldError::new(
            "message",
            "too_long",
            format!("Keep a message under {MAX_MESSAGE_CHARS} characters."),
        )
        .into());
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        return Err(FieldError::new(
            "message",
            "invalid_characters",
            "Remove the control characters.",
        )
        .into());
    }
    Ok(text.to_owned())
}

fn title_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let mut title: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        title.push('…');
    }
    title
}

/// Answers `message`, in conversation `conversation` or a new one.
pub async fn chat(
    state: &AppState,
    caller: &User,
    conversation: Option<Uuid>,
    message: &str,
) -> Result<ChatReply, AppError> {
    let message = parse_message(message)?;
    rate_limit::check(
        state,
        &format!("chat:{}", caller.id),
        state.settings.chat_rate_limit_per_minute,
    )
    .await?;
    let existing = match conversation {
        Some(id) => Some(
            db::conversations::find(&state.pool, caller.id, id)
                .await?
                .ok_or_else(|| AppError::not_found("That conversation"))?,
        ),
        None => None,
    };
    let memory: Memory = existing
        .as_ref()
        .and_then(|c| serde_json::from_value(c.memory.0.clone()).ok())
        .unwrap_or_default();

    let locale = crate::components::locale_of(caller.language);
    let (response, said, tool_calls, memory) = match &state.assistant {
        Engine::Offline => {
            let turn = offline::turn(state, caller, &message, memory).await?;
            let response = words::said(locale, &turn.said);
            (response, Some(turn.said), turn.tool_calls, turn.memory)
        }
        Engine::Llm { engine, fallback } => {
            let history = match &existing {
                Some(c) => db::conversations::messages(&state.pool, c.id, None, HISTORY)
                    .await?
                    .into_iter()
                    .map(|m| (m.role, m.content))
                    .collect(),
                None => Vec::new(),
            };
            let now = tasks::local_now(state, caller).await?;
            let zone = settings::get(state, caller).await?.time_zone;
            match engine
                .turn(state, caller, &history, &message, now, &zone)
                .await
            {
                Ok(turn) => (turn.response, None, turn.tool_calls, Memory::default()),
                Err(e) if *fallback && e.code == ErrorCode::ServiceUnavailable => {
                    let turn = offline::turn(state, caller, &message, memory).await?;
                    let response = format!(
                        "{} {}",
                        words::model_unreachable(locale),
                        words::said(locale, &turn.said)
                    );
                    (response, None, turn.tool_calls, turn.memory)
                }
                Err(e) => return Err(e),
            }
        }
    };

    // The conversation and both messages are written together.
    let id = existing.as_ref().map_or_else(Uuid::now_v7, |c| c.id);
    db::conversations::record_turn(
        &state.pool,
        id,
        caller.id,
        &title_of(&message),
        &message,
        &response,
        said.and_then(|s| serde_json::to_value(s).ok()).as_ref(),
        &serde_json::to_value(&tool_calls).unwrap_or_default(),
        &serde_json::to_value(&memory).unwrap_or_default(),
        state.clock.now(),
    )
    .await?;
    Ok(ChatReply {
        conversation_id: id,
        response,
        tool_calls,
    })
}

/// The caller's conversations, most recently used first.
pub async fn conversations(state: &AppState, caller: &User) -> Result<Vec<Conversation>, AppError> {
    Ok(db::conversations::list(&state.pool, caller.id, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|c| Conversation {
            id: c.id,
            title: c.title,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}

/// A page of one of the caller's conversations, oldest first; `before_id`
/// pages back.
pub async fn messages(
    state: &AppState,
    caller: &User,
    conversation: Uuid,
    before_id: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<ConversationMessage>, AppError> {
    db::conversations::find(&state.pool, caller.id, conversation)
        .await?
        .ok_or_else(|| AppError::not_found("That conversation"))?;
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let locale = crate::components::locale_of(caller.language);
    Ok(
        db::conversations::messages(&state.pool, conversation, before_id, limit)
            .await?
            .into_iter()
            .map(|m| ConversationMessage {
                id: m.id,
                role: m.role,
                // An offline reply is worded again, in today's language.
                content: m
                    .said
                    .and_then(|s| serde_json::from_value::<Said>(s.0).ok())
                    .map_or(m.content, |s| words::said(locale, &s)),
                tool_calls: serde_json::from_value::<Vec<ToolCallRecord>>(m.tool_calls.0)
                    .unwrap_or_default(),
                created_at: m.created_at,
            })
            .collect(),
    )
}

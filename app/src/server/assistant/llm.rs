//! The assistant on any OpenAI-compatible chat endpoint with tool calling
//! (async-openai): the conversation so far as context, the five task tools
//! as functions, each call run for the authenticated user and its result
//! fed back until the model answers in words.

use super::super::task_tools::{self, ToolName};
use super::super::AppState;
use super::offline::error_json;
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use crate::features::tasks::ToolCallRecord;
use serde_json::{json, Value};
use time::PrimitiveDateTime;

/// At most this many model calls per message (tool rounds plus the answer).
const MAX_ROUNDS: usize = 6;

#[derive(Clone, Debug)]
pub struct LlmEngine(crate::server::ai::ModelEndpoint);

impl LlmEngine {
    /// `base_url` like `https://api.openai.com/v1`.
    pub fn new(base_url: &str, api_key: &str, model: &str) -> Self {
        Self(crate::server::ai::ModelEndpoint::new(
            base_url, api_key, model,
        ))
    }
}

/// The model could not be asked (down, refused, or answered nonsense).
pub fn unavailable(detail: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %detail, "assistant model failed");
    AppError::new(
        ErrorCode::ServiceUnavailable,
        "The assistant's AI model is not reachable right now. Try again in a minute.",
    )
}

fn tools() -> Value {
    Value::Array(
        ToolName::ALL
            .into_iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.as_str(),
                    "description": t.description(),
                    "parameters": t.input_schema(),
                }})
            })
            .collect(),
    )
}

fn system_prompt(now: PrimitiveDateTime, time_zone: &str, language: domain::Language) -> String {
    let reply_in = match language {
        domain::Language::En => "English",
        domain::Language::Hi => "Hindi",
        domain::Language::Ta => "Tamil",
        domain::Language::Te => "Telugu",
        domain::Language::Bn => "Bengali",
        domain::Language::Mr => "Marathi",
    };
    format!(
        "You are MAT-CHA's task assistant. You manage the user's personal tasks only through the tools \
         add_task, list_tasks, complete_task, delete_task and update_task; never invent task ids — list \
         the tasks first when you need one. When two tasks could be meant, ask which one. Before deleting \
         more than one task, ask for confirmation. It is {} {} in the user's time zone ({time_zone}); pass due \
         dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM and always say dates back as absolute dates. Answer in one \
         or two short sentences, in {reply_in} (the user's language), whatever language the message is in; \
         keep task titles as the user wrote them.",
        now.date().weekday(),
        now.date(),
    )
}

pub struct LlmTurn {
    pub response: String,
    pub tool_calls: Vec<ToolCallRecord>,
}

impl LlmEngine {
    /// One user message in a conversation whose earlier messages are
    /// `history` (role, content), oldest first.
    pub async fn turn(
        &self,
        state: &AppState,
        caller: &User,
        history: &[(String, String)],
        message: &str,
        now: PrimitiveDateTime,
        time_zone: &str,
    ) -> Result<LlmTurn, AppError> {
        let mut messages = vec![
            json!({"role": "system", "content": system_prompt(now, time_zone, caller.language)}),
        ];
        messages.extend(
            history
                .iter()
                .map(|(role, content)| json!({"role": role, "content": content})),
        );
        messages.push(json!({"role": "user", "content": message}));
        let tools = tools();
        let mut records = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let request = json!({"model": self.0.model(), "messages": messages, "tools": tools});
            let response: Value = self
                .0
                .client()
                .chat()
                .create_byot(request)
                .await
                .map_err(unavailable)?;
            let reply = response
                .pointer("/choices/0/message")
                .cloned()
                .ok_or_else(|| unavailable("the answer has no choices[0].message"))?;
            let calls = reply
                .get("tool_calls")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if calls.is_empty() {
                let text = reply
                    .get("content")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .unwrap_or("Done.");
                return Ok(LlmTurn {
                    response: text.to_owned(),
                    tool_calls: records,
                });
            }
            messages.push(reply.clone());
            for call in calls {
                let id = call
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let name = call
                    .pointer("/function/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let raw = call
                    .pointer("/function/arguments")
                    .and_then(Value::as_str)
                    .unwrap_or("{}");
                let (arguments, result) =
                    match serde_json::from_str::<Value>(if raw.trim().is_empty() {
                        "{}"
                    } else {
                        raw
                    }) {
                        Err(_) => (
                            Value::String(raw.to_owned()),
                            error_json(&AppError::bad_request("The arguments are not valid JSON.")),
                        ),
                        Ok(arguments) => {
                            let result =
                                match task_tools::call(state, caller, &name, &arguments).await {
                                    Ok(v) => v,
                                    Err(e) if e.code == ErrorCode::Internal => return Err(e),
                                    Err(e) => error_json(&e),
                                };
                            (arguments, result)
                        }
                    };
                messages.push(
                    json!({"role": "tool", "tool_call_id": id, "content": result.to_string()}),
                );
                records.push(ToolCallRecord {
                    tool: name,
                    arguments,
                    result,
                });
            }
        }
        Ok(LlmTurn {
            response: "I stopped after too many steps; tell me what is still missing.".into(),
            tool_calls: records,
        })
    }
}

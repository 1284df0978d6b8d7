//! Server functions of the Tasks, Assistant and Settings pages: thin calls
//! into the service layer with the session's user.

use super::{ChatReply, Conversation, ConversationMessage, Task, TaskPage};
use crate::error::AppError;
use crate::features::settings::{ApiToken, NewApiToken, UserSettings};
use domain::task::TaskQueryForm;
use domain::TaskForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

#[server(endpoint = "tasks/page", input = Json)]
pub async fn list_my_tasks(query: TaskQueryForm) -> Result<TaskPage, AppError> {
    use crate::server::{session, tasks};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let q = query.parse().map_err(AppError::from)?;
            tasks::page(&state, &user, &q).await
        }
        .await,
    )
}

/// Adds a task, or replaces task `id`'s fields.
#[server(endpoint = "tasks/save", input = Json)]
pub async fn save_task(id: Option<i64>, form: TaskForm) -> Result<Task, AppError> {
    use crate::server::{session, tasks};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            match id {
                Some(id) => tasks::replace(&state, &user, id, &form).await,
                None => tasks::create(&state, &user, &form).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "tasks/done")]
pub async fn set_task_done(id: i64, done: bool) -> Result<Task, AppError> {
    use crate::server::{session, tasks};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            tasks::set_completed(&state, &user, id, done).await
        }
        .await,
    )
}

#[server(endpoint = "tasks/remove")]
pub async fn remove_task(id: i64) -> Result<Task, AppError> {
    use crate::server::{session, tasks};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            tasks::delete(&state, &user, id).await
        }
        .await,
    )
}

#[server(endpoint = "tasks/restore")]
pub async fn restore_task(id: i64) -> Result<Task, AppError> {
    use crate::server::{session, tasks};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            tasks::restore(&state, &user, id).await
        }
        .await,
    )
}

#[server(endpoint = "assistant/send", input = Json)]
pub async fn send_chat(conversation: Option<Uuid>, message: String) -> Result<ChatReply, AppError> {
    use crate::server::{assistant, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            assistant::chat(&state, &user, conversation, &message).await
        }
        .await,
    )
}

#[server(endpoint = "assistant/conversations")]
pub async fn my_conversations() -> Result<Vec<Conversation>, AppError> {
    use crate::server::{assistant, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            assistant::conversations(&state, &user).await
        }
        .await,
    )
}

#[server(endpoint = "assistant/messages")]
pub async fn conversation_messages(id: Uuid) -> Result<Vec<ConversationMessage>, AppError> {
    use crate::server::{assistant, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            assistant::messages(&state, &user, id, None, Some(200)).await
        }
        .await,
    )
}

#[server(endpoint = "settings/get")]
pub async fn my_settings() -> Result<(UserSettings, Vec<ApiToken>), AppError> {
    use crate::server::{api_tokens, session, settings};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            Ok((
                settings::get(&state, &user).await?,
                api_tokens::list(&state, &user).await?,
            ))
        }
        .await,
    )
}

#[server(endpoint = "settings/zone")]
pub async fn save_time_zone(time_zone: String) -> Result<UserSettings, AppError> {
    use crate::server::{session, settings};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            settings::save(
                &state,
                &user,
                &crate::features::settings::SettingsUpdate {
                    time_zone: Some(time_zone),
                    language: None,
                },
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "settings/token")]
pub async fn make_token(name: String) -> Result<NewApiToken, AppError> {
    use crate::server::{api_tokens, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            api_tokens::create(&state, &user, &name).await
        }
        .await,
    )
}

#[server(endpoint = "settings/revoke")]
pub async fn revoke_token(id: Uuid) -> Result<ApiToken, AppError> {
    use crate::server::{api_tokens, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            api_tokens::revoke(&state, &user, id).await
        }
        .await,
    )
}

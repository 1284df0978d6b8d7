//! Server functions for administrators.

use super::AccountPage;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin/list_accounts")]
pub async fn list_accounts(page: u32) -> Result<AccountPage, AppError> {
    use crate::server::{accounts, session, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::internal())?;
            let caller = session::require_user(&state, &session).await?;
            accounts::list(&state, &caller, page).await
        }
        .await,
    )
}

/// A page of the moderation queue.
#[server(endpoint = "admin/moderation_queue", input = leptos::server_fn::codec::Json)]
pub async fn moderation_queue(
    form: domain::moderation::queue::QueueForm,
) -> Result<super::CasePage, AppError> {
    use crate::server::{moderation_queue, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            moderation_queue::require_admin(&user)?;
            let query = form.parse().map_err(AppError::validation)?;
            moderation_queue::list(&state, &user, &query).await
        }
        .await,
    )
}

/// A moderator's decision on a case, with its note.
#[server(endpoint = "admin/decide_case")]
pub async fn decide_case(
    id: uuid::Uuid,
    action: String,
    note: String,
) -> Result<super::ModerationCase, AppError> {
    use crate::server::{moderation_queue, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            moderation_queue::decide(&state, &user, id, &action, &note).await
        }
        .await,
    )
}

/// A page of the outbox.
#[server(endpoint = "admin/outbox", input = leptos::server_fn::codec::Json)]
pub async fn outbox(form: domain::mail::OutboxForm) -> Result<super::OutboxPage, AppError> {
    use crate::server::{mail, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            mail::outbox(&state, &user, &form).await
        }
        .await,
    )
}

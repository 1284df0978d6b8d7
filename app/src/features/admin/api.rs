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

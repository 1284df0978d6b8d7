//! Server functions of the apps allowed to sign in (OAuth): the consent
//! page's review and decision, and Settings' list and revocation.

use super::{AuthorizedApp, ConsentStep, Deleted};
use crate::error::AppError;
use domain::oauth::AuthorizeQuery;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn step(result: Result<super::ConsentRequest, domain::oauth::AuthorizeError>) -> ConsentStep {
    use domain::oauth::AuthorizeError;
    match result {
        Ok(request) => ConsentStep::Ask(request),
        Err(AuthorizeError::Show(message)) => ConsentStep::Refused(message),
        Err(e) => ConsentStep::Redirect(e.redirect_url().unwrap_or_default()),
    }
}

#[server(endpoint = "oauth/review")]
pub async fn review_app(query: AuthorizeQuery) -> Result<ConsentStep, AppError> {
    use crate::server::{oauth, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            Ok(step(oauth::review(&state, &user, &query).await))
        }
        .await,
    )
}

#[server(endpoint = "oauth/decide")]
pub async fn decide_app(query: AuthorizeQuery, allow: bool) -> Result<ConsentStep, AppError> {
    use crate::server::{oauth, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            Ok(match oauth::decide(&state, &user, &query, allow).await {
                Ok(url) => ConsentStep::Redirect(url),
                Err(e) => step(Err(e)),
            })
        }
        .await,
    )
}

#[server(endpoint = "settings/apps")]
pub async fn my_apps() -> Result<Vec<AuthorizedApp>, AppError> {
    use crate::server::{oauth, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            oauth::apps(&state, &user).await
        }
        .await,
    )
}

#[server(endpoint = "settings/revoke_app")]
pub async fn revoke_app(client_id: String) -> Result<(), AppError> {
    use crate::server::{oauth, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            oauth::revoke_app(&state, &user, &client_id).await
        }
        .await,
    )
}

/// Deletes the caller's account (password re-entered) and ends this
/// session; the answer is when the data will be purged.
#[server(endpoint = "settings/delete_account")]
pub async fn delete_account(password: String) -> Result<Deleted, AppError> {
    use crate::server::{erasure, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let purge_after = erasure::delete_account(&state, &user, &password).await?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::internal())?;
            session::end(&session).await?;
            Ok(Deleted { purge_after })
        }
        .await,
    )
}

/// The caller's notification settings.
#[server(endpoint = "settings/notifications")]
pub async fn notification_settings() -> Result<super::NotificationSettings, AppError> {
    use crate::server::{notify, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            notify::preferences(&state, &user).await
        }
        .await,
    )
}

/// Saves the notification settings the form names.
#[server(endpoint = "settings/save_notifications", input = leptos::server_fn::codec::Json)]
pub async fn save_notification_settings(
    form: domain::notify::PreferencesForm,
) -> Result<super::NotificationSettings, AppError> {
    use crate::server::{notify, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            notify::save_preferences(&state, &user, &form).await
        }
        .await,
    )
}

/// What an unsubscribe link turns off (`confirm`: turn it off now).
#[server(endpoint = "settings/unsubscribe")]
pub async fn unsubscribe(token: String, confirm: bool) -> Result<super::Unsubscribe, AppError> {
    use crate::server::{notify, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            if confirm {
                notify::unsubscribe(&state, &token).await
            } else {
                notify::unsubscribe_target(&state, &token).await
            }
        }
        .await,
    )
}

//! Server functions for the browser. Each parses its input, finds the
//! session, and calls one service in `crate::server`.

use super::User;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, "session layer missing");
            AppError::internal()
        })
}

/// A form posted without the WASM running (not hydrated yet, or no
/// JavaScript) gets a plain redirect. Hydrated pages reload themselves once
/// the call succeeds (see `Auth::provide`).
#[cfg(feature = "ssr")]
fn redirect_plain_form(path: &str) {
    if crate::error::wants_html() {
        leptos_axum::redirect(path);
    }
}

#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    // A form with no role chosen sends no `role` at all.
    role: Option<String>,
    // Where to go once signed up (a local path), e.g. back to an app's sign-in.
    next: Option<String>,
) -> Result<User, AppError> {
    use crate::server::{auth, session, AppState};
    crate::error::respond(
        async move {
            let input = domain::SignUp::parse(
                &email,
                &password,
                &display_name,
                role.as_deref().unwrap_or_default(),
            )?;
            let state = AppState::from_context()?;
            let session = session().await?;
            let language = crate::server::language::of_request().await;
            let user = auth::register(&state, input, language).await?;
            session::start(&state, &session, &user).await?;
            redirect_plain_form(after_sign_in(next.as_deref()));
            Ok(user)
        }
        .await,
    )
}

/// The page to open once signed in: `next` when it is a path of this site.
pub fn after_sign_in(next: Option<&str>) -> &str {
    next.and_then(domain::oauth::local_path)
        .unwrap_or("/dashboard")
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<User, AppError> {
    use crate::server::{auth, session, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            let session = session().await?;
            let user = auth::authenticate(&state, &email, &password).await?;
            session::start(&state, &session, &user).await?;
            // The next page comes from the server in the account's language.
            crate::server::language::remember(user.language);
            redirect_plain_form(after_sign_in(next.as_deref()));
            Ok(user)
        }
        .await,
    )
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::error::respond(
        async move {
            crate::server::session::end(&session().await?).await?;
            redirect_plain_form("/");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/current_user")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    use crate::server::{session, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            session::current_user(&state, &session().await?).await
        }
        .await,
    )
}

/// Keeps the language chosen in the header menu on the account.
#[server(endpoint = "settings/language")]
pub async fn save_language(language: String) -> Result<(), AppError> {
    use crate::server::{session, settings};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let update = crate::features::settings::SettingsUpdate {
                time_zone: None,
                language: Some(language),
            };
            let saved = settings::save(&state, &user, &update).await?;
            crate::server::language::remember(saved.language);
            Ok(())
        }
        .await,
    )
}

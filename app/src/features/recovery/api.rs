//! Server functions over `crate::server::recovery`.

use crate::error::AppError;
use leptos::prelude::*;

/// Mails a reset link if an account has `email`; the answer is the same
/// either way.
#[server(endpoint = "auth/password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server::{recovery, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            recovery::request_reset(&state, &email).await?;
            // A form posted before the page's code ran.
            if crate::error::wants_html() {
                leptos_axum::redirect("/forgot-password?sent=1");
            }
            Ok(())
        }
        .await,
    )
}

/// Sets a new password with the link's token; `password_again` must match.
#[server(endpoint = "auth/password_reset_confirm")]
pub async fn confirm_password_reset(
    token: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    use crate::server::{recovery, AppState};
    crate::error::respond(
        async move {
            if password != password_again {
                return Err(AppError::validation(vec![domain::FieldError::new(
                    "password_again",
                    "mismatch",
                    "The two passwords are not the same.",
                )]));
            }
            let state = AppState::from_context()?;
            recovery::confirm_reset(&state, &token, &password).await?;
            if crate::error::wants_html() {
                leptos_axum::redirect("/reset-password?done=1");
            }
            Ok(())
        }
        .await,
    )
}

/// Verifies the address the link's `token` was mailed to.
#[server(endpoint = "auth/verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::server::{recovery, AppState};
    crate::error::respond(
        async move {
            let state = AppState::from_context()?;
            recovery::confirm_verification(&state, &token).await?;
            if crate::error::wants_html() {
                leptos_axum::redirect("/verify-email?done=1");
            }
            Ok(())
        }
        .await,
    )
}

/// Mails the signed-in user a new verification link (at most three an
/// hour).
#[server(endpoint = "auth/verify_email_resend")]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::server::{recovery, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            recovery::resend_verification(&state, &user).await?;
            if crate::error::wants_html() {
                leptos_axum::redirect("/dashboard?resent=1");
            }
            Ok(())
        }
        .await,
    )
}

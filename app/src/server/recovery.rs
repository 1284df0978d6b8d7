//! Account recovery (issue 16): "Forgot password?" mails a single-use link
//! valid for an hour; following it sets a new password, clears a lockout,
//! ends every browser session and revokes every API sign-in.

use super::{db, mail, passwords, rate_limit, tokens, AppState};
use crate::error::AppError;
use domain::mail::{check_token, TokenProblem, TokenPurpose};
use domain::{Email, FieldError, Password};
use time::Duration;

const RESET: TokenPurpose = TokenPurpose::PasswordReset;

/// Sends a reset link to `email` if an account has it. The answer is the
/// same either way (no one learns which addresses have accounts); past
/// three links an hour for an address, no more are sent.
pub async fn request_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(AppError::from)?;
    // Per address, whoever asks (the client's own limit is the HTTP layer's).
    rate_limit::check(state, &format!("reset:{}", email.as_str()), 5).await?;
    let Some(found) = db::users::find_credentials(&state.pool, email.as_str()).await? else {
        return Ok(());
    };
    let user = found.user;
    let now = state.clock.now();
    let recent =
        db::mail::tokens_since(&state.pool, user.id, RESET.key(), now - Duration::hours(1)).await?;
    if recent >= RESET.per_hour() {
        tracing::info!(user = %user.id, "password reset links capped for the hour");
        return Ok(());
    }
    let token = tokens::new_refresh_token();
    let link = format!("{}/reset-password?token={token}", state.settings.public_url);
    let mut tx = state.pool.begin().await?;
    db::mail::insert_token(
        &mut *tx,
        &tokens::hash_refresh_token(&token),
        user.id,
        RESET.key(),
        &user.email,
        now,
        now + RESET.lifetime(),
    )
    .await?;
    mail::queue(
        &mut tx,
        state,
        mail::Outgoing {
            user: user.id,
            to_address: &user.email,
            to_name: &user.display_name,
            language: user.language,
            kind: RESET.key(),
            data: serde_json::json!({ "link": link }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn token_refused(problem: TokenProblem) -> AppError {
    let (code, message) = match problem {
        TokenProblem::Unknown => (
            "token_invalid",
            "This reset link is not valid. Ask for a new one.",
        ),
        TokenProblem::Used => (
            "token_used",
            "This reset link was already used. Ask for a new one.",
        ),
        TokenProblem::Expired => (
            "token_expired",
            "This reset link has expired (links work for one hour). Ask for a new one.",
        ),
    };
    AppError::validation(vec![FieldError::new("token", code, message)])
}

/// Sets `password` for the account the reset `token` was sent to. Every
/// other sign-in ends: browser sessions at their next request, API token
/// families at once; the lockout is cleared.
pub async fn confirm_reset(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let password = Password::parse(password).map_err(AppError::from)?;
    let hash = passwords::hash(&password).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = db::mail::token_for_update(
        &mut *tx,
        &tokens::hash_refresh_token(token.trim()),
        RESET.key(),
    )
    .await?
    .ok_or_else(|| token_refused(TokenProblem::Unknown))?;
    check_token(row.used_at, row.expires_at, now).map_err(token_refused)?;
    db::mail::set_password(&mut *tx, row.user_id, &hash, now).await?;
    db::mail::use_tokens(&mut *tx, row.user_id, RESET.key(), now).await?;
    db::tokens::revoke_all_families(&mut *tx, row.user_id, "password_reset", now).await?;
    tx.commit().await?;
    tracing::info!(user = %row.user_id, "password reset");
    Ok(())
}

//! Mailed links (issue 16). "Forgot password?" mails a single-use link
//! valid for an hour; following it sets a new password, clears a lockout,
//! ends every browser session and revokes every API sign-in. A new account
//! is mailed a link that verifies its address (two days; a resend while it
//! is not verified).

use super::{db, mail, passwords, rate_limit, tokens, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use domain::mail::{check_token, TokenProblem, TokenPurpose};
use domain::{Email, FieldError, Password};
use time::Duration;

const RESET: TokenPurpose = TokenPurpose::PasswordReset;
const VERIFY: TokenPurpose = TokenPurpose::VerifyEmail;

/// Links of `purpose` sent to `user` in the last hour: `Some(seconds)` to
/// wait when they are at the cap.
async fn capped(
    state: &AppState,
    user: &User,
    purpose: TokenPurpose,
) -> Result<Option<u64>, AppError> {
    let now = state.clock.now();
    let hour = Duration::hours(1);
    let (sent, first) =
        db::mail::tokens_since(&state.pool, user.id, purpose.key(), now - hour).await?;
    Ok((sent >= purpose.per_hour())
        .then(|| domain::retry_after_secs(first.unwrap_or(now) + hour, now)))
}

/// Writes a `purpose` link for `user` and queues its mail in `tx`; the link
/// opens `path` on the site.
async fn queue_link(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: &User,
    purpose: TokenPurpose,
    path: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let token = tokens::new_refresh_token();
    let link = format!("{}{path}?token={token}", state.settings.public_url);
    db::mail::insert_token(
        &mut *tx,
        &tokens::hash_refresh_token(&token),
        user.id,
        purpose.key(),
        &user.email,
        now,
        now + purpose.lifetime(),
    )
    .await?;
    mail::queue(
        tx,
        state,
        mail::Outgoing {
            user: user.id,
            to_address: &user.email,
            to_name: &user.display_name,
            language: user.language,
            kind: purpose.key(),
            data: serde_json::json!({ "link": link }),
        },
    )
    .await?;
    Ok(())
}

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
    if capped(state, &user, RESET).await?.is_some() {
        tracing::info!(user = %user.id, "password reset links capped for the hour");
        return Ok(());
    }
    let mut tx = state.pool.begin().await?;
    queue_link(&mut tx, state, &user, RESET, "/reset-password").await?;
    tx.commit().await?;
    Ok(())
}

/// What a link that does not work is called, by the page it opens.
fn token_refused(purpose: TokenPurpose, problem: TokenProblem) -> AppError {
    let (what, lifetime) = match purpose {
        TokenPurpose::PasswordReset => ("reset link", "one hour"),
        TokenPurpose::VerifyEmail => ("verification link", "two days"),
    };
    let (code, message) = match problem {
        TokenProblem::Unknown => (
            "token_invalid",
            format!("This {what} is not valid. Ask for a new one."),
        ),
        TokenProblem::Used => (
            "token_used",
            format!("This {what} was already used. Ask for a new one."),
        ),
        TokenProblem::Expired => (
            "token_expired",
            format!("This {what} has expired (links work for {lifetime}). Ask for a new one."),
        ),
    };
    AppError::validation(vec![FieldError::new("token", code, message)])
}

/// The link's stored row, locked until `tx` ends, if it may be used now.
async fn usable_token(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    purpose: TokenPurpose,
    token: &str,
) -> Result<db::mail::TokenRow, AppError> {
    let refused = |problem| token_refused(purpose, problem);
    let row = db::mail::token_for_update(
        &mut *tx,
        &tokens::hash_refresh_token(token.trim()),
        purpose.key(),
    )
    .await?
    .ok_or_else(|| refused(TokenProblem::Unknown))?;
    check_token(row.used_at, row.expires_at, state.clock.now()).map_err(refused)?;
    Ok(row)
}

/// Sets `password` for the account the reset `token` was sent to. Every
/// other sign-in ends: browser sessions at their next request, API token
/// families at once; the lockout is cleared.
pub async fn confirm_reset(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let password = Password::parse(password).map_err(AppError::from)?;
    let hash = passwords::hash(&password).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = usable_token(&mut tx, state, RESET, token).await?;
    db::mail::set_password(&mut *tx, row.user_id, &hash, now).await?;
    db::mail::use_tokens(&mut *tx, row.user_id, RESET.key(), now).await?;
    db::tokens::revoke_all_families(&mut *tx, row.user_id, "password_reset", now).await?;
    tx.commit().await?;
    tracing::info!(user = %row.user_id, "password reset");
    Ok(())
}

/// Queues the verification mail of a new account in the transaction that
/// creates it.
pub async fn queue_verification(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: &User,
) -> Result<(), AppError> {
    queue_link(tx, state, user, VERIFY, "/verify-email").await
}

/// Mails `caller` a new verification link: 409 when the address is already
/// verified, 429 past three links an hour.
pub async fn resend_verification(state: &AppState, caller: &User) -> Result<(), AppError> {
    if caller.email_verified {
        return Err(AppError::conflict(
            "This e-mail address is already verified.",
        ));
    }
    if let Some(wait) = capped(state, caller, VERIFY).await? {
        return Err(AppError {
            message: format!(
                "A verification link was sent {} times in the last hour. Try again in {} minutes.",
                VERIFY.per_hour(),
                wait.div_ceil(60)
            ),
            ..AppError::rate_limited(wait)
        });
    }
    let mut tx = state.pool.begin().await?;
    queue_verification(&mut tx, state, caller).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks the address the verification `token` was sent to as verified. A
/// link for an address the account no longer has does not verify the new
/// one.
pub async fn confirm_verification(state: &AppState, token: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let row = usable_token(&mut tx, state, VERIFY, token).await?;
    if !db::mail::set_verified(&mut *tx, row.user_id, &row.email, now).await? {
        return Err(token_refused(VERIFY, TokenProblem::Unknown));
    }
    db::mail::use_tokens(&mut *tx, row.user_id, VERIFY.key(), now).await?;
    tx.commit().await?;
    tracing::info!(user = %row.user_id, "e-mail verified");
    Ok(())
}

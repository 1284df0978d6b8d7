//! Leaving the platform (issue 15, requirement 12.5): a user downloads
//! everything kept about them, deletes the account with the password
//! re-entered, and the purge removes their personal data 30 days later.
//!
//! Deletion hides the account in one transaction: no sign-in, no session
//! (each ends at its next request, as the account is no longer found), no
//! token; out of search, matches and public pages; "Deleted user" in
//! others' chats and deals. The purge runs on every instance; each account
//! is claimed with `FOR UPDATE SKIP LOCKED`, so it is purged once.

use super::{auth, db, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use domain::FieldError;
use time::{Duration, OffsetDateTime};

/// How long a deleted account's data is kept before the purge.
pub const PURGE_AFTER: Duration = Duration::days(30);

/// Everything kept about the caller, as one JSON document.
pub async fn export(state: &AppState, caller: &User) -> Result<serde_json::Value, AppError> {
    let mut data = db::erasure::export(&state.pool, caller.id).await?;
    if let Some(object) = data.as_object_mut() {
        object.insert(
            "exported_at".into(),
            state
                .clock
                .now()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
                .into(),
        );
    }
    Ok(data)
}

/// Deletes the caller's account after checking `password` (with the
/// sign-in lockout, so it cannot be guessed here either). Returns when the
/// data will be purged.
pub async fn delete_account(
    state: &AppState,
    caller: &User,
    password: &str,
) -> Result<OffsetDateTime, AppError> {
    match auth::authenticate(state, &caller.email, password).await {
        Ok(_) => {}
        Err(e) if e.code == ErrorCode::InvalidCredentials => {
            return Err(AppError::validation(vec![FieldError::new(
                "password",
                "password_wrong",
                "That is not this account's password.",
            )]))
        }
        Err(e) => return Err(e),
    }
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let ended = db::erasure::hide(&mut tx, caller.id, now)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    for chat in ended {
        db::chats::announce_change(&mut *tx, chat).await?;
    }
    tx.commit().await?;
    tracing::info!(user = %caller.id, "account deleted; purge due in 30 days");
    Ok(now + PURGE_AFTER)
}

/// Purges every account deleted more than 30 days ago: its rows and its
/// files, nothing of anyone else. Returns how many were purged.
pub async fn purge_due(state: &AppState) -> Result<usize, AppError> {
    let mut purged = 0;
    loop {
        let now = state.clock.now();
        let mut tx = state.pool.begin().await?;
        let Some(user) = db::erasure::claim_due(&mut tx, now - PURGE_AFTER).await? else {
            break;
        };
        // The files go while the row is locked, before the rows that name
        // them: if the commit fails, the next pass finds the rows and
        // deletes again (deleting a missing file succeeds).
        for key in db::erasure::file_keys(&mut tx, user).await? {
            state.objects.delete(&key).await?;
        }
        db::erasure::purge(&mut tx, user, now).await?;
        tx.commit().await?;
        tracing::info!(%user, "deleted account purged");
        purged += 1;
    }
    Ok(purged)
}

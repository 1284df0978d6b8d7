//! Browser sessions: who is signed in, with an absolute timeout on top of the
//! session layer's idle timeout.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use tower_sessions::Session;
use uuid::Uuid;

const USER_ID: &str = "user_id";
const SIGNED_IN_AT: &str = "signed_in_at";

/// Binds `user` to the session under a fresh id (no session fixation).
pub async fn start(state: &AppState, session: &Session, user: &User) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user.id).await?;
    session
        .insert(SIGNED_IN_AT, state.clock.now().unix_timestamp())
        .await?;
    Ok(())
}

pub async fn end(session: &Session) -> Result<(), AppError> {
    Ok(session.flush().await?)
}

/// The signed-in user, or `None` when there is none or the session is older
/// than the absolute timeout (which then ends it).
pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(id) = session.get::<Uuid>(USER_ID).await? else {
        return Ok(None);
    };
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await?.unwrap_or(0);
    let age = state.clock.now().unix_timestamp() - signed_in_at;
    if age > state.settings.session_absolute_timeout.whole_seconds() {
        end(session).await?;
        return Ok(None);
    }
    let signed_in = time::OffsetDateTime::from_unix_timestamp(signed_in_at)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let user = db::users::find_signed_in(&state.pool, id, signed_in).await?;
    if user.is_none() {
        end(session).await?;
    }
    Ok(user)
}

/// The signed-in user, or `unauthorized`.
pub async fn require_user(state: &AppState, session: &Session) -> Result<User, AppError> {
    current_user(state, session)
        .await?
        .ok_or_else(AppError::unauthorized)
}

/// The state and signed-in user of the current server-function call.
pub async fn caller() -> Result<(AppState, User), AppError> {
    let state = AppState::from_context()?;
    let session = leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = ?e, "session layer missing");
        AppError::internal()
    })?;
    let user = require_user(&state, &session).await?;
    Ok((state, user))
}

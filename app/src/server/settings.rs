//! The user's own settings (issue 5): the time zone dates are read in.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::settings::UserSettings;

pub async fn get(state: &AppState, caller: &User) -> Result<UserSettings, AppError> {
    Ok(UserSettings {
        time_zone: db::users::time_zone(&state.pool, caller.id).await?,
    })
}

/// Sets the caller's time zone (an IANA name Postgres knows).
pub async fn save(
    state: &AppState,
    caller: &User,
    settings: &UserSettings,
) -> Result<UserSettings, AppError> {
    let zone = settings.time_zone.trim();
    if zone.is_empty()
        || zone.len() > 64
        || !db::users::set_time_zone(&state.pool, caller.id, zone).await?
    {
        return Err(AppError::from(domain::FieldError::new(
            "time_zone",
            "unknown_time_zone",
            "Choose a time zone such as Asia/Kolkata, Europe/London or America/New_York.",
        )));
    }
    get(state, caller).await
}

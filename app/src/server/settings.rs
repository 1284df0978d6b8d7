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
    let zone = domain::TimeZoneName::parse(&settings.time_zone).map_err(AppError::from)?;
    if !db::users::set_time_zone(&state.pool, caller.id, zone.as_str()).await? {
        return Err(AppError::from(domain::TimeZoneName::unknown()));
    }
    get(state, caller).await
}

//! The user's own settings: the time zone dates are read in (issue 5) and the
//! language the product speaks to them in (issue 14).

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::settings::{SettingsUpdate, UserSettings};
use domain::Language;

pub async fn get(state: &AppState, caller: &User) -> Result<UserSettings, AppError> {
    Ok(UserSettings {
        time_zone: db::users::time_zone(&state.pool, caller.id).await?,
        language: db::users::language(&state.pool, caller.id).await?,
    })
}

/// Changes what `update` names, all or nothing: a time zone Postgres knows
/// and one of the six language codes.
pub async fn save(
    state: &AppState,
    caller: &User,
    update: &SettingsUpdate,
) -> Result<UserSettings, AppError> {
    let language = update
        .language
        .as_deref()
        .map(|raw| Language::parse(raw, "language"))
        .transpose()
        .map_err(AppError::from)?;
    let zone = update
        .time_zone
        .as_deref()
        .map(domain::TimeZoneName::parse)
        .transpose()
        .map_err(AppError::from)?;
    let mut tx = state.pool.begin().await?;
    if let Some(zone) = zone {
        if !db::users::set_time_zone(&mut *tx, caller.id, zone.as_str()).await? {
            return Err(AppError::from(domain::TimeZoneName::unknown()));
        }
    }
    if let Some(language) = language {
        db::users::set_language(&mut *tx, caller.id, language).await?;
    }
    tx.commit().await?;
    get(state, caller).await
}

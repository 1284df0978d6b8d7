//! Creator profiles: read any creator's, save your own. Saving queues the
//! profile for (re-)embedding in the same transaction, so a saved profile is
//! never left un-indexed.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::creator::CreatorProfile;
use domain::profile_input::ProfileInput;
use domain::Role;
use uuid::Uuid;

/// The job that embeds one creator profile.
pub const EMBED_JOB: &str = "embed_creator_profile";

pub async fn get(state: &AppState, creator: Uuid) -> Result<CreatorProfile, AppError> {
    db::profiles::find(&state.pool, creator)
        .await?
        .ok_or_else(|| AppError::not_found("That creator"))
}

fn require_creator(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Creator {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only creator accounts have a creator profile.",
        ))
    }
}

pub async fn get_own(state: &AppState, caller: &User) -> Result<CreatorProfile, AppError> {
    require_creator(caller)?;
    get(state, caller.id).await
}

pub async fn save_own(
    state: &AppState,
    caller: &User,
    input: ProfileInput,
) -> Result<CreatorProfile, AppError> {
    require_creator(caller)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    db::profiles::upsert(&mut *tx, caller.id, &input, now).await?;
    let key = format!("embed:creator:{}", caller.id);
    let payload = serde_json::json!({ "creator_id": caller.id });
    db::jobs::enqueue(&mut *tx, EMBED_JOB, &payload, Some(&key), now, now).await?;
    tx.commit().await?;
    get(state, caller.id).await
}

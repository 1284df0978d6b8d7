//! Creator profiles: read any creator's, save your own. Saving queues the
//! profile for (re-)embedding in the same transaction, so a saved profile is
//! never left un-indexed.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::creator::CreatorProfile;
use domain::moderation::Context;
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

/// A creator's profile as `caller` may see it (rates for brands only); one
/// held for review or removed is seen by its creator and admins only.
pub async fn view(
    state: &AppState,
    caller: &User,
    creator: Uuid,
) -> Result<CreatorProfile, AppError> {
    let profile = get(state, creator).await?;
    if !profile.moderation.status.is_public() && caller.id != creator && caller.role != Role::Admin
    {
        return Err(AppError::not_found("That creator"));
    }
    if caller.role == Role::Admin && profile.rate.is_some() {
        super::moderation_queue::log_access(state, caller, Some(creator), "creator_rates").await?;
    }
    Ok(profile.for_viewer(caller.id, caller.role))
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
    super::moderation::require_active(caller)?;
    let bio = input.bio.as_str();
    let verdict = super::moderation::check(state, Context::Listing, &[("bio", bio)]).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    db::profiles::upsert(&mut *tx, caller.id, &input, &verdict, now).await?;
    let case = db::moderation::Target::Profile(caller.id);
    super::moderation::record(&mut tx, case, caller.id, &verdict, bio, now).await?;
    queue_embedding(&mut tx, caller.id, now).await?;
    tx.commit().await?;
    get(state, caller.id).await
}

/// Queues (re-)embedding of a creator's profile, once however often it changes.
pub async fn queue_embedding(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    creator: Uuid,
    now: time::OffsetDateTime,
) -> Result<(), AppError> {
    let key = format!("embed:creator:{creator}");
    let payload = serde_json::json!({ "creator_id": creator });
    db::jobs::enqueue(&mut **tx, EMBED_JOB, &payload, Some(&key), now, now).await?;
    Ok(())
}

/// The `embed_creator_profile` job: embeds the current profile text and
/// stores it with its model (see `ai::index_document`).
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let id = super::ai::id_from(&payload, "creator_id")?;
    let Some(source) = db::profiles::embedding_source(&state.pool, id)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // the profile is gone; nothing to index
    };
    let (vector, model) =
        super::ai::embed_document(&state, source.text, super::ai::TextRole::Passage).await?;
    let changed = db::embeddings::store(
        &state.pool,
        db::embeddings::Indexed::CreatorProfiles,
        id,
        &vector,
        &model,
        source.updated_at,
    )
    .await
    .map_err(|e| e.to_string())?;
    super::ai::retry_if_changed(changed)
}

/// Every job kind this module handles.
pub fn register_jobs(handlers: super::jobs::Handlers) -> super::jobs::Handlers {
    handlers.register(EMBED_JOB, embed_job)
}

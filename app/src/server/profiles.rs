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

/// The `embed_creator_profile` job: embeds the current profile text and
/// stores it with its model. A profile saved again meanwhile fails the job
/// so that it runs again (after a short backoff) on the newer text.
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    use super::ai::{to_pgvector, Embedder, TextRole};
    let id: Uuid = payload
        .get("creator_id")
        .and_then(|v| v.as_str())
        .and_then(|v| Uuid::parse_str(v).ok())
        .ok_or("payload has no creator_id")?;
    let provider = state
        .embeddings
        .as_ref()
        .ok_or("no embedding provider is configured")?;
    let Some(source) = db::profiles::embedding_source(&state.pool, id)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // the profile is gone; nothing to index
    };
    let vector = provider
        .embed(vec![source.text], TextRole::Passage)
        .await
        .map_err(|e| e.message)?
        .pop()
        .ok_or("the provider returned no vector")?;
    let changed = db::profiles::store_embedding(
        &state.pool,
        id,
        &to_pgvector(&vector),
        provider.model(),
        source.updated_at,
    )
    .await
    .map_err(|e| e.to_string())?;
    if changed {
        return Err(
            "the profile changed while it was embedded; embedding the newer version".into(),
        );
    }
    Ok(())
}

/// Every job kind this module handles.
pub fn register_jobs(handlers: super::jobs::Handlers) -> super::jobs::Handlers {
    handlers.register(EMBED_JOB, embed_job)
}

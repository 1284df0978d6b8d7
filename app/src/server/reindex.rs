//! Re-embedding after a model change: every stored vector records the model
//! that made it, so the ones made by another model can be found and queued.

use super::{db, profiles, requests, AppState};
use crate::error::AppError;
use uuid::Uuid;

/// Queues every profile and request whose vector was not made by `model`
/// (or all of them with `everything`); returns (profiles, requests) queued.
pub async fn queue_stale(
    state: &AppState,
    model: &str,
    everything: bool,
) -> Result<(usize, usize), AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let creators = db::embeddings::stale(
        &mut *tx,
        db::embeddings::Indexed::CreatorProfiles,
        model,
        everything,
    )
    .await?;
    for id in &creators {
        profiles::queue_embedding(&mut tx, *id, now).await?;
    }
    let briefs: Vec<Uuid> = db::embeddings::stale(
        &mut *tx,
        db::embeddings::Indexed::CollaborationRequests,
        model,
        everything,
    )
    .await?;
    for id in &briefs {
        requests::queue_embedding(&mut tx, *id, now).await?;
    }
    tx.commit().await?;
    Ok((creators.len(), briefs.len()))
}

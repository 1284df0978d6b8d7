//! Portfolio samples: creators add and remove text, image and video-link
//! samples; images go to the object store. Every change re-embeds the
//! profile (samples are part of what it is matched on).

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::creator::PortfolioItem;
use db::portfolio::StoredImage;
use domain::moderation::Context;
use domain::portfolio::{check_image, PortfolioInput, PortfolioKind, MAX_ITEMS};
use domain::{FieldError, Role};
use uuid::Uuid;

fn require_creator(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Creator {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only creator accounts have a portfolio.",
        ))
    }
}

/// `creator`'s samples as `viewer` may see them: those held for review or
/// removed are shown to their creator and admins only.
pub async fn list(
    state: &AppState,
    viewer: &User,
    creator: Uuid,
) -> Result<Vec<PortfolioItem>, AppError> {
    let all = viewer.id == creator || viewer.role == Role::Admin;
    Ok(db::portfolio::list(&state.pool, creator, all).await?)
}

/// Adds a sample. `file` is the uploaded image of an image sample.
pub async fn add(
    state: &AppState,
    caller: &User,
    input: PortfolioInput,
    file: Option<Vec<u8>>,
) -> Result<PortfolioItem, AppError> {
    require_creator(caller)?;
    super::moderation::require_active(caller)?;
    let body = input.body.as_ref().map(|b| b.as_str()).unwrap_or("");
    let fields = [("title", input.title.as_str()), ("body", body)];
    let verdict = super::moderation::check(state, Context::Listing, &fields).await?;
    let id = Uuid::now_v7();
    let image = match (input.kind, file) {
        (PortfolioKind::Image, Some(bytes)) => {
            let kind = check_image(&bytes).map_err(|e| AppError::validation(vec![e]))?;
            let stored = StoredImage {
                key: format!("portfolio/{}/{id}.{}", caller.id, kind.extension()),
                content_type: kind.content_type().to_owned(),
            };
            Some((stored, bytes))
        }
        (PortfolioKind::Image, None) => {
            return Err(AppError::validation(vec![FieldError::new(
                "file",
                "required",
                "Choose an image to upload.",
            )]))
        }
        _ => None,
    };

    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    db::portfolio::ensure_profile(&mut *tx, caller.id, now).await?;
    // The profile row is locked by the next statement until commit, so the
    // count below holds under concurrent uploads.
    db::portfolio::touch_profile(&mut *tx, caller.id, now).await?;
    if db::portfolio::count(&mut *tx, caller.id).await? >= MAX_ITEMS as i64 {
        return Err(AppError::conflict(format!(
            "A portfolio holds at most {MAX_ITEMS} samples; remove one first."
        )));
    }
    db::portfolio::insert(
        &mut *tx,
        id,
        caller.id,
        &input,
        image.as_ref().map(|(s, _)| s),
        &verdict,
        now,
    )
    .await?;
    let case = db::moderation::Target::PortfolioItem(id);
    let excerpt = format!("{}\n\n{body}", input.title.as_str());
    super::moderation::record(&mut tx, case, caller.id, &verdict, &excerpt, now).await?;
    super::profiles::queue_embedding(&mut tx, caller.id, now).await?;
    // The file is written before the commit: if writing fails nothing is
    // recorded; if the commit fails an unreferenced file is left behind,
    // which is harmless.
    if let Some((stored, bytes)) = image {
        state
            .objects
            .put(&stored.key, bytes, &stored.content_type)
            .await?;
    }
    tx.commit().await?;
    let items = db::portfolio::list(&state.pool, caller.id, true).await?;
    items
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(AppError::internal)
}

pub async fn delete(state: &AppState, caller: &User, id: Uuid) -> Result<(), AppError> {
    require_creator(caller)?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let key = db::portfolio::delete(&mut *tx, caller.id, id)
        .await?
        .ok_or_else(|| AppError::not_found("That portfolio sample"))?;
    db::portfolio::touch_profile(&mut *tx, caller.id, now).await?;
    super::profiles::queue_embedding(&mut tx, caller.id, now).await?;
    tx.commit().await?;
    if let Some(key) = key {
        // After the commit: a failed delete leaves an unreferenced file.
        if let Err(e) = state.objects.delete(&key).await {
            tracing::warn!(key, error = %e.message, "could not delete a portfolio image");
        }
    }
    Ok(())
}

/// A portfolio image and its content type, for serving.
pub async fn image(state: &AppState, id: Uuid) -> Result<(Vec<u8>, String), AppError> {
    let not_found = || AppError::not_found("That image");
    let stored = db::portfolio::image(&state.pool, id)
        .await?
        .ok_or_else(not_found)?;
    let bytes = state
        .objects
        .get(&stored.key)
        .await?
        .ok_or_else(not_found)?;
    Ok((bytes, stored.content_type))
}

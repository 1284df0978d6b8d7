//! In-app notifications (issue 4): each user reads and clears their own.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::collab::Notification;

pub const DEFAULT_PAGE: i64 = 30;
pub const MAX_PAGE: i64 = 100;
/// At most this many ids per "mark read" call.
pub const MAX_IDS: usize = 500;

/// A page of the caller's notifications (newest first) and the unread count.
pub async fn list(
    state: &AppState,
    caller: &User,
    before_id: Option<i64>,
    limit: Option<i64>,
) -> Result<(Vec<Notification>, i64), AppError> {
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let locale = crate::components::locale_of(caller.language);
    let items = db::notifications::list(&state.pool, caller.id, before_id, limit)
        .await?
        .into_iter()
        .map(|r| {
            let mut n = Notification {
                id: r.id,
                kind: r.kind,
                data: r.data.0,
                text: String::new(),
                created_at: r.created_at,
                read_at: r.read_at,
            };
            n.text = crate::words::notification(locale, &n).0;
            n
        })
        .collect();
    Ok((items, unread(state, caller).await?))
}

pub async fn unread(state: &AppState, caller: &User) -> Result<i64, AppError> {
    Ok(db::notifications::unread_count(&state.pool, caller.id).await?)
}

/// Marks some (`ids`) or all (`None`) of the caller's notifications read;
/// returns the unread count after.
pub async fn mark_read(
    state: &AppState,
    caller: &User,
    ids: Option<&[i64]>,
) -> Result<i64, AppError> {
    if ids.is_some_and(|ids| ids.len() > MAX_IDS) {
        return Err(AppError::from(domain::FieldError::new(
            "ids",
            "too_many",
            format!("Mark at most {MAX_IDS} at once, or all."),
        )));
    }
    db::notifications::mark_read(&state.pool, caller.id, ids, state.clock.now()).await?;
    unread(state, caller).await
}

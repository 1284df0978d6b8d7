//! `/api/v1/notifications`: the caller's own notifications.

use super::error::{ApiJson, ApiQuery, ApiResult, ErrorBody};
use super::extract::BearerUser;
use app::features::collab::Notification;
use app::server::{notifications, AppState};
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    /// Newest first.
    pub items: Vec<Notification>,
    pub unread: i64,
}

#[derive(Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationPage {
    /// Older than this id (the next page).
    pub before_id: Option<i64>,
    /// At most this many (default 30, at most 100).
    pub limit: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MarkRead {
    /// These notifications; without ids, all of them.
    pub ids: Option<Vec<i64>>,
}

/// The caller's notifications and how many are unread.
#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "list_notifications", tag = "notifications", security(("bearer" = [])),
    params(NotificationPage),
    responses((status = 200, description = "One page of notifications and the unread count", body = NotificationList), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(page): ApiQuery<NotificationPage>,
) -> ApiResult<Json<NotificationList>> {
    let (items, unread) =
        notifications::list(&state, &caller.user, page.before_id, page.limit).await?;
    Ok(Json(NotificationList { items, unread }))
}

/// Mark one, some (`{ids}`) or all (`{}`) of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", operation_id = "mark_notifications_read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead,
    responses((status = 200, description = "How many are still unread", body = UnreadCount), (status = 422, description = "More than 500 ids", body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<MarkRead>,
) -> ApiResult<Json<UnreadCount>> {
    let unread = notifications::mark_read(&state, &caller.user, body.ids.as_deref()).await?;
    Ok(Json(UnreadCount { unread }))
}

//! `/api/v1/admin/moderation`, `/api/v1/admin/access-log`,
//! `/api/v1/admin/outbox` (admins) and
//! `/api/v1/moderation/{id}/appeal` (authors).

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::admin::{AccessEntry, CasePage, ModerationCase, OutboxPage};
use app::server::moderation_queue::{self, Appealed};
use app::server::AppState;
use app::AppError;
use axum::extract::State;
use axum::Json;
use domain::moderation::queue::QueueForm;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The moderation queue: newest first unless `order=oldest`; by default the
/// cases waiting for a moderator (open and appealed).
#[utoipa::path(get, path = "/api/v1/admin/moderation", operation_id = "list_moderation_cases", tag = "moderation", security(("bearer" = [])),
    params(QueueForm),
    responses(
        (status = 200, description = "One page of cases; `next_before_id` asks for the next", body = CasePage),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "A filter is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn queue(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(form): ApiQuery<QueueForm>,
) -> ApiResult<Json<CasePage>> {
    moderation_queue::require_admin(&caller.user)?;
    let query = form.parse().map_err(AppError::validation)?;
    Ok(Json(
        moderation_queue::list(&state, &caller.user, &query).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CaseResponse {
    pub case: ModerationCase,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DecisionForm {
    /// `approve`, `remove`, `warn`, `suspend` or `reinstate`.
    pub action: String,
    /// Why, for the record and for the author (1–2 000 characters).
    pub note: String,
}

/// Decide a case: the item and the account follow, the decision is recorded
/// with its note, and the author and the reporters are told.
#[utoipa::path(post, path = "/api/v1/admin/moderation/{id}/decision", operation_id = "decide_moderation_case", tag = "moderation", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = DecisionForm,
    responses(
        (status = 200, description = "The case after the decision, with its history", body = CaseResponse),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "The case cannot take this decision now (decided, or not appealed)", body = ErrorBody),
        (status = 422, description = "An unknown action or a missing note", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<DecisionForm>,
) -> ApiResult<Json<CaseResponse>> {
    moderation_queue::require_admin(&caller.user)?;
    let id = uuid_or_404(&id, "That case")?;
    let case = moderation_queue::decide(&state, &caller.user, id, &form.action, &form.note).await?;
    Ok(Json(CaseResponse { case }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AppealForm {
    /// Why the decision should change (1–2 000 characters).
    pub statement: String,
}

#[derive(Serialize, ToSchema)]
pub struct AppealResponse {
    pub appeal: Appealed,
}

/// Appeal a removal or a suspension, once; the case goes back to the queue.
#[utoipa::path(post, path = "/api/v1/moderation/{id}/appeal", operation_id = "appeal_moderation_case", tag = "moderation", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = AppealForm,
    responses(
        (status = 200, description = "Appealed", body = AppealResponse),
        (status = 404, description = "No such case of the caller's", body = ErrorBody),
        (status = 409, description = "Already appealed, or nothing to appeal", body = ErrorBody),
        (status = 422, description = "The statement is missing or too long", body = ErrorBody),
    ))]
pub async fn appeal(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<AppealForm>,
) -> ApiResult<Json<AppealResponse>> {
    let id = uuid_or_404(&id, "That case")?;
    let appeal = moderation_queue::appeal(&state, &caller.user, id, &form.statement).await?;
    Ok(Json(AppealResponse { appeal }))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct AccessQuery {
    /// The last `id` of the page before.
    pub before_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLog {
    pub items: Vec<AccessEntry>,
}

/// Who among the admins saw which user's private fields, newest first.
#[utoipa::path(get, path = "/api/v1/admin/access-log", operation_id = "list_access_log", tag = "moderation", security(("bearer" = [])),
    params(AccessQuery),
    responses(
        (status = 200, description = "Fifty entries, newest first", body = AccessLog),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn access_log(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(query): ApiQuery<AccessQuery>,
) -> ApiResult<Json<AccessLog>> {
    let items = moderation_queue::access_log(&state, &caller.user, query.before_id).await?;
    Ok(Json(AccessLog { items }))
}

/// The outbox: every message queued, newest first, twenty a page, rendered
/// as it is (or would be) received, with its headers, status and last error.
#[utoipa::path(get, path = "/api/v1/admin/outbox", operation_id = "list_outbox", tag = "moderation", security(("bearer" = [])),
    params(domain::mail::OutboxForm),
    responses(
        (status = 200, description = "One page; `next_before_id` asks for the next", body = OutboxPage),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "A filter is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn outbox(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(form): ApiQuery<domain::mail::OutboxForm>,
) -> ApiResult<Json<OutboxPage>> {
    Ok(Json(
        app::server::mail::outbox(&state, &caller.user, &form).await?,
    ))
}

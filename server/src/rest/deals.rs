//! `/api/v1/chats/{id}/deal` and `/api/v1/deals`: terms proposed, revised
//! and confirmed by the two parties of a chat window.

use super::error::{optional_json, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::collab::Deal;
use app::server::{deals, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use domain::DealForm;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct DealResponse {
    pub deal: Deal,
}

#[derive(Serialize, ToSchema)]
pub struct DealList {
    pub items: Vec<Deal>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ConfirmBody {
    /// Confirm only if these are still the current terms.
    pub version: Option<i32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DealFilter {
    /// `confirmed` for confirmed deals only.
    pub status: Option<String>,
}

/// Propose terms in a chat, or change them (a new version; confirmations
/// start again).
#[utoipa::path(post, path = "/api/v1/chats/{id}/deal", operation_id = "propose_deal", tag = "deals", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = DealForm, description = "deliverables (1–2 000 characters), timeline (1–300), amount (whole units, > 0), currency (inr, usd, eur, gbp), usage_rights (1–1 000); every field required"),
    responses(
        (status = 200, description = "The deal as it now stands", body = DealResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The chat is closed or expired, or the deal is already confirmed", body = ErrorBody),
        (status = 422, description = "Every invalid field, in `fields`", body = ErrorBody),
    ))]
pub async fn propose(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<DealForm>,
) -> ApiResult<Json<DealResponse>> {
    let chat = uuid_or_404(&id, "That chat")?;
    Ok(Json(DealResponse {
        deal: deals::propose(&state, &caller.user, chat, &form).await?,
    }))
}

/// Confirm the current terms. With both confirmations the deal is final and
/// the chat window closes.
#[utoipa::path(post, path = "/api/v1/deals/{id}/confirm", operation_id = "confirm_deal", tag = "deals", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = ConfirmBody, description = "Optional"),
    responses(
        (status = 200, description = "The deal as it now stands", body = DealResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already confirmed by the caller, the terms changed, or the chat has ended", body = ErrorBody),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    body: Bytes,
) -> ApiResult<Json<DealResponse>> {
    let id = uuid_or_404(&id, "That deal")?;
    let body: ConfirmBody = optional_json(&body, "{\"version\": 2}")?;
    Ok(Json(DealResponse {
        deal: deals::confirm(&state, &caller.user, id, body.version).await?,
    }))
}

/// The caller's deals, either side, newest first.
#[utoipa::path(get, path = "/api/v1/deals", operation_id = "list_deals", tag = "deals", security(("bearer" = [])),
    params(DealFilter),
    responses((status = 200, description = "The caller's deals", body = DealList), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(filter): ApiQuery<DealFilter>,
) -> ApiResult<Json<DealList>> {
    let confirmed_only = filter.status.as_deref() == Some("confirmed");
    Ok(Json(DealList {
        items: deals::list(&state, &caller.user, confirmed_only).await?,
    }))
}

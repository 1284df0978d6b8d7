//! `/api/v1/requests/{id}/interests` and `/api/v1/interests`: creators'
//! interests in requests and the brands' decisions.

use super::error::{optional_json, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::collab::Interest;
use app::server::{interests, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::InterestEvent;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct InterestResponse {
    pub interest: Interest,
}

#[derive(Serialize, ToSchema)]
pub struct InterestList {
    pub items: Vec<Interest>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewInterest {
    /// Optional, at most 1 000 characters.
    pub note: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterestFilter {
    /// Only interests in this request.
    pub request_id: Option<String>,
}

/// Express interest in an active request (creators; once per request).
#[utoipa::path(post, path = "/api/v1/requests/{id}/interests", operation_id = "express_interest", tag = "interests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NewInterest,
    responses(
        (status = 201, description = "Interest expressed; the brand is notified", body = InterestResponse),
        (status = 403, description = "Not a creator account", body = ErrorBody),
        (status = 404, description = "No such active request", body = ErrorBody),
        (status = 409, description = "Already expressed interest in this request", body = ErrorBody),
        (status = 422, description = "The note is too long", body = ErrorBody),
    ))]
pub async fn express(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<InterestResponse>)> {
    let id = uuid_or_404(&id, "That collaboration request")?;
    // The body is optional: no body means no note.
    let body: NewInterest = optional_json(&body, "{\"note\": \"…\"}")?;
    let interest = interests::express(&state, &caller.user, id, body.note.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(InterestResponse { interest })))
}

/// The caller's interests: sent (creator) or received (brand), newest first.
#[utoipa::path(get, path = "/api/v1/interests", operation_id = "list_interests", tag = "interests", security(("bearer" = [])),
    params(InterestFilter),
    responses((status = 200, description = "Interests in the caller's requests (brands) or the caller's own (creators)", body = InterestList), (status = 401, body = ErrorBody), (status = 404, description = "`request_id` names no request of the caller's", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(filter): ApiQuery<InterestFilter>,
) -> ApiResult<Json<InterestList>> {
    let request = match filter.request_id.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(uuid_or_404(raw, "That collaboration request")?),
    };
    Ok(Json(InterestList {
        items: interests::list(&state, &caller.user, request).await?,
    }))
}

async fn decide(
    state: AppState,
    caller: BearerUser,
    id: String,
    event: InterestEvent,
) -> ApiResult<Json<InterestResponse>> {
    let id = uuid_or_404(&id, "That interest")?;
    Ok(Json(InterestResponse {
        interest: interests::decide(&state, &caller.user, id, event).await?,
    }))
}

/// Accept a pending interest (the request's brand): opens a 48-hour chat.
#[utoipa::path(post, path = "/api/v1/interests/{id}/accept", operation_id = "accept_interest", tag = "interests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "`interest.chat_id` is the new chat window", body = InterestResponse),
        (status = 404, description = "No such interest in the caller's requests", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<InterestResponse>> {
    decide(state, caller, id, InterestEvent::Accept).await
}

/// Reject a pending interest (the request's brand); the creator is told.
#[utoipa::path(post, path = "/api/v1/interests/{id}/reject", operation_id = "reject_interest", tag = "interests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Rejected; the creator is notified", body = InterestResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    ))]
pub async fn reject(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<InterestResponse>> {
    decide(state, caller, id, InterestEvent::Reject).await
}

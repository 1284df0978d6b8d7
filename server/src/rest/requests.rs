//! `/api/v1/requests`: brands' collaboration requests.

use super::error::{ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::requests::CollabRequest;
use app::server::{requests, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::request_input::RequestForm;
use domain::{FieldError, RequestStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct RequestResponse {
    pub request: CollabRequest,
}

#[derive(Serialize, ToSchema)]
pub struct RequestList {
    pub items: Vec<CollabRequest>,
}

#[derive(Deserialize, ToSchema)]
pub struct StatusChange {
    /// `active`, `paused` or `closed`.
    #[serde(default)]
    pub status: String,
}

fn request_id(raw: &str) -> Result<Uuid, AppError> {
    uuid_or_404(raw, "That collaboration request")
}

fn parse_form(
    state: &AppState,
    form: &RequestForm,
) -> Result<domain::request_input::RequestInput, AppError> {
    form.parse(state.clock.now().date()).map_err(AppError::from)
}

/// Post a collaboration request (brands only).
#[utoipa::path(post, path = "/api/v1/requests", operation_id = "create_request", tag = "requests", security(("bearer" = [])),
    request_body = RequestForm,
    responses(
        (status = 201, description = "Posted", body = RequestResponse),
        (status = 403, description = "Not a brand account", body = ErrorBody),
        (status = 422, description = "A field is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(form): ApiJson<RequestForm>,
) -> ApiResult<(StatusCode, Json<RequestResponse>)> {
    let input = parse_form(&state, &form)?;
    let request = requests::create(&state, &caller.user, input).await?;
    Ok((StatusCode::CREATED, Json(RequestResponse { request })))
}

/// The signed-in brand's own requests, newest first.
#[utoipa::path(get, path = "/api/v1/requests", operation_id = "list_own_requests", tag = "requests", security(("bearer" = [])),
    responses((status = 200, description = "The brand's requests, newest first", body = RequestList), (status = 401, body = ErrorBody)))]
pub async fn list_own(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<RequestList>> {
    Ok(Json(RequestList {
        items: requests::list_own(&state, &caller.user).await?,
    }))
}

/// One request: its brand sees it in any state, others only while active.
#[utoipa::path(get, path = "/api/v1/requests/{id}", operation_id = "get_request", tag = "requests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The request", body = RequestResponse), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<RequestResponse>> {
    Ok(Json(RequestResponse {
        request: requests::get(&state, &caller.user, request_id(&id)?).await?,
    }))
}

/// Edit a request (its brand only; not once closed).
#[utoipa::path(put, path = "/api/v1/requests/{id}", operation_id = "update_request", tag = "requests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = RequestForm,
    responses(
        (status = 200, description = "The request", body = RequestResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The request is closed", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<RequestForm>,
) -> ApiResult<Json<RequestResponse>> {
    let id = request_id(&id)?;
    let input = parse_form(&state, &form)?;
    Ok(Json(RequestResponse {
        request: requests::update(&state, &caller.user, id, input).await?,
    }))
}

/// Move a request: active ⇄ paused → closed; closed is final.
#[utoipa::path(post, path = "/api/v1/requests/{id}/status", operation_id = "change_request_status", tag = "requests", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The request", body = RequestResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The move is not allowed; the message says why", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    ))]
pub async fn change_status(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<StatusChange>,
) -> ApiResult<Json<RequestResponse>> {
    let id = request_id(&id)?;
    let target = RequestStatus::from_key(&body.status).ok_or_else(|| {
        AppError::from(FieldError::new(
            "status",
            "status_invalid",
            "Status must be active, paused or closed.",
        ))
    })?;
    Ok(Json(RequestResponse {
        request: requests::change_status(&state, &caller.user, id, target).await?,
    }))
}

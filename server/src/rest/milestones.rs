//! `/api/v1/deals/{id}/milestones` and `/api/v1/milestones/{id}/…`: the
//! payment milestones of a final contract on the manual rail. Other users
//! get 404.

use super::error::{optional_json, ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::workspace::{Milestone, MilestoneAction};
use app::server::{milestones, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MilestoneList {
    pub items: Vec<Milestone>,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneResponse {
    pub milestone: Milestone,
}

/// `POST /api/v1/milestones/{id}/mark-paid`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MarkPaidBody {
    /// The UPI / NEFT / IMPS transaction reference (1–64 characters).
    pub reference: String,
    /// The day it was paid, `YYYY-MM-DD`, not after today.
    pub paid_on: String,
    /// The same key again records nothing more (also `Idempotency-Key`).
    pub idempotency_key: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct KeyBody {
    pub idempotency_key: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DisputeBody {
    /// What is wrong (1–1 000 characters).
    pub reason: String,
    pub idempotency_key: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ResolveBody {
    /// How it was settled (1–1 000 characters).
    pub note: String,
    pub idempotency_key: Option<String>,
}

fn key<'a>(headers: &'a HeaderMap, body: &'a Option<String>) -> Option<&'a str> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .or(body.as_deref())
}

/// The deal's milestones in order, with `days_late` in the caller's day.
#[utoipa::path(get, path = "/api/v1/deals/{id}/milestones", operation_id = "list_milestones", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The payment schedule", body = MilestoneList), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<MilestoneList>> {
    let id = uuid_or_404(&id, "That deal")?;
    Ok(Json(MilestoneList {
        items: milestones::list(&state, &caller.user, id).await?,
    }))
}

async fn run(
    state: &AppState,
    caller: &BearerUser,
    id: &str,
    action: MilestoneAction,
    key: Option<&str>,
) -> ApiResult<Json<MilestoneResponse>> {
    let id = uuid_or_404(id, "That milestone")?;
    Ok(Json(MilestoneResponse {
        milestone: milestones::act(state, &caller.user, id, &action, key).await?,
    }))
}

/// The brand records a payment made outside the product.
#[utoipa::path(post, path = "/api/v1/milestones/{id}/mark-paid", operation_id = "mark_milestone_paid", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = MarkPaidBody,
    responses(
        (status = 200, description = "The milestone, `marked_paid` (or as it stands, for a repeated key)", body = MilestoneResponse),
        (status = 403, description = "Only the brand records a payment", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not payable now", body = ErrorBody),
        (status = 422, description = "No reference, or a day to come", body = ErrorBody),
    ))]
pub async fn mark_paid(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<MarkPaidBody>,
) -> ApiResult<Json<MilestoneResponse>> {
    let action = MilestoneAction::MarkPaid {
        reference: body.reference,
        paid_on: body.paid_on,
    };
    run(
        &state,
        &caller,
        &id,
        action,
        key(&headers, &body.idempotency_key),
    )
    .await
}

/// The creator confirms that the money arrived.
#[utoipa::path(post, path = "/api/v1/milestones/{id}/confirm", operation_id = "confirm_milestone", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = KeyBody, description = "Optional"),
    responses(
        (status = 200, description = "The milestone, `completed`", body = MilestoneResponse),
        (status = 403, description = "Only the creator confirms", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Nothing to confirm now", body = ErrorBody),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<MilestoneResponse>> {
    let body: KeyBody = optional_json(&body, "{\"idempotency_key\": \"…\"}")?;
    run(
        &state,
        &caller,
        &id,
        MilestoneAction::Confirm,
        key(&headers, &body.idempotency_key),
    )
    .await
}

/// Either side disputes a recorded payment, with a reason.
#[utoipa::path(post, path = "/api/v1/milestones/{id}/dispute", operation_id = "dispute_milestone", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = DisputeBody,
    responses(
        (status = 200, description = "The milestone, `disputed`", body = MilestoneResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Nothing to dispute now", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody),
    ))]
pub async fn dispute(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DisputeBody>,
) -> ApiResult<Json<MilestoneResponse>> {
    let action = MilestoneAction::Dispute {
        reason: body.reason,
    };
    run(
        &state,
        &caller,
        &id,
        action,
        key(&headers, &body.idempotency_key),
    )
    .await
}

/// Either side settles a dispute, with a note.
#[utoipa::path(post, path = "/api/v1/milestones/{id}/resolve", operation_id = "resolve_milestone", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ResolveBody,
    responses(
        (status = 200, description = "The milestone, `resolved`", body = MilestoneResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "No dispute to settle", body = ErrorBody),
        (status = 422, description = "No note", body = ErrorBody),
    ))]
pub async fn resolve(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ResolveBody>,
) -> ApiResult<Json<MilestoneResponse>> {
    let action = MilestoneAction::Resolve { note: body.note };
    run(
        &state,
        &caller,
        &id,
        action,
        key(&headers, &body.idempotency_key),
    )
    .await
}

//! `/api/v1/deals/{id}` (the workspace), `/api/v1/deals/{id}/contract` and
//! `/api/v1/contracts`: the contract of a confirmed deal, its versions and
//! both sides' acceptance. Other users get 404.

use super::error::{ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use crate::http::ClientAddr;
use app::features::workspace::{AcceptForm, Contract, ContractVersion, Workspace};
use app::server::contracts::{self, Witness};
use app::server::{deals, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use domain::contract::ContractDetailsForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ContractResponse {
    pub contract: Contract,
}

#[derive(Serialize, ToSchema)]
pub struct VersionResponse {
    pub version: ContractVersion,
}

/// `POST /api/v1/contracts/{id}/versions`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ChangesBody {
    /// The details-form fields to change (the others stay), e.g.
    /// `{"exclusivity_days": 30}` or a whole new `milestones` list.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

/// The deal's workspace: its terms and its contract, if generated.
#[utoipa::path(get, path = "/api/v1/deals/{id}", operation_id = "get_deal_workspace", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The deal and its contract", body = Workspace), (status = 404, body = ErrorBody)))]
pub async fn workspace(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Workspace>> {
    let id = uuid_or_404(&id, "That deal")?;
    Ok(Json(deals::workspace(&state, &caller.user, id).await?))
}

/// Generate the contract of a confirmed deal from its terms and the
/// details the terms leave open.
#[utoipa::path(post, path = "/api/v1/deals/{id}/contract", operation_id = "generate_contract", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = ContractDetailsForm, description = "deliverables (1–20: platform, format, quantity 1–100, due YYYY-MM-DD), draft_due, review_days (1–30 business days), revision_rounds (0–10), usage_channels, paid_usage, usage_months (1–120), territory, exclusivity_category (empty: none) and exclusivity_days (1–730), kill_fee_percent (0–100), milestones (1–10: label, percent adding up to 100, due), jurisdiction (the city whose courts decide)"),
    responses(
        (status = 201, description = "Version 1, in English and the creator's language", body = ContractResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The deal is not confirmed by both sides, or has its contract", body = ErrorBody),
        (status = 422, description = "Every invalid field, in `fields`", body = ErrorBody),
    ))]
pub async fn generate(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<ContractDetailsForm>,
) -> ApiResult<(StatusCode, Json<ContractResponse>)> {
    let id = uuid_or_404(&id, "That deal")?;
    let contract = contracts::generate(&state, &caller.user, id, &form).await?;
    Ok((StatusCode::CREATED, Json(ContractResponse { contract })))
}

/// The contract with its latest version and every version's summary.
#[utoipa::path(get, path = "/api/v1/contracts/{id}", operation_id = "get_contract", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The contract", body = ContractResponse), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ContractResponse>> {
    let id = uuid_or_404(&id, "That contract")?;
    Ok(Json(ContractResponse {
        contract: contracts::get(&state, &caller.user, id).await?,
    }))
}

/// Propose changes: a new version, which clears both acceptances.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/versions", operation_id = "revise_contract", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ChangesBody,
    responses(
        (status = 201, description = "The contract with the new version", body = ContractResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The contract is final", body = ErrorBody),
        (status = 422, description = "An invalid field, or no change", body = ErrorBody),
    ))]
pub async fn revise(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangesBody>,
) -> ApiResult<(StatusCode, Json<ContractResponse>)> {
    let id = uuid_or_404(&id, "That contract")?;
    let contract = contracts::revise(&state, &caller.user, id, &body.changes).await?;
    Ok((StatusCode::CREATED, Json(ContractResponse { contract })))
}

/// One version, with its diff against the one before.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/versions/{n}", operation_id = "get_contract_version", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("n" = i32, Path)),
    responses((status = 200, description = "The version and its diff", body = VersionResponse), (status = 404, body = ErrorBody)))]
pub async fn version(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath((id, n)): ApiPath<(String, String)>,
) -> ApiResult<Json<VersionResponse>> {
    let id = uuid_or_404(&id, "That contract")?;
    let n: i32 = n
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| app::AppError::not_found("That version"))?;
    Ok(Json(VersionResponse {
        version: contracts::version(&state, &caller.user, id, n).await?,
    }))
}

/// Accept the latest version with the typed full name and consent.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/accept", operation_id = "accept_contract", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = AcceptForm,
    responses(
        (status = 200, description = "The contract; `final` once both accepted one version", body = ContractResponse),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not the latest version, already accepted, or final", body = ErrorBody),
        (status = 422, description = "No name typed or no consent", body = ErrorBody),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    Extension(addr): Extension<ClientAddr>,
    headers: HeaderMap,
    ApiJson(form): ApiJson<AcceptForm>,
) -> ApiResult<Json<ContractResponse>> {
    let id = uuid_or_404(&id, "That contract")?;
    let witness = Witness::of(Some(&addr), &headers);
    Ok(Json(ContractResponse {
        contract: contracts::accept(&state, &caller.user, id, &form, &witness).await?,
    }))
}

/// The final contract as a PDF: a redirect to a link that works for five
/// minutes (`/files/contracts/…?expires=…&signature=…`).
#[utoipa::path(get, path = "/api/v1/contracts/{id}/pdf", operation_id = "get_contract_pdf", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 302, description = "`Location` is a signed link to the PDF, valid for five minutes"),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The contract is not final yet", body = ErrorBody),
        (status = 503, description = "PDF files cannot be made right now", body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let id = uuid_or_404(&id, "That contract")?;
    let link = contracts::pdf_link(&state, &caller.user, id).await?;
    Ok((
        StatusCode::FOUND,
        [
            (axum::http::header::LOCATION, link),
            (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response())
}

/// `?expires=…&signature=…` of a signed file link.
#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    expires: i64,
    #[serde(default)]
    signature: String,
}

/// `GET /files/{key}`: the file behind a signed link, as a download.
pub async fn file(
    State(state): State<AppState>,
    axum::extract::Path(key): axum::extract::Path<String>,
    axum::extract::Query(link): axum::extract::Query<LinkQuery>,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    match app::server::files::open(&state, &key, link.expires, &link.signature).await {
        Ok(bytes) => {
            let (content_type, name) = app::server::files::download_of(&key);
            let disposition = format!("attachment; filename=\"{name}\"");
            let mut response =
                crate::http::assets::stored_file(bytes, content_type, "private, no-store");
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(e) => super::error::ApiError(e).into_response(),
    }
}

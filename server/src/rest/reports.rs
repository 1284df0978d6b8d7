//! `/api/v1/reports`: users report what they see.

use super::error::{ApiJson, ApiResult, ErrorBody};
use super::extract::BearerUser;
use app::features::moderation::FiledReport;
use app::server::{reports, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::moderation::report::ReportForm;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ReportResponse {
    pub report: FiledReport,
}

/// Report a request, profile, portfolio sample, chat message or account
/// that the caller can see; once per item. The item joins the moderation
/// queue, and the report counts as a flag against its author (three flags in
/// thirty days put the account under review).
#[utoipa::path(post, path = "/api/v1/reports", operation_id = "file_report", tag = "moderation", security(("bearer" = [])),
    request_body = ReportForm,
    responses(
        (status = 201, description = "Reported; a moderator will look at it", body = ReportResponse),
        (status = 404, description = "No such item the caller can see", body = ErrorBody),
        (status = 409, description = "The caller already reported this item", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the item is the caller's own", body = ErrorBody),
    ))]
pub async fn file(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(form): ApiJson<ReportForm>,
) -> ApiResult<(StatusCode, Json<ReportResponse>)> {
    let report = form.parse().map_err(AppError::validation)?;
    let report = reports::file(&state, &caller.user, report).await?;
    Ok((StatusCode::CREATED, Json(ReportResponse { report })))
}

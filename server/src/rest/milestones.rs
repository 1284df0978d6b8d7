//! `/api/v1/deals/{id}/milestones` and `/api/v1/milestones/{id}/…`: the
//! payment milestones of a final contract on the manual rail. Other users
//! get 404.

use super::error::{optional_json, ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::workspace::{Milestone, MilestoneAction};
use app::server::{milestones, payment_report, AppState};
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

/// `?fy=2026-27&format=csv|pdf` of the payment report.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ReportQuery {
    /// The financial year, `2026-27` (April 2026 to March 2027); the
    /// current one in the caller's time zone when left out.
    pub fy: Option<String>,
    /// `csv` (the default) or `pdf`.
    pub format: Option<String>,
}

/// The caller's payment history for a financial year: every milestone of
/// their deals paid (or, unpaid, due) in it, with deal, counterparty,
/// amount, currency, due and paid dates, reference, days late and status,
/// then totals per currency. CSV (UTF-8, stable English column keys) or a
/// PDF in the caller's language; both as a download. Browsers send their
/// session; other clients a bearer token.
#[utoipa::path(get, path = "/api/v1/payments/report", operation_id = "payment_report", tag = "contracts", security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "`text/csv` or `application/pdf`, `Content-Disposition: attachment`", content_type = "text/csv"),
        (status = 401, body = ErrorBody),
        (status = 422, description = "`fy` or `format` is not one this report knows", body = ErrorBody),
    ))]
pub async fn report(
    State(state): State<AppState>,
    super::extract::AnyUser(caller): super::extract::AnyUser,
    super::error::ApiQuery(query): super::error::ApiQuery<ReportQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::http::{header, HeaderValue};
    use domain::payment::FinancialYear;
    let mut errors = Vec::new();
    let year = match query.fy.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(raw) => FinancialYear::parse(raw, "fy")
            .map_err(|e| errors.push(e))
            .ok(),
        None => None,
    };
    let pdf = match query.format.as_deref().map(str::trim).unwrap_or("") {
        "" | "csv" => false,
        "pdf" => true,
        other => {
            errors.push(
                domain::FieldError::new("format", "invalid_choice", "The format is csv or pdf.")
                    .with("value", other),
            );
            false
        }
    };
    if !errors.is_empty() {
        return Err(app::AppError::validation(errors).into());
    }
    let report = payment_report::build(&state, &caller, year).await?;
    let name = format!("mat-cha-payments-{}", report.year.label());
    let (bytes, content_type, file) = if pdf {
        let bytes = payment_report::pdf(&state, &caller, report, caller.language).await?;
        (bytes, "application/pdf", format!("{name}.pdf"))
    } else {
        let text = payment_report::csv(&report, caller.language);
        (
            text.into_bytes(),
            "text/csv; charset=utf-8",
            format!("{name}.csv"),
        )
    };
    let mut response = crate::http::assets::stored_file(bytes, content_type, "private, no-store");
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

//! `/api/v1/deals/{id}/deliverables`, `/api/v1/deliverables/{id}/
//! submissions` and `/api/v1/submissions/{id}/…`: drafts, reviews and live
//! links of a final contract's deliverables. Other users get 404.

use super::error::{ApiError, ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, AnyUser, BearerUser};
use super::upload::Limit;
use app::features::auth::User;
use app::features::workspace::{Deliverable, Submission};
use app::server::{deliverables, session, AppState};
use app::AppError;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::deliverable::{ReviewForm, SubmissionForm, MAX_DRAFT_BYTES};
use serde::Serialize;
use tower_sessions::Session;
use utoipa::ToSchema;

/// One draft file per upload.
pub const LIMIT: Limit = Limit {
    file_bytes: MAX_DRAFT_BYTES,
    message: domain::deliverable::TOO_LARGE,
};

#[derive(Serialize, ToSchema)]
pub struct DeliverableList {
    pub items: Vec<Deliverable>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliverableResponse {
    /// The deliverable after the change, with every submission.
    pub deliverable: Deliverable,
    /// The submission made or answered.
    pub submission: Submission,
}

/// The deal's deliverables in the contract's order, with their drafts.
#[utoipa::path(get, path = "/api/v1/deals/{id}/deliverables", operation_id = "list_deliverables", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The deliverables (none before the contract is final)", body = DeliverableList), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<DeliverableList>> {
    let id = uuid_or_404(&id, "That deal")?;
    Ok(Json(DeliverableList {
        items: deliverables::list(&state, &caller.user, id).await?,
    }))
}

/// The fields (`url`, `note`) and the `file` of a multipart submission.
async fn read_multipart(
    multipart: Multipart,
) -> Result<(SubmissionForm, Option<Vec<u8>>), AppError> {
    let mut form = SubmissionForm::default();
    let file = LIMIT
        .read(multipart, |name, text| match name {
            "url" => form.url = text,
            "note" => form.note = text,
            _ => {}
        })
        .await?;
    Ok((form, file))
}

/// A submission as JSON (`{url, note}`) or multipart (`url`, `note`, `file`).
async fn submit(
    state: &AppState,
    user: &User,
    id: &str,
    request: Request,
) -> Result<DeliverableResponse, AppError> {
    let id = uuid_or_404(id, "That deliverable")?;
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (form, file) = if multipart {
        let body = Multipart::from_request(request, state).await.map_err(|_| {
            AppError::bad_request("The upload could not be read; send multipart/form-data.")
        })?;
        read_multipart(body).await?
    } else {
        let ApiJson(form) = ApiJson::<SubmissionForm>::from_request(request, state)
            .await
            .map_err(|ApiError(e)| e)?;
        (form, None)
    };
    let deliverable = deliverables::submit(state, user, id, &form, file).await?;
    answer(deliverable, None)
}

/// The deliverable and its submission `id` (the latest when `None`).
fn answer(
    deliverable: Deliverable,
    id: Option<uuid::Uuid>,
) -> Result<DeliverableResponse, AppError> {
    let submission = deliverable
        .submissions
        .iter()
        .rev()
        .find(|s| id.is_none_or(|id| s.id == id))
        .cloned()
        .ok_or_else(AppError::internal)?;
    Ok(DeliverableResponse {
        deliverable,
        submission,
    })
}

/// The creator submits the next draft (a link, or a file: an image, a
/// video or a PDF of at most 20 MB, recognised by content) or, once the
/// draft is approved, the live post's link.
#[utoipa::path(post, path = "/api/v1/deliverables/{id}/submissions", operation_id = "submit_deliverable", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = SubmissionForm, description = "JSON `{url, note}`, or multipart/form-data with `url`, `note` and `file`"),
    responses(
        (status = 201, description = "Submitted: the deliverable is `in_review` (a draft) or `live`", body = DeliverableResponse),
        (status = 403, description = "Only the creator submits", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "A draft is waiting for review, or the post is live", body = ErrorBody),
        (status = 413, description = "The file is larger than 20 MB; `error.field` is `file`", body = ErrorBody),
        (status = 422, description = "No link or file, a link that is not https, or a file type not taken", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    request: Request,
) -> ApiResult<(StatusCode, Json<DeliverableResponse>)> {
    let made = submit(&state, &caller.user, &id, request).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// The browser's submission: the same, signed in by the session (the page
/// sends its form with `fetch`, a file included).
pub async fn create_in_session(
    State(state): State<AppState>,
    session: Session,
    ApiPath(id): ApiPath<String>,
    request: Request,
) -> Response {
    let result = async {
        let user = session::require_user(&state, &session).await?;
        crate::http::language::caller_is(&user);
        submit(&state, &user, &id, request).await
    }
    .await;
    match result {
        Ok(made) => (StatusCode::CREATED, Json(made)).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

/// The brand approves the draft under review or asks for changes (within
/// the contract's revision rounds; a note says what should change).
#[utoipa::path(post, path = "/api/v1/submissions/{id}/review", operation_id = "review_submission", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewForm,
    responses(
        (status = 200, description = "Reviewed: the deliverable is `approved` or `changes_requested`", body = DeliverableResponse),
        (status = 403, description = "Only the brand reviews", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not the draft waiting for review, or every revision round is used", body = ErrorBody),
        (status = 422, description = "An unknown decision, or changes asked for without a note", body = ErrorBody),
    ))]
pub async fn review(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<ReviewForm>,
) -> ApiResult<Json<DeliverableResponse>> {
    let id = uuid_or_404(&id, "That submission")?;
    let deliverable = deliverables::review(&state, &caller.user, id, &form).await?;
    Ok(Json(answer(deliverable, Some(id))?))
}

/// An uploaded draft: a redirect to a link that works for five minutes.
#[utoipa::path(get, path = "/api/v1/submissions/{id}/file", operation_id = "get_submission_file", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 302, description = "`Location` is a signed link to the file, valid for five minutes"),
        (status = 404, description = "No such submission for the caller, or it is a link", body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    AnyUser(caller): AnyUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let id = uuid_or_404(&id, "That file")?;
    let link = deliverables::file_link(&state, &caller, id).await?;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, link),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response())
}

//! Portfolio samples: `POST /api/v1/creator/portfolio` (multipart, bearer),
//! `DELETE /api/v1/creator/portfolio/{id}`, the browser's upload route
//! (session) and the public image route.

use super::error::{ApiError, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::creator::PortfolioItem;
use app::server::{portfolio, session, AppState};
use app::AppError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::portfolio::{PortfolioForm, MAX_IMAGE_BYTES};
use serde::Serialize;
use tower_sessions::Session;
use utoipa::ToSchema;

/// One image per upload.
pub const LIMIT: super::upload::Limit = super::upload::Limit {
    file_bytes: MAX_IMAGE_BYTES,
    message: "Images can be at most 5 MB.",
};

#[derive(Serialize, ToSchema)]
pub struct PortfolioItemResponse {
    pub item: PortfolioItem,
}

/// Reads the form fields (`kind`, `title`, `body`, `url`) and the `file`.
async fn read_upload(multipart: Multipart) -> Result<(PortfolioForm, Option<Vec<u8>>), AppError> {
    let mut form = PortfolioForm::default();
    let file = LIMIT
        .read(multipart, |name, text| match name {
            "kind" => form.kind = text,
            "title" => form.title = text,
            "body" => form.body = text,
            "url" => form.url = text,
            _ => {}
        })
        .await?;
    Ok((form, file))
}

/// A multipart body, or the envelope's 400 when the request is not one.
type Upload = Result<Multipart, MultipartRejection>;

async fn add(
    state: &AppState,
    user: &app::features::auth::User,
    upload: Upload,
) -> Result<PortfolioItem, AppError> {
    let multipart =
        upload.map_err(|_| AppError::bad_request("Send the sample as multipart/form-data."))?;
    let (form, file) = read_upload(multipart).await?;
    let input = form.parse().map_err(AppError::validation)?;
    portfolio::add(state, user, input, file).await
}

/// Add a portfolio sample: `kind` (`text`, `image`, `video_link`), `title`,
/// `body` (the text, or a caption), `url` (video links) and `file` (images:
/// PNG, JPEG, WebP or GIF, at most 5 MB, recognised by content).
#[utoipa::path(post, path = "/api/v1/creator/portfolio", operation_id = "add_portfolio_item", tag = "creators", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", content = Object, description = "kind, title, body, url, file"),
    responses(
        (status = 201, description = "Added", body = PortfolioItemResponse),
        (status = 403, description = "Not a creator account", body = ErrorBody),
        (status = 409, description = "The portfolio is full (30 samples)", body = ErrorBody),
        (status = 413, description = "The image is larger than 5 MB; `error.field` is `file`", body = ErrorBody),
        (status = 422, description = "A field is not valid (wrong image type included)", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: BearerUser,
    upload: Upload,
) -> ApiResult<(StatusCode, Json<PortfolioItemResponse>)> {
    let item = add(&state, &caller.user, upload).await?;
    Ok((StatusCode::CREATED, Json(PortfolioItemResponse { item })))
}

/// Remove one of the signed-in creator's samples.
#[utoipa::path(delete, path = "/api/v1/creator/portfolio/{id}", operation_id = "delete_portfolio_item", tag = "creators", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let id = uuid_or_404(&id, "That portfolio sample")?;
    portfolio::delete(&state, &caller.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The browser's upload: the same as `create`, signed in by the session.
/// The page sends it with `fetch` and shows errors inline; a plain form
/// post (before the page has hydrated) is sent back to the profile page.
pub async fn create_in_session(
    State(state): State<AppState>,
    session: Session,
    headers: axum::http::HeaderMap,
    upload: Upload,
) -> Response {
    let plain_form = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let result = async {
        let user = session::require_user(&state, &session).await?;
        crate::http::language::caller_is(&user);
        add(&state, &user, upload).await
    }
    .await;
    match result {
        _ if plain_form => axum::response::Redirect::to("/profile").into_response(),
        Ok(item) => (StatusCode::CREATED, Json(PortfolioItemResponse { item })).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

/// A portfolio image. Public (profiles are shown to brands), immutable
/// under its id, and never interpreted as anything but an image.
pub async fn image(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> Response {
    let result = async {
        let id = uuid_or_404(&id, "That image")?;
        portfolio::image(&state, id).await
    }
    .await;
    match result {
        Ok((bytes, content_type)) => {
            crate::http::assets::stored_file(bytes, &content_type, crate::http::assets::IMMUTABLE)
        }
        Err(e) => ApiError(e).into_response(),
    }
}

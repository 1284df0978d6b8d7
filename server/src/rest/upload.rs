//! What every upload route shares: a body limit with room for one file,
//! refused from its declared length before any of it is read, and the
//! envelope's answers for a body that is too large or not multipart.

use super::error::ApiError;
use app::{AppError, ErrorCode};
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::FieldError;

/// An upload route's limit: the largest file, and what is said about it.
#[derive(Clone, Copy)]
pub struct Limit {
    pub file_bytes: usize,
    /// "Images can be at most 5 MB."
    pub message: &'static str,
}

impl Limit {
    /// Room for the file plus the other fields and multipart framing.
    pub fn body_bytes(self) -> usize {
        self.file_bytes + 512 * 1024
    }

    /// 413 naming the `file` field.
    pub fn too_large(self) -> AppError {
        let max = format!("{} MB", self.file_bytes / (1024 * 1024));
        AppError {
            code: ErrorCode::PayloadTooLarge,
            ..AppError::validation(vec![
                FieldError::new("file", "too_large", self.message).with("max", max)
            ])
        }
    }

    /// Reads a multipart body: each text field goes to `field` by name,
    /// and the `file` part is answered (none when the browser sent an
    /// empty part because no file was chosen).
    pub async fn read(
        self,
        mut multipart: Multipart,
        mut field: impl FnMut(&str, String),
    ) -> Result<Option<Vec<u8>>, AppError> {
        let mut file = None;
        while let Some(part) = multipart
            .next_field()
            .await
            .map_err(|e| self.unreadable(e))?
        {
            let name = part.name().unwrap_or_default().to_owned();
            if name == "file" {
                let bytes = part.bytes().await.map_err(|e| self.unreadable(e))?;
                file = Some(bytes.to_vec()).filter(|b| !b.is_empty());
            } else {
                let text = part.text().await.map_err(|e| self.unreadable(e))?;
                field(&name, text);
            }
        }
        Ok(file)
    }

    /// A multipart body that could not be read: too large, or malformed.
    fn unreadable(self, e: MultipartError) -> AppError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            self.too_large()
        } else {
            AppError::bad_request("The upload could not be read; send multipart/form-data.")
        }
    }
}

/// Refuses an upload whose declared length is over the limit before any of
/// it is read, naming the file (bodies without a length are cut off by the
/// body limit while they are read, with the same answer).
pub async fn refuse_oversized(
    State(limit): State<Limit>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit.body_bytes()) {
        return ApiError(limit.too_large()).into_response();
    }
    next.run(request).await
}

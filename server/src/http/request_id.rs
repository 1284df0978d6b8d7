//! Every request gets an id: the caller's `x-request-id` when it is sane, a
//! fresh UUID otherwise. It is echoed in the response header, put in the log
//! span, and written into every error body.

use crate::rest::error::ApiError;
use app::{AppError, ErrorCode};
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled, or "-" outside one.
pub fn current() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".into())
}

fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

pub async fn layer(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let value = HeaderValue::from_str(&id).expect("checked ASCII");
    req.headers_mut().insert(HEADER, value.clone());
    let mut response = REQUEST_ID
        .scope(id, async move {
            let response = next.run(req).await;
            // Body-limit refusals from tower-http carry no body of ours.
            let is_json = response
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
                ApiError(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    "The request body is too large.",
                ))
                .into_response()
            } else {
                response
            }
        })
        .await;
    response.headers_mut().insert(HEADER, value);
    response
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_short_plain_ids_from_callers_are_kept() {
        assert!(acceptable("abc-123_x.y"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable("has space"));
        assert!(!acceptable("<script>"));
    }
}

//! How an `AppError` leaves the REST API: `{"error": {code, message,
//! request_id}}` with the matching status, `Retry-After` on locks and rate
//! limits, `WWW-Authenticate` on 401; sentences in the caller's language
//! (`code` and `reason` stay English identifiers); plus the JSON extractor that turns
//! unreadable bodies and query strings into the same shape.

use crate::http::request_id;
use app::{AppError, ErrorCode};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(value: AppError) -> Self {
        Self(value)
    }
}

/// The error envelope every failing REST call answers with.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `validation_failed`, `account_locked`.
    pub code: String,
    /// A sentence safe to show to a person.
    pub message: String,
    /// Also sent as the `x-request-id` header; quote it when reporting a problem.
    pub request_id: String,
    /// The first invalid field (validation errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every invalid field with its reason (validation errors only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDetail>,
    /// Why the scanner refused the text (`content_blocked` only): `sexual`,
    /// `abuse` or `threat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldDetail {
    pub field: String,
    pub reason: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let locale = app::components::locale_of(crate::http::language::current());
        let err = app::messages::localized(locale, self.0);
        let status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            error: ErrorDetail {
                code: err.code.as_str().to_owned(),
                message: err.message,
                request_id: request_id::current(),
                field: err.fields.first().map(|f| f.field.clone()),
                category: (err.code == ErrorCode::ContentBlocked)
                    .then(|| err.fields.first().map(|f| f.param("category").to_owned()))
                    .flatten(),
                fields: err
                    .fields
                    .into_iter()
                    .map(|f| FieldDetail {
                        field: f.field,
                        reason: f.reason,
                        message: f.message,
                    })
                    .collect(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = err.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"mat-cha\""),
            );
        }
        response
    }
}

/// `Json<T>` whose rejections use the error envelope.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError(rejection_to_error(rejection))),
        }
    }
}

/// `Query<T>` whose rejections use the error envelope.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => {
                // serde's text names the parameter and what it expected.
                let detail = rejection.body_text();
                let detail = detail
                    .split_once(": ")
                    .map_or(detail.as_str(), |(_, d)| d)
                    .trim_end_matches('.');
                Err(ApiError(AppError::bad_request(format!(
                    "The query string could not be read ({detail}); give each parameter once, as text or a number."
                ))))
            }
        }
    }
}

/// `Path<T>` whose rejections use the error envelope: a path segment that
/// is not valid percent-encoded UTF-8 names nothing, so it is a 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(_) => Err(ApiError(AppError::not_found("That address"))),
        }
    }
}

fn rejection_to_error(rejection: JsonRejection) -> AppError {
    match rejection {
        r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
        }
        JsonRejection::MissingJsonContentType(_) => {
            AppError::bad_request("Send a JSON body with Content-Type: application/json.")
        }
        JsonRejection::JsonSyntaxError(_) => {
            AppError::bad_request("The request body is not valid JSON.")
        }
        JsonRejection::JsonDataError(e) => {
            // serde's text names the field and the expected type; it holds no internals.
            let detail = e.body_text();
            let detail = detail
                .split_once(": ")
                .map(|(_, d)| d.to_owned())
                .unwrap_or(detail);
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("The request body does not match the schema: {detail}"),
            )
        }
        other => AppError::bad_request(other.body_text()),
    }
}

/// JSON 404 for unknown paths under `/api/v1`.
pub async fn not_found() -> ApiError {
    ApiError(AppError::new(
        ErrorCode::NotFound,
        "There is no such API endpoint.",
    ))
}

pub type ApiResult<T> = Result<T, ApiError>;

/// An optional JSON body: nothing (or only white space) is `T::default()`.
pub fn optional_json<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
    example: &str,
) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|_| AppError::bad_request(format!("The body must be JSON like {example}.")))
}

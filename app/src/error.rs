//! The one error type that crosses the wire, for server functions and REST alike.
//!
//! It carries a stable machine code, a message safe to show anyone, and for
//! validation failures the fields at fault. Causes (SQL, provider errors) are
//! logged where the error is made and never put in here.

use domain::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    ValidationFailed,
    /// A text the content scanner refuses (422, like other invalid input).
    ContentBlocked,
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    /// The account is under review or suspended: it may read, not act (403).
    AccountSuspended,
    NotFound,
    Conflict,
    PayloadTooLarge,
    AccountLocked,
    RateLimited,
    Internal,
    ServiceUnavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::ContentBlocked => "content_blocked",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::AccountSuspended => "account_suspended",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::ServiceUnavailable => "service_unavailable",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::ValidationFailed | ErrorCode::ContentBlocked => 422,
            ErrorCode::Unauthorized | ErrorCode::InvalidCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::AccountSuspended => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::AccountLocked => 423,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::ServiceUnavailable => 503,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level failures, in form order (validation only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds until the caller may try again (locks and rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    /// Reads the REST error envelope (`{"error": {code, message, fields}}`),
    /// as the browser gets it from the upload route.
    pub fn from_envelope(body: &str) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: Detail,
        }
        #[derive(Deserialize)]
        struct Detail {
            code: ErrorCode,
            message: String,
            #[serde(default)]
            fields: Vec<FieldError>,
        }
        let envelope: Envelope = serde_json::from_str(body).ok()?;
        Some(Self {
            code: envelope.error.code,
            message: envelope.error.message,
            fields: envelope.error.fields,
            retry_after: None,
        })
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [only] => format!("{}: {}", only.field, only.message),
            _ => {
                let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
                format!("Some fields are not valid: {}.", names.join(", "))
            }
        };
        Self {
            code: ErrorCode::ValidationFailed,
            message,
            fields,
            retry_after: None,
        }
    }

    /// `field`'s text refused by the content scanner for `category`;
    /// nothing was stored.
    pub fn content_blocked(field: &str, category: domain::moderation::Category) -> Self {
        let reason = FieldError::new(
            field,
            "content_blocked",
            format!(
                "This text cannot be published: it reads as {}. Please rephrase it.",
                category_words(category)
            ),
        )
        .with("category", category.key());
        Self {
            code: ErrorCode::ContentBlocked,
            message: format!("{field}: {}", reason.message),
            fields: vec![reason],
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, "Sign in to continue.")
    }

    pub fn invalid_credentials() -> Self {
        Self::new(
            ErrorCode::InvalidCredentials,
            "The e-mail or password is not right.",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    /// What an account under review or suspended is told when it tries to
    /// publish, express interest, accept or send.
    pub fn account_suspended() -> Self {
        Self::new(
            ErrorCode::AccountSuspended,
            "Your account is under review. You can read, but you cannot publish, express interest, \
             accept or send messages until an admin decides.",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found."))
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                ErrorCode::RateLimited,
                format!("Too many requests. Try again in {retry_after} seconds."),
            )
        }
    }

    /// The opaque error a client sees when something failed on our side.
    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        )
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// The first failure for `field`, for inline form errors.
    pub fn field(&self, field: &str) -> Option<&FieldError> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// A category as English words (the service's own sentence; other
/// languages come from `messages`).
fn category_words(category: domain::moderation::Category) -> &'static str {
    use domain::moderation::Category::*;
    match category {
        Sexual => "sexual content",
        Abuse => "abuse",
        Threat => "a threat",
        Scam => "a possible scam",
        FollowerSelling => "selling followers",
        OffPlatform => "contact outside MAT-CHA",
        OffPlatformPayment => "payment outside MAT-CHA",
        Discrimination => "discrimination",
        Profanity => "profanity",
        Impersonation => "impersonation",
        Other => "something else",
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<FieldError> for AppError {
    fn from(value: FieldError) -> Self {
        Self::validation(vec![value])
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(value: Vec<FieldError>) -> Self {
        Self::validation(value)
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) | E::Response(_) => Self::new(
                ErrorCode::ServiceUnavailable,
                "Could not reach the server. Check your connection and try again.",
            ),
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
                Self::bad_request("The request could not be read.")
            }
            _ => Self::internal(),
        }
    }
}

/// Whether the current server-function call is a plain form post from a
/// page that has not hydrated (it asks for HTML, not data).
#[cfg(feature = "ssr")]
pub fn wants_html() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::ACCEPT)?
                .to_str()
                .ok()
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Gives a failed server-function call the HTTP status of its error (Leptos
/// would send 500 for every error), so logs and proxies tell a wrong password
/// from a fault. Plain form posts keep Leptos' redirect back to the form.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let (false, Some(options)) = (
            wants_html(),
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        ) {
            options.set_status(
                axum::http::StatusCode::from_u16(err.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
    result
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{AppError, ErrorCode};

    impl From<sqlx::Error> for AppError {
        /// Unique violations become conflicts; everything else is logged with
        /// its cause and reported as an opaque internal error.
        fn from(err: sqlx::Error) -> Self {
            if let sqlx::Error::Database(db) = &err {
                if db.is_unique_violation() {
                    return AppError::new(ErrorCode::Conflict, "That already exists.");
                }
            }
            if matches!(
                err,
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            ) {
                tracing::error!(error = %err, "database unavailable");
                return AppError::new(
                    ErrorCode::ServiceUnavailable,
                    "The service is temporarily unavailable. Please try again.",
                );
            }
            tracing::error!(error = %err, "database error");
            AppError::internal()
        }
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(err: tower_sessions::session::Error) -> Self {
            tracing::error!(error = %err, "session store error");
            AppError::internal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_invalid_field_is_named_in_the_message() {
        let err = AppError::from(FieldError::new("email", "required", "E-mail is required."));
        assert_eq!(err.status(), 422);
        assert_eq!(err.message, "email: E-mail is required.");
        assert_eq!(err.field("email").unwrap().reason, "required");
    }

    #[test]
    fn every_code_maps_to_its_documented_status() {
        let expected = [
            (ErrorCode::BadRequest, 400),
            (ErrorCode::ValidationFailed, 422),
            (ErrorCode::ContentBlocked, 422),
            (ErrorCode::Unauthorized, 401),
            (ErrorCode::InvalidCredentials, 401),
            (ErrorCode::Forbidden, 403),
            (ErrorCode::NotFound, 404),
            (ErrorCode::Conflict, 409),
            (ErrorCode::PayloadTooLarge, 413),
            (ErrorCode::AccountLocked, 423),
            (ErrorCode::RateLimited, 429),
            (ErrorCode::Internal, 500),
            (ErrorCode::ServiceUnavailable, 503),
        ];
        for (code, status) in expected {
            assert_eq!(code.status(), status, "{code:?}");
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}

#[cfg(test)]
mod envelope_tests {
    use super::{AppError, ErrorCode};

    #[test]
    fn the_rest_envelope_reads_back_with_its_fields() {
        let body = r#"{"error":{"code":"validation_failed","message":"file: too big","request_id":"r1","field":"file",
            "fields":[{"field":"file","reason":"too_large","message":"Images can be at most 5 MB."}]}}"#;
        let e = AppError::from_envelope(body).unwrap();
        assert_eq!(e.code, ErrorCode::ValidationFailed);
        assert_eq!(e.field("file").unwrap().reason, "too_large");
        assert_eq!(AppError::from_envelope("<html>"), None);
    }
}

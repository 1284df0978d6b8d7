//! The one application state handed to every handler and server function.

use super::Clock;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;
use time::Duration;

/// Service settings, read once at start by the server binary.
#[derive(Clone, Debug)]
pub struct Settings {
    /// HMAC key for access tokens; every instance must share it.
    pub jwt_secret: Vec<u8>,
    pub access_token_ttl: Duration,
    /// Access tokens of outside apps (OAuth) live shorter; they refresh.
    pub app_access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// A browser session ends this long after sign-in, active or not.
    pub session_absolute_timeout: Duration,
    /// Requests per minute per client address on the sign-in and sign-up endpoints.
    pub auth_rate_limit_per_minute: u32,
    /// Messages per minute per user to the task assistant.
    pub chat_rate_limit_per_minute: u32,
    /// Where users and clients reach this site (`PUBLIC_URL`): scheme, host
    /// and port, no trailing slash. Metadata and links are built from it,
    /// never from a request's `Host`.
    pub public_url: String,
}

impl Settings {
    pub fn with_secret(jwt_secret: Vec<u8>) -> Self {
        Self {
            jwt_secret,
            access_token_ttl: Duration::hours(24),
            app_access_token_ttl: Duration::hours(1),
            refresh_token_ttl: Duration::days(30),
            session_absolute_timeout: Duration::days(7),
            auth_rate_limit_per_minute: 30,
            chat_rate_limit_per_minute: 30,
            public_url: "http://127.0.0.1:3000".into(),
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// `None` when no embedding model is configured: profiles then wait,
    /// marked as indexing, and their jobs retry.
    pub embeddings: Option<super::ai::EmbeddingProvider>,
    /// An outside moderation model asked besides the shipped lists
    /// (`MODERATION_PROVIDER=openai`); `None` for the offline scanner alone.
    pub moderation: Option<super::ai::OpenAiModeration>,
    /// Uploaded files (portfolio images).
    pub objects: super::storage::ObjectStore,
    /// This process's end of the live fan-out (chats, notification bells).
    pub live: super::live::Hub,
    /// Which engine answers in the task chat.
    pub assistant: super::assistant::Engine,
    /// Where mail goes: an SMTP server, or kept in the outbox.
    pub mailer: super::mail::Mailer,
    /// The fonts PDF files are set in.
    pub pdf_fonts: super::pdf::FontSource,
}

impl AppState {
    /// The state of the current server function call.
    pub fn from_context() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            crate::error::AppError::internal()
        })
    }
}

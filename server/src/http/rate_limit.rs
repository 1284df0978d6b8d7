//! Per-client limits on the sign-in, sign-up and token endpoints (REST and
//! server functions), counted in Postgres so they hold across instances.

use crate::rest::error::ApiError;
use app::server::{rate_limit, AppState};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const LIMITED: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/register",
    "/api/v1/auth/refresh",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
    "/api/v1/auth/verify-email",
    "/api/v1/unsubscribe",
    "/oauth/register",
    "/oauth/token",
    "/api/auth/sign_in",
    "/api/auth/sign_up",
    "/api/auth/password_reset",
    "/api/auth/password_reset_confirm",
    "/api/auth/verify_email",
    "/api/settings/unsubscribe",
];

#[derive(Clone)]
pub struct AuthLimit {
    pub state: AppState,
    pub trust_forwarded_for: bool,
}

pub async fn layer(State(limit): State<AuthLimit>, req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::POST && LIMITED.contains(&req.uri().path()) {
        let ip = super::client_ip(&req, limit.trust_forwarded_for)
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into());
        let per_minute = limit.state.settings.auth_rate_limit_per_minute;
        if let Err(err) = rate_limit::check(&limit.state, &format!("auth:{ip}"), per_minute).await {
            return ApiError(err).into_response();
        }
    }
    next.run(req).await
}

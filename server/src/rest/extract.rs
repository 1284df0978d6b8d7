//! The caller of a REST endpoint, from `Authorization: Bearer <access token>`.

use super::error::ApiError;
use app::features::auth::User;
use app::server::{auth, AppState};
use app::AppError;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use uuid::Uuid;

pub struct BearerUser {
    pub user: User,
    /// The API sign-in the token belongs to.
    pub family: Uuid,
}

impl FromRequestParts<AppState> for BearerUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                AppError::new(
                    app::ErrorCode::Unauthorized,
                    "Send an access token as Authorization: Bearer <token>.",
                )
            })?;
        let (user, family) = auth::authenticate_access_token(state, token).await?;
        Ok(Self { user, family })
    }
}

/// A path id: a malformed one names nothing, so it gets the same 404 as an
/// unknown one (`what` says what was looked for).
pub fn uuid_or_404(raw: &str, what: &str) -> Result<uuid::Uuid, app::AppError> {
    uuid::Uuid::parse_str(raw).map_err(|_| app::AppError::not_found(what))
}

/// The caller of an endpoint browsers use too (the chat WebSocket, the
/// notification stream): a bearer token if one is sent, else the session.
pub struct AnyUser(pub User);

impl FromRequestParts<AppState> for AnyUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(AUTHORIZATION) {
            return Ok(Self(
                BearerUser::from_request_parts(parts, state).await?.user,
            ));
        }
        let session = tower_sessions::Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::unauthorized())?;
        Ok(Self(
            app::server::session::require_user(state, &session).await?,
        ))
    }
}

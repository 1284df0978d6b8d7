//! The caller of a REST endpoint, from `Authorization: Bearer <token>`: an
//! access token of an API sign-in or a personal API token.

use super::error::ApiError;
use app::features::auth::User;
use app::server::{api_tokens, auth, AppState};
use app::AppError;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use uuid::Uuid;

pub struct BearerUser {
    pub user: User,
    /// The API sign-in an access token belongs to; `None` for a personal
    /// API token.
    pub family: Option<Uuid>,
}

impl BearerUser {
    /// Refuses personal API tokens: managing tokens takes a sign-in, so a
    /// leaked token cannot mint more.
    pub fn signed_in(&self) -> Result<(), AppError> {
        match self.family {
            Some(_) => Ok(()),
            None => Err(AppError::forbidden(
                "Personal API tokens cannot do this; sign in with a password.",
            )),
        }
    }
}

/// The token of `Authorization: Bearer <token>`, if one is sent.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    bearer_token_of(&parts.headers)
}

pub fn bearer_token_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Whose bearer token came with a request.
pub enum Bearer {
    Personal(User),
    Access(auth::Access),
}

/// Checks the request's bearer token, whatever it is for.
pub async fn bearer(parts: &Parts, state: &AppState) -> Result<Bearer, AppError> {
    let token = bearer_token(parts).ok_or_else(|| {
        AppError::new(
            app::ErrorCode::Unauthorized,
            "Send an access token as Authorization: Bearer <token>.",
        )
    })?;
    if api_tokens::is_personal(token) {
        return Ok(Bearer::Personal(
            api_tokens::authenticate(state, token).await?,
        ));
    }
    Ok(Bearer::Access(
        auth::authenticate_access_token(state, token).await?,
    ))
}

impl FromRequestParts<AppState> for BearerUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller: Result<Self, ApiError> = match bearer(parts, state).await? {
            Bearer::Personal(user) => Ok(Self { user, family: None }),
            Bearer::Access(access) if access.audience.is_none() => Ok(Self {
                user: access.user,
                family: Some(access.family),
            }),
            // RFC 8707: an app's token is for the resource it was issued for.
            Bearer::Access(_) => Err(AppError::new(
                app::ErrorCode::Unauthorized,
                "This token was issued to an app for MCP (/mcp) only; the REST API takes a sign-in or a personal token.",
            )
            .into()),
        };
        let caller = caller?;
        crate::http::language::caller_is(&caller.user);
        Ok(caller)
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

/// Like [`AnyUser`], but a person signed in with a password: a personal API
/// token is refused as [`BearerUser::signed_in`] refuses it (the export).
pub struct SignedInUser(pub User);

/// Who calls an endpoint browsers use too.
enum Caller {
    Bearer(BearerUser),
    Session(User),
}

/// The bearer token's caller if one is sent, else the session's.
async fn any_user(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
    if parts.headers.contains_key(AUTHORIZATION) {
        return Ok(Caller::Bearer(
            BearerUser::from_request_parts(parts, state).await?,
        ));
    }
    let session = tower_sessions::Session::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::unauthorized())?;
    let user = app::server::session::require_user(state, &session).await?;
    crate::http::language::caller_is(&user);
    Ok(Caller::Session(user))
}

impl FromRequestParts<AppState> for AnyUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(match any_user(parts, state).await? {
            Caller::Bearer(bearer) => bearer.user,
            Caller::Session(user) => user,
        }))
    }
}

impl FromRequestParts<AppState> for SignedInUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(match any_user(parts, state).await? {
            Caller::Bearer(bearer) => {
                bearer.signed_in()?;
                bearer.user
            }
            Caller::Session(user) => user,
        }))
    }
}

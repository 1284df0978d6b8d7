//! `/api/v1/auth/*` and `/api/v1/me`: thin handlers over `app::server::auth`.

use super::error::{ApiJson, ApiResult, ErrorBody};
use super::extract::{AnyUser, BearerUser, SignedInUser};
use app::features::auth::{TokenPair, User};
use app::server::{auth, erasure, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[serde(default)]
    #[schema(example = "priya@example.com")]
    pub email: String,
    #[serde(default)]
    #[schema(example = "a long passphrase", min_length = 10, max_length = 128)]
    pub password: String,
    #[serde(default)]
    #[schema(example = "Priya Sharma", max_length = 80)]
    pub display_name: String,
    /// `brand` or `creator`.
    #[serde(default)]
    #[schema(example = "creator")]
    pub role: String,
    /// `en`, `hi`, `ta`, `te`, `bn` or `mr`; without it, `Accept-Language` decides.
    #[serde(default)]
    #[schema(example = "hi")]
    pub language: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[serde(default)]
    #[schema(example = "priya@example.com")]
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetConfirm {
    /// The `token` of the link in the reset mail.
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    #[schema(example = "a new long passphrase", min_length = 10, max_length = 128)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "If an account has this address, a reset link is on its way.")]
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    pub user: User,
}

/// Create a brand or creator account.
#[utoipa::path(post, path = "/api/v1/auth/register", operation_id = "register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = UserResponse),
        (status = 409, description = "E-mail already registered", body = ErrorBody),
        (status = 422, description = "A field is not valid; `error.field` names it", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<UserResponse>)> {
    let input = domain::SignUp::parse(&body.email, &body.password, &body.display_name, &body.role)
        .map_err(app::AppError::from)?;
    let language = match body.language.as_deref() {
        Some(raw) => domain::Language::parse(raw, "language").map_err(app::AppError::from)?,
        None => app::server::language::of_headers(&headers),
    };
    let user = auth::register(&state, input, language).await?;
    Ok((StatusCode::CREATED, Json(UserResponse { user })))
}

/// Exchange e-mail and password for an access token (JWT, 24 h) and a refresh token.
#[utoipa::path(post, path = "/api/v1/auth/login", operation_id = "login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong e-mail or password (the same answer for both)", body = ErrorBody),
        (status = 423, description = "Locked after 3 wrong passwords; see Retry-After", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Json<TokenPair>> {
    let user = auth::authenticate(&state, &body.email, &body.password).await?;
    Ok(Json(auth::issue_tokens(&state, &user).await?))
}

/// Swap a refresh token for a new pair. Each refresh token works once;
/// presenting a used one again revokes every token of that sign-in.
#[utoipa::path(post, path = "/api/v1/auth/refresh", operation_id = "refresh_token", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = ErrorBody),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    Ok(Json(auth::refresh(&state, &body.refresh_token).await?))
}

/// Mail a password reset link (single use, valid for one hour). The answer
/// is the same whether or not an account has the address.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", operation_id = "password_reset", tag = "auth", request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted; a link is mailed if an account has the address", body = Accepted),
        (status = 422, description = "Not an e-mail address", body = ErrorBody),
        (status = 429, description = "Too many requests from this client or for this address", body = ErrorBody),
    ))]
pub async fn password_reset(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    app::server::recovery::request_reset(&state, &body.email).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "If an account has this address, a reset link is on its way.".into(),
        }),
    ))
}

/// Set a new password with the token of a reset link. Every other sign-in
/// of the account ends (browser sessions and API tokens) and a lockout is
/// cleared.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", operation_id = "password_reset_confirm", tag = "auth", request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed; sign in with it"),
        (status = 422, description = "The password is not valid, or the token is unknown (`token_invalid`), used (`token_used`) or expired (`token_expired`); `error.field` names which", body = ErrorBody),
        (status = 429, description = "Too many attempts from this client", body = ErrorBody),
    ))]
pub async fn password_reset_confirm(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> ApiResult<StatusCode> {
    app::server::recovery::confirm_reset(&state, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    /// The `token` of the link in the verification mail.
    #[serde(default)]
    pub token: String,
}

/// Verify the account's e-mail address with the token of the link mailed
/// at sign-up (valid for two days, once). No sign-in needed: the token is
/// the proof.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", operation_id = "verify_email", tag = "auth", request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "Verified; `email_verified` is now true"),
        (status = 422, description = "The token is unknown or for an address the account no longer has (`token_invalid`), used (`token_used`) or expired (`token_expired`)", body = ErrorBody),
        (status = 429, description = "Too many attempts from this client", body = ErrorBody),
    ))]
pub async fn verify_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<VerifyEmailRequest>,
) -> ApiResult<StatusCode> {
    app::server::recovery::confirm_verification(&state, &body.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mail the signed-in account a new verification link (at most three links
/// an hour, counting the one sent at sign-up).
#[utoipa::path(post, path = "/api/v1/auth/verify-email/resend", operation_id = "verify_email_resend", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 202, description = "A new link is on its way", body = Accepted),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "The address is already verified", body = ErrorBody),
        (status = 429, description = "Three links were sent in the last hour; see Retry-After", body = ErrorBody),
    ))]
pub async fn verify_email_resend(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    app::server::recovery::resend_verification(&state, &user).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: format!("A new verification link is on its way to {}.", user.email),
        }),
    ))
}

/// End this API sign-in: its access and refresh tokens stop working.
#[utoipa::path(post, path = "/api/v1/auth/logout", operation_id = "logout", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid access token", body = ErrorBody),
    ))]
pub async fn logout(State(state): State<AppState>, caller: BearerUser) -> ApiResult<StatusCode> {
    let Some(family) = caller.family else {
        return Err(AppError::bad_request(
            "A personal API token is not a sign-in; revoke it with DELETE /api/v1/tokens/{id}.",
        )
        .into());
    };
    auth::sign_out_family(&state, family).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account behind the access token.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in account", body = UserResponse),
        (status = 401, description = "No valid access token", body = ErrorBody),
    ))]
pub async fn me(caller: BearerUser) -> Json<UserResponse> {
    Json(UserResponse { user: caller.user })
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccountRequest {
    /// The account's password, re-entered.
    #[serde(default)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeletedAccount {
    /// `deleted`.
    pub status: &'static str,
    /// When the personal data will have been purged (30 days on).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub purge_after: time::OffsetDateTime,
}

/// Delete the account: signed out everywhere, gone from search, matches and
/// public pages at once, "Deleted user" in others' chats and deals; the
/// personal data is purged 30 days later. Takes a sign-in, not a personal
/// token.
#[utoipa::path(delete, path = "/api/v1/me", operation_id = "delete_me", tag = "auth", security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 202, description = "Deleted; the purge follows", body = DeletedAccount),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "A personal API token", body = ErrorBody),
        (status = 422, description = "Password missing or wrong (`fields[].reason` = `password_wrong`)", body = ErrorBody),
    ))]
pub async fn delete_me(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> ApiResult<(StatusCode, Json<DeletedAccount>)> {
    caller.signed_in()?;
    let purge_after = erasure::delete_account(&state, &caller.user, &body.password).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(DeletedAccount {
            status: "deleted",
            purge_after,
        }),
    ))
}

/// Everything kept about the account, as one JSON file: account, profile,
/// portfolio, requests, interests, chats and the caller's own messages,
/// deals, notifications, saved searches, tasks, assistant conversations,
/// token names, reports filed and moderation cases. A sign-in (bearer or
/// the browser's session), not a personal token.
#[utoipa::path(get, path = "/api/v1/me/export", operation_id = "export_me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "The export (`Content-Disposition: attachment`)", body = Object),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A personal API token", body = ErrorBody),
    ))]
pub async fn export_me(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
) -> ApiResult<impl IntoResponse> {
    let data = erasure::export(&state, &user).await?;
    let day = state.clock.now().date();
    let disposition = format!("attachment; filename=\"mat-cha-export-{day}.json\"");
    Ok((
        [
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Json(data),
    ))
}

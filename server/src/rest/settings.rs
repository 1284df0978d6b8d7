//! `/api/v1/tokens` (personal API tokens) and `/api/v1/settings` (time zone).

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::settings::{
    ApiToken, NewApiToken, NotificationSettings, SettingsUpdate, Unsubscribe, UserSettings,
};
use app::server::{api_tokens, notify, settings, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    /// Newest first, revoked ones included.
    pub items: Vec<ApiToken>,
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// What the token is for, e.g. "Claude Desktop".
    #[serde(default)]
    pub name: String,
}

/// The caller's personal API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", operation_id = "list_tokens", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, description = "The caller's personal tokens (never their secrets)", body = TokenList), (status = 403, description = "Sent with a personal token", body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: BearerUser) -> ApiResult<Json<TokenList>> {
    caller.signed_in()?;
    Ok(Json(TokenList {
        items: api_tokens::list(&state, &caller.user).await?,
    }))
}

/// Make a personal API token; its secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", operation_id = "create_token", tag = "tokens", security(("bearer" = [])),
    request_body = TokenRequest,
    responses((status = 201, description = "Created; `token` is shown this once", body = NewApiToken), (status = 403, description = "Sent with a personal token", body = ErrorBody),
        (status = 409, description = "Already 50 live tokens", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<TokenRequest>,
) -> ApiResult<(StatusCode, Json<NewApiToken>)> {
    caller.signed_in()?;
    let made = api_tokens::create(&state, &caller.user, &body.name).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Revoke a personal API token: it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", operation_id = "revoke_token", tag = "tokens", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, description = "Revoked", body = ApiToken), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ApiToken>> {
    caller.signed_in()?;
    let id = uuid_or_404(&id, "That token")?;
    Ok(Json(api_tokens::revoke(&state, &caller.user, id).await?))
}

/// The caller's settings.
#[utoipa::path(get, path = "/api/v1/settings", operation_id = "get_settings", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, description = "The caller's settings", body = UserSettings)))]
pub async fn get(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<UserSettings>> {
    Ok(Json(settings::get(&state, &caller.user).await?))
}

/// Change the caller's time zone (an IANA name such as `Asia/Kolkata`)
/// and/or language (`en`, `hi`, `ta`, `te`, `bn`, `mr`); fields left out stay.
#[utoipa::path(put, path = "/api/v1/settings", operation_id = "save_settings", tag = "tokens", security(("bearer" = [])),
    request_body = SettingsUpdate,
    responses((status = 200, description = "The caller's settings", body = UserSettings), (status = 422, description = "Unknown time zone or language", body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<SettingsUpdate>,
) -> ApiResult<Json<UserSettings>> {
    Ok(Json(settings::save(&state, &caller.user, &body).await?))
}

/// Who hears of what: the master switch for event mail and each event's
/// channels (in the app, by e-mail).
#[utoipa::path(get, path = "/api/v1/settings/notifications", operation_id = "get_notification_settings", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, description = "The caller's notification settings", body = NotificationSettings), (status = 401, body = ErrorBody)))]
pub async fn notifications(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(notify::preferences(&state, &caller.user).await?))
}

/// Change the master switch and/or events' channels; what is left out stays.
#[utoipa::path(put, path = "/api/v1/settings/notifications", operation_id = "save_notification_settings", tag = "tokens", security(("bearer" = [])),
    request_body = domain::notify::PreferencesForm,
    responses((status = 200, description = "The caller's notification settings", body = NotificationSettings),
        (status = 422, description = "An unknown event (`fields[].field` = `events.<key>`)", body = ErrorBody)))]
pub async fn save_notifications(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(body): ApiJson<domain::notify::PreferencesForm>,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(
        notify::save_preferences(&state, &caller.user, &body).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The `token` of the link in an event mail.
    #[serde(default)]
    pub token: String,
}

/// What an unsubscribe link would turn off (no sign-in: the token is the proof).
#[utoipa::path(get, path = "/api/v1/unsubscribe", operation_id = "unsubscribe_target", tag = "tokens", params(UnsubscribeQuery),
    responses((status = 200, description = "The event and whether its mail is on", body = Unsubscribe),
        (status = 422, description = "Not a valid link (`token_invalid`)", body = ErrorBody)))]
pub async fn unsubscribe_target(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> ApiResult<Json<Unsubscribe>> {
    Ok(Json(
        notify::unsubscribe_target(&state, &query.token).await?,
    ))
}

/// One-click unsubscribe (RFC 8058: mail programs POST
/// `List-Unsubscribe=One-Click` here): that event's mail stops; in-app
/// notifications stay.
#[utoipa::path(post, path = "/api/v1/unsubscribe", operation_id = "unsubscribe", tag = "tokens", params(UnsubscribeQuery),
    responses((status = 200, description = "Turned off", body = Unsubscribe),
        (status = 422, description = "Not a valid link (`token_invalid`)", body = ErrorBody)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> ApiResult<Json<Unsubscribe>> {
    Ok(Json(notify::unsubscribe(&state, &query.token).await?))
}

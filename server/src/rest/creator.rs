//! `/api/v1/creator/profile` and `/api/v1/creators/{id}`.

use super::error::{ApiJson, ApiPath, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::creator::{CreatorProfile, PortfolioItem};
use app::server::{portfolio, profiles, AppState};
use app::AppError;
use axum::extract::State;
use axum::Json;
use domain::profile_input::ProfileForm;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProfileResponse {
    pub profile: CreatorProfile,
    /// The creator's samples, oldest first.
    pub portfolio: Vec<PortfolioItem>,
}

impl ProfileResponse {
    async fn of(
        state: &AppState,
        viewer: &app::features::auth::User,
        profile: CreatorProfile,
    ) -> ApiResult<Json<Self>> {
        let portfolio = portfolio::list(state, viewer, profile.user_id).await?;
        Ok(Json(Self { profile, portfolio }))
    }
}

/// The signed-in creator's profile (empty until first saved).
#[utoipa::path(get, path = "/api/v1/creator/profile", operation_id = "get_own_profile", tag = "creators", security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 401, body = ErrorBody),
        (status = 403, description = "The account is not a creator", body = ErrorBody),
    ))]
pub async fn get_own(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<ProfileResponse>> {
    ProfileResponse::of(
        &state,
        &caller.user,
        profiles::get_own(&state, &caller.user).await?,
    )
    .await
}

/// Save the signed-in creator's profile. Every field is optional in a draft;
/// bad values are refused with the field named. The profile is re-embedded
/// in the background (`indexing` is true until then).
#[utoipa::path(put, path = "/api/v1/creator/profile", operation_id = "save_own_profile", tag = "creators", security(("bearer" = [])),
    request_body = ProfileForm,
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 403, description = "The account is not a creator", body = ErrorBody),
        (status = 422, description = "A field is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn save_own(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(form): ApiJson<ProfileForm>,
) -> ApiResult<Json<ProfileResponse>> {
    let input = form.parse().map_err(AppError::from)?;
    ProfileResponse::of(
        &state,
        &caller.user,
        profiles::save_own(&state, &caller.user, input).await?,
    )
    .await
}

/// Any creator's profile; rates are shown to brands (and the creator) only.
#[utoipa::path(get, path = "/api/v1/creators/{id}", operation_id = "get_creator_profile", tag = "creators", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The creator's user id")),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 404, description = "No creator has this id", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProfileResponse>> {
    // A malformed id names no creator: the same 404 as an unknown one.
    let id = uuid_or_404(&id, "That creator")?;
    ProfileResponse::of(
        &state,
        &caller.user,
        profiles::view(&state, &caller.user, id).await?,
    )
    .await
}

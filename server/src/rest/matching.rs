//! Ranked matches, search and saved searches.

use super::error::{ApiJson, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::matching::{CreatorMatches, RequestMatches, SavedSearch, SearchResults};
use app::server::{matching, search, AppState};
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::match_filters::MatchQuery;
use domain::search::{SavedSearchForm, SearchForm};
use serde::Serialize;
use utoipa::ToSchema;

/// The filters every match and search endpoint takes (all optional).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query string; `MatchQuery` reads it
pub struct FilterParams {
    /// 0–100; matches below are left out (default 0).
    min_score: Option<u8>,
    /// A niche key, like `fitness`.
    niche: Option<String>,
    /// A country code, state or city (any case).
    location: Option<String>,
    /// An ISO 639-1 code, like `hi`.
    language: Option<String>,
    min_followers: Option<u64>,
    max_followers: Option<u64>,
    /// Only creators whose lowest rate is within the budget.
    budget_fit: Option<bool>,
    /// 1–100 (default 20).
    limit: Option<u16>,
}

fn filters(query: &MatchQuery) -> Result<domain::match_filters::MatchFilters, AppError> {
    query.parse().map_err(AppError::validation)
}

/// Creators ranked for a request, best first, each with a 0–100 score, its
/// breakdown and a sentence on why. Only the request's brand may ask. When
/// nothing passes, `suggestion` names the filter to relax.
#[utoipa::path(get, path = "/api/v1/requests/{id}/matches", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path), FilterParams),
    responses(
        (status = 200, body = CreatorMatches),
        (status = 403, description = "Another brand's request", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A filter is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn for_request(
    State(state): State<AppState>,
    caller: BearerUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<MatchQuery>,
) -> ApiResult<Json<CreatorMatches>> {
    let id = uuid_or_404(&id, "That collaboration request")?;
    let filters = filters(&query)?;
    Ok(Json(
        matching::for_request(&state, &caller.user, id, &filters).await?,
    ))
}

/// Active requests ranked for the signed-in creator's profile. `min_score`,
/// `niche`, `language`, `budget_fit` and `limit` apply.
#[utoipa::path(get, path = "/api/v1/creator/matches", tag = "matching", security(("bearer" = [])),
    params(FilterParams),
    responses(
        (status = 200, body = RequestMatches),
        (status = 403, description = "Not a creator account", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn for_creator(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(query): ApiQuery<MatchQuery>,
) -> ApiResult<Json<RequestMatches>> {
    let filters = filters(&query)?;
    Ok(Json(
        matching::for_creator(&state, &caller.user, &filters).await?,
    ))
}

/// Search creators or active requests: Postgres full-text and semantic
/// results fused into one ranking (reciprocal rank fusion).
#[utoipa::path(get, path = "/api/v1/search", tag = "matching", security(("bearer" = [])),
    params(
        ("q" = String, Query, description = "1–200 characters"),
        ("kind" = String, Query, description = "`creators` or `requests`"),
        FilterParams,
    ),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(form): ApiQuery<SearchForm>,
) -> ApiResult<Json<SearchResults>> {
    let spec = form.parse().map_err(AppError::validation)?;
    Ok(Json(search::search(&state, &caller.user, &spec).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SavedSearchResponse {
    pub saved_search: SavedSearch,
}

#[derive(Serialize, ToSchema)]
pub struct SavedSearchList {
    pub items: Vec<SavedSearch>,
}

/// The caller's saved searches, newest first.
#[utoipa::path(get, path = "/api/v1/saved-searches", tag = "matching", security(("bearer" = [])),
    responses((status = 200, body = SavedSearchList), (status = 401, body = ErrorBody)))]
pub async fn list_saved(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<SavedSearchList>> {
    Ok(Json(SavedSearchList {
        items: search::list_saved(&state, &caller.user).await?,
    }))
}

/// Save a search under a name (unique per user, any case; at most 50).
#[utoipa::path(post, path = "/api/v1/saved-searches", tag = "matching", security(("bearer" = [])),
    request_body(content = Object, description = "name, q, kind, and any filters (min_score, niche, location, language, min_followers, max_followers, budget_fit, limit)"),
    responses(
        (status = 201, body = SavedSearchResponse),
        (status = 409, description = "The name is taken or the limit is reached", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn save(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(form): ApiJson<SavedSearchForm>,
) -> ApiResult<(StatusCode, Json<SavedSearchResponse>)> {
    let (name, spec) = form.parse().map_err(AppError::validation)?;
    let saved_search = search::save(&state, &caller.user, name.as_str(), &spec).await?;
    Ok((
        StatusCode::CREATED,
        Json(SavedSearchResponse { saved_search }),
    ))
}

/// Delete one of the caller's saved searches.
#[utoipa::path(delete, path = "/api/v1/saved-searches/{id}", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_saved(
    State(state): State<AppState>,
    caller: BearerUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = uuid_or_404(&id, "That saved search")?;
    search::delete_saved(&state, &caller.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Run one of the caller's saved searches now.
#[utoipa::path(post, path = "/api/v1/saved-searches/{id}/run", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SearchResults), (status = 404, body = ErrorBody)))]
pub async fn run_saved(
    State(state): State<AppState>,
    caller: BearerUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SearchResults>> {
    let id = uuid_or_404(&id, "That saved search")?;
    Ok(Json(search::run_saved(&state, &caller.user, id).await?))
}

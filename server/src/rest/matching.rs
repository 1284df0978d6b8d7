//! Ranked matches, search and saved searches.

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::{uuid_or_404, BearerUser};
use app::features::matching::{CreatorMatches, RequestMatches, SavedSearch, SearchResults};
use app::server::{matching, search, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::match_filters::MatchQuery;
use domain::search::{SavedSearchForm, SearchForm};
use serde::Serialize;
use utoipa::ToSchema;

fn filters(query: &MatchQuery) -> Result<domain::match_filters::MatchFilters, AppError> {
    query.parse().map_err(AppError::validation)
}

/// Creators ranked for a request, best first, each with a 0–100 score, its
/// breakdown and a sentence on why. Only the request's brand may ask. When
/// nothing passes, `suggestion` names the filter to relax.
#[utoipa::path(get, path = "/api/v1/requests/{id}/matches", operation_id = "match_creators", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path), MatchQuery),
    responses(
        (status = 200, description = "Creators ranked for the request, each with its reasons", body = CreatorMatches),
        (status = 403, description = "Another brand's request", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A filter is not valid; `error.field` names it", body = ErrorBody),
    ))]
pub async fn for_request(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
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
#[utoipa::path(get, path = "/api/v1/creator/matches", operation_id = "match_requests", tag = "matching", security(("bearer" = [])),
    params(MatchQuery),
    responses(
        (status = 200, description = "Active requests ranked for the creator, each with its reasons", body = RequestMatches),
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
#[utoipa::path(get, path = "/api/v1/search", operation_id = "search", tag = "matching", security(("bearer" = [])),
    params(
        ("q" = String, Query, description = "1–200 characters"),
        ("kind" = String, Query, description = "`creators` or `requests`"),
        MatchQuery,
    ),
    responses((status = 200, description = "Ranked results", body = SearchResults), (status = 422, body = ErrorBody)))]
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
#[utoipa::path(get, path = "/api/v1/saved-searches", operation_id = "list_saved_searches", tag = "matching", security(("bearer" = [])),
    responses((status = 200, description = "The caller's saved searches", body = SavedSearchList), (status = 401, body = ErrorBody)))]
pub async fn list_saved(
    State(state): State<AppState>,
    caller: BearerUser,
) -> ApiResult<Json<SavedSearchList>> {
    Ok(Json(SavedSearchList {
        items: search::list_saved(&state, &caller.user).await?,
    }))
}

/// Save a search under a name (unique per user, any case; at most 50).
#[utoipa::path(post, path = "/api/v1/saved-searches", operation_id = "save_search", tag = "matching", security(("bearer" = [])),
    request_body = SavedSearchForm,
    responses(
        (status = 201, description = "Saved", body = SavedSearchResponse),
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
#[utoipa::path(delete, path = "/api/v1/saved-searches/{id}", operation_id = "delete_saved_search", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = ErrorBody)))]
pub async fn delete_saved(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let id = uuid_or_404(&id, "That saved search")?;
    search::delete_saved(&state, &caller.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Run one of the caller's saved searches now.
#[utoipa::path(post, path = "/api/v1/saved-searches/{id}/run", operation_id = "run_saved_search", tag = "matching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "Ranked results", body = SearchResults), (status = 404, body = ErrorBody)))]
pub async fn run_saved(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SearchResults>> {
    let id = uuid_or_404(&id, "That saved search")?;
    Ok(Json(search::run_saved(&state, &caller.user, id).await?))
}

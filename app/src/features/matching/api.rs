//! Server functions for the creator's matches, search and saved searches.

use super::{RequestMatches, SavedSearch, SearchResults};
use crate::error::AppError;
use domain::match_filters::MatchQuery;
use domain::search::{SavedSearchForm, SearchForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

#[server(endpoint = "matching/for_me", input = Json)]
pub async fn my_matches(query: MatchQuery) -> Result<RequestMatches, AppError> {
    use crate::server::{matching, session};
    crate::error::respond(
        async move {
            let filters = query.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            matching::for_creator(&state, &user, &filters).await
        }
        .await,
    )
}

#[server(endpoint = "matching/search", input = Json)]
pub async fn search(form: SearchForm) -> Result<SearchResults, AppError> {
    use crate::server::{search, session};
    crate::error::respond(
        async move {
            let spec = form.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            search::search(&state, &user, &spec).await
        }
        .await,
    )
}

#[server(endpoint = "matching/saved")]
pub async fn saved_searches() -> Result<Vec<SavedSearch>, AppError> {
    use crate::server::{search, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            search::list_saved(&state, &user).await
        }
        .await,
    )
}

#[server(endpoint = "matching/save_search", input = Json)]
pub async fn save_search(form: SavedSearchForm) -> Result<SavedSearch, AppError> {
    use crate::server::{search, session};
    crate::error::respond(
        async move {
            let (name, spec) = form.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            search::save(&state, &user, name.as_str(), &spec).await
        }
        .await,
    )
}

#[server(endpoint = "matching/delete_search")]
pub async fn delete_search(id: Uuid) -> Result<(), AppError> {
    use crate::server::{search, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            search::delete_saved(&state, &user, id).await
        }
        .await,
    )
}

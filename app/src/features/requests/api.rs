//! Server functions for collaboration requests and their matches.

use super::CollabRequest;
use crate::error::AppError;
use crate::features::matching::CreatorMatches;
use domain::match_filters::MatchQuery;
use domain::request_input::RequestForm;
use domain::RequestStatus;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A request on the brand's list, with how many creators fit it well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub request: CollabRequest,
    /// Creators scoring at least `GOOD_MATCH` (counted among the best 100);
    /// none for a closed request, which nobody is matched to any more.
    pub good_matches: Option<usize>,
}

/// How many requests' matches are counted at once for the list.
#[cfg(feature = "ssr")]
const COUNTED_AT_ONCE: usize = 4;

/// The score from which a match counts as good on summaries.
pub const GOOD_MATCH: u8 = 50;

#[server(endpoint = "requests/mine")]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    use crate::server::{matching, requests, session};
    crate::error::respond(
        async move {
            use futures::{StreamExt, TryStreamExt};
            let (state, user) = session::caller().await?;
            let (state, user) = (&state, &user);
            futures::stream::iter(requests::list_own(state, user).await?)
                .map(|request| async move {
                    let good_matches = if request.status == RequestStatus::Closed {
                        None
                    } else {
                        Some(matching::count_good(state, user, request.id, GOOD_MATCH).await?)
                    };
                    Ok::<_, AppError>(RequestSummary {
                        request,
                        good_matches,
                    })
                })
                .buffered(COUNTED_AT_ONCE)
                .try_collect()
                .await
        }
        .await,
    )
}

#[server(endpoint = "requests/one")]
pub async fn request(id: Uuid) -> Result<CollabRequest, AppError> {
    use crate::server::{requests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            requests::get(&state, &user, id).await
        }
        .await,
    )
}

/// Creates a request (`id` absent) or saves changes to one.
#[server(endpoint = "requests/save", input = Json)]
pub async fn save_request(id: Option<Uuid>, form: RequestForm) -> Result<CollabRequest, AppError> {
    use crate::server::{requests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let input = form
                .parse(state.clock.now().date())
                .map_err(AppError::validation)?;
            match id {
                None => requests::create(&state, &user, input).await,
                Some(id) => requests::update(&state, &user, id, input).await,
            }
        }
        .await,
    )
}

#[server(endpoint = "requests/status")]
pub async fn change_status(id: Uuid, status: RequestStatus) -> Result<CollabRequest, AppError> {
    use crate::server::{requests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            requests::change_status(&state, &user, id, status).await
        }
        .await,
    )
}

#[server(endpoint = "requests/matches", input = Json)]
pub async fn request_matches(id: Uuid, query: MatchQuery) -> Result<CreatorMatches, AppError> {
    use crate::server::{matching, session};
    crate::error::respond(
        async move {
            let filters = query.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            matching::for_request(&state, &user, id, &filters).await
        }
        .await,
    )
}

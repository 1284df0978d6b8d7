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
    /// Creators scoring at least `GOOD_MATCH` (counted among the best 100).
    pub good_matches: usize,
}

/// The score from which a match counts as good on summaries.
pub const GOOD_MATCH: u8 = 50;

#[server(endpoint = "requests/mine")]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    use crate::server::{matching, requests, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let mut out = Vec::new();
            for request in requests::list_own(&state, &user).await? {
                let good_matches =
                    matching::count_good(&state, &user, request.id, GOOD_MATCH).await?;
                out.push(RequestSummary {
                    request,
                    good_matches,
                });
            }
            Ok(out)
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

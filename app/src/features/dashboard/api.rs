//! The dashboard's own reads: what its cards show and no more (the full
//! profile and portfolio stay with the profile page's code).

use crate::error::AppError;
use domain::profile::Completeness;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The creator's profile card on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorCard {
    pub completeness: Completeness,
    /// True until the latest profile is embedded and matchable.
    pub indexing: bool,
    /// Portfolio samples, in every state.
    pub samples: u64,
}

#[server(endpoint = "dashboard/creator_summary")]
pub async fn creator_summary() -> Result<CreatorCard, AppError> {
    use crate::server::{profiles, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let profile = profiles::get_own(&state, &user).await?;
            Ok(CreatorCard {
                completeness: profile.completeness,
                indexing: profile.indexing,
                samples: profile.portfolio_count,
            })
        }
        .await,
    )
}

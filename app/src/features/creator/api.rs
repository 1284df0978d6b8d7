//! Server functions for the creator's own profile and portfolio.

use super::{CreatorProfile, PortfolioItem};
use crate::error::AppError;
use domain::profile_input::ProfileForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed-in creator's profile with its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileWithSamples {
    pub profile: CreatorProfile,
    pub portfolio: Vec<PortfolioItem>,
}

#[server(endpoint = "creator/my_profile")]
pub async fn my_profile() -> Result<ProfileWithSamples, AppError> {
    use crate::server::{portfolio, profiles, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let profile = profiles::get_own(&state, &user).await?;
            let portfolio = portfolio::list(&state, &user, user.id).await?;
            Ok(ProfileWithSamples { profile, portfolio })
        }
        .await,
    )
}

#[server(endpoint = "creator/save_profile", input = Json)]
pub async fn save_profile(form: ProfileForm) -> Result<CreatorProfile, AppError> {
    use crate::server::{profiles, session};
    crate::error::respond(
        async move {
            let input = form.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            profiles::save_own(&state, &user, input).await
        }
        .await,
    )
}

#[server(endpoint = "creator/delete_sample")]
pub async fn delete_sample(id: Uuid) -> Result<(), AppError> {
    use crate::server::{portfolio, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            portfolio::delete(&state, &user, id).await
        }
        .await,
    )
}

/// Any creator's profile and samples, as the caller may see them.
#[server(endpoint = "creator/profile_of")]
pub async fn profile_of(id: Uuid) -> Result<ProfileWithSamples, AppError> {
    use crate::server::{portfolio, profiles, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let profile = profiles::view(&state, &user, id).await?;
            let portfolio = portfolio::list(&state, &user, id).await?;
            Ok(ProfileWithSamples { profile, portfolio })
        }
        .await,
    )
}

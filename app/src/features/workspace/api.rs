//! Server functions of the deal workspace: thin calls into the service
//! layer with the session's user.

use super::{AcceptForm, Contract, Deliverable, Milestone, MilestoneAction, Workspace};
use crate::error::AppError;
use domain::contract::ContractDetailsForm;
use domain::deliverable::ReviewForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

#[server(endpoint = "workspace/get")]
pub async fn deal_workspace(deal: Uuid) -> Result<Workspace, AppError> {
    use crate::server::{deals, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deals::workspace(&state, &user, deal).await
        }
        .await,
    )
}

#[server(endpoint = "workspace/generate", input = Json)]
pub async fn generate_contract(
    deal: Uuid,
    form: ContractDetailsForm,
) -> Result<Contract, AppError> {
    use crate::server::{contracts, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            contracts::generate(&state, &user, deal, &form).await
        }
        .await,
    )
}

/// A new version with the whole form as the changes.
#[server(endpoint = "workspace/revise", input = Json)]
pub async fn revise_contract(id: Uuid, form: ContractDetailsForm) -> Result<Contract, AppError> {
    use crate::server::{contracts, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let changes = serde_json::to_value(&form).map_err(|_| AppError::internal())?;
            contracts::revise(&state, &user, id, &changes).await
        }
        .await,
    )
}

#[server(endpoint = "workspace/accept", input = Json)]
pub async fn accept_contract(id: Uuid, form: AcceptForm) -> Result<Contract, AppError> {
    use crate::server::{contracts, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            let parts = leptos_axum::extract::<axum::http::request::Parts>()
                .await
                .map_err(|_| AppError::internal())?;
            let witness = contracts::Witness::of(
                parts.extensions.get::<contracts::ClientAddr>(),
                &parts.headers,
            );
            contracts::accept(&state, &user, id, &form, &witness).await
        }
        .await,
    )
}

#[server(endpoint = "workspace/milestones")]
pub async fn deal_milestones(deal: Uuid) -> Result<Vec<Milestone>, AppError> {
    use crate::server::{milestones, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            milestones::list(&state, &user, deal).await
        }
        .await,
    )
}

/// `key` makes a repeat (a double click, a retry) change nothing.
#[server(endpoint = "workspace/milestone", input = Json)]
pub async fn milestone_act(
    id: Uuid,
    action: MilestoneAction,
    key: String,
) -> Result<Milestone, AppError> {
    use crate::server::{milestones, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            milestones::act(&state, &user, id, &action, Some(&key)).await
        }
        .await,
    )
}

/// A link to the final PDF that works for five minutes.
#[server(endpoint = "workspace/pdf")]
pub async fn contract_pdf_link(id: Uuid) -> Result<String, AppError> {
    use crate::server::{contracts, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            contracts::pdf_link(&state, &user, id).await
        }
        .await,
    )
}

#[server(endpoint = "workspace/deliverables")]
pub async fn deal_deliverables(deal: Uuid) -> Result<Vec<Deliverable>, AppError> {
    use crate::server::{deliverables, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deliverables::list(&state, &user, deal).await
        }
        .await,
    )
}

/// The brand's decision on draft `id`; answers its deliverable.
#[server(endpoint = "workspace/review", input = Json)]
pub async fn review_submission(id: Uuid, form: ReviewForm) -> Result<Deliverable, AppError> {
    use crate::server::{deliverables, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            deliverables::review(&state, &user, id, &form).await
        }
        .await,
    )
}

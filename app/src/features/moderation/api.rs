//! Server functions for reports.

use super::FiledReport;
use crate::error::AppError;
use domain::moderation::report::ReportForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "moderation/report", input = Json)]
pub async fn file_report(form: ReportForm) -> Result<FiledReport, AppError> {
    use crate::server::{reports, session};
    crate::error::respond(
        async move {
            let report = form.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            reports::file(&state, &user, report).await
        }
        .await,
    )
}

/// The decided cases about the caller's items and account, newest first.
#[server(endpoint = "moderation/my_cases")]
pub async fn my_cases() -> Result<Vec<super::AuthorCase>, AppError> {
    use crate::server::{moderation_queue, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            moderation_queue::author_cases(&state, &user).await
        }
        .await,
    )
}

/// The author's one appeal.
#[server(endpoint = "moderation/appeal")]
pub async fn appeal_case(id: uuid::Uuid, statement: String) -> Result<(), AppError> {
    use crate::server::{moderation_queue, session};
    crate::error::respond(
        async move {
            let (state, user) = session::caller().await?;
            moderation_queue::appeal(&state, &user, id, &statement)
                .await
                .map(|_| ())
        }
        .await,
    )
}

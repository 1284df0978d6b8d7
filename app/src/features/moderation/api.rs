//! Server functions for reports and appeals.

use crate::error::AppError;
use leptos::prelude::*;

/// Files a report (the same rules as `POST /api/v1/reports`). Plain form
/// arguments keep JSON encoding out of the pages that offer a report.
#[server(endpoint = "moderation/report")]
pub async fn file_report(
    target_type: String,
    target_id: String,
    reason: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{reports, session};
    use domain::moderation::report::{IdForm, ReportForm};
    crate::error::respond(
        async move {
            let form = ReportForm {
                target_type,
                target_id: IdForm::Text(target_id),
                reason,
                note,
            };
            let report = form.parse().map_err(AppError::validation)?;
            let (state, user) = session::caller().await?;
            reports::file(&state, &user, report).await.map(|_| ())
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

//! Reports by users (requirement 17): anyone signed in may report what they
//! can see, once per item. A report joins the item's case in the queue and
//! is a flag against its author; three flags put the account under review.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::moderation::FiledReport;
use domain::moderation::report::{Report, Target};
use domain::moderation::{Reason, Source};
use domain::FieldError;
use uuid::Uuid;

/// Who wrote what `target` names, and its text for the moderator, if
/// `caller` can see it (what they cannot see, they cannot report: 404).
async fn author_of(
    state: &AppState,
    caller: &User,
    target: Target,
) -> Result<(Uuid, String), AppError> {
    match target {
        Target::Request(id) => {
            let request = super::requests::get(state, caller, id).await?;
            let text = format!("{}\n\n{}", request.title, request.description);
            Ok((request.brand_id, text))
        }
        Target::Profile(id) => {
            let profile = super::profiles::view(state, caller, id).await?;
            Ok((id, format!("{}\n\n{}", profile.display_name, profile.bio)))
        }
        Target::PortfolioItem(id) => match db::reports::portfolio_item(&state.pool, id).await? {
            Some((author, text, published)) if published || author == caller.id => {
                Ok((author, text))
            }
            _ => Err(AppError::not_found("That portfolio sample")),
        },
        Target::Message(id) => db::reports::message(&state.pool, id, caller.id)
            .await?
            .ok_or_else(|| AppError::not_found("That message")),
        Target::Account(id) => db::users::display_name(&state.pool, id)
            .await?
            .map(|name| (id, name))
            .ok_or_else(|| AppError::not_found("That account")),
        Target::Deal(_) => Err(AppError::not_found("That item")),
    }
}

/// Files `report` by `caller`: 201 with the report, 409 for a second report
/// of the same item, 404 for what the caller cannot see, 422 for their own.
pub async fn file(
    state: &AppState,
    caller: &User,
    report: Report,
) -> Result<FiledReport, AppError> {
    let (author, excerpt) = author_of(state, caller, report.target).await?;
    if author == caller.id {
        return Err(AppError::validation(vec![FieldError::new(
            "target_id",
            "own_item",
            "You cannot report your own content or account.",
        )]));
    }
    let reason = Reason {
        category: report.reason.category(),
        source: Source::Report,
        evidence: report.reason.key().to_owned(),
    };
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let case =
        db::moderation::open_for_report(&mut *tx, report.target, author, &reason, &excerpt, now)
            .await?;
    let Some(id) = db::reports::insert(&mut *tx, caller.id, author, &report, case, now).await?
    else {
        // Dropping the transaction takes the case change back too.
        return Err(AppError::conflict("You have already reported this."));
    };
    super::moderation::review_if_flagged(&mut tx, author, now).await?;
    tx.commit().await?;
    Ok(FiledReport {
        id,
        target_type: report.target.kind().to_owned(),
        target_id: report.target.id(),
        reason: report.reason.key().to_owned(),
        state: "open".to_owned(),
        created_at: now,
    })
}

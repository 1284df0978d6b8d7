//! What administrators may do with accounts: list them, newest first.

use super::{db, AppState};
use crate::error::AppError;
use crate::features::admin::{AccountPage, AccountSummary};
use crate::features::auth::User;
use domain::Role;

pub const PER_PAGE: u32 = 20;

pub async fn list(state: &AppState, caller: &User, page: u32) -> Result<AccountPage, AppError> {
    if caller.role != Role::Admin {
        return Err(AppError::forbidden(
            "Only administrators can list accounts.",
        ));
    }
    // The list shows e-mail addresses: the view is logged.
    super::moderation_queue::log_access(state, caller, None, "accounts_list").await?;
    let page = page.max(1);
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let (rows, total) = db::users::list(&state.pool, i64::from(PER_PAGE), offset).await?;
    let now = state.clock.now();
    let items = rows
        .into_iter()
        .map(|row| {
            let (user, locked_until) = row.into_parts();
            AccountSummary {
                locked: locked_until.is_some_and(|t| t > now),
                user,
            }
        })
        .collect();
    Ok(AccountPage {
        items,
        page,
        per_page: PER_PAGE,
        total: u64::try_from(total).unwrap_or(0),
    })
}

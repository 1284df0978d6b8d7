//! Personal API tokens (issue 5): made and revoked by their owner, shown
//! once, kept as a SHA-256 hash; accepted as `Authorization: Bearer` by REST
//! and MCP.

use super::{db, tokens, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use crate::features::settings::{ApiToken, NewApiToken};
use domain::text::BoundedText;
use time::Duration;
use uuid::Uuid;

/// Every personal token starts with this, so it is told from an access token
/// (and recognised by secret scanners).
pub const PREFIX: &str = "mct_";
/// At most this many live tokens per user.
pub const MAX_LIVE: i64 = 50;
/// `last_used_at` is written at most this often per token.
const TOUCH_EVERY: Duration = Duration::minutes(1);

pub fn is_personal(token: &str) -> bool {
    token.starts_with(PREFIX)
}

fn view(row: db::api_tokens::ApiTokenRow) -> ApiToken {
    ApiToken {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

pub async fn create(state: &AppState, caller: &User, name: &str) -> Result<NewApiToken, AppError> {
    let name = BoundedText::parse(name, "name", 1, 100)?;
    if db::api_tokens::count_live(&state.pool, caller.id).await? >= MAX_LIVE {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("You have {MAX_LIVE} tokens; revoke one you no longer use first."),
        ));
    }
    let secret = format!("{PREFIX}{}", tokens::new_refresh_token());
    let prefix: String = secret.chars().take(PREFIX.len() + 6).collect();
    let row = db::api_tokens::insert(
        &state.pool,
        caller.id,
        name.as_str(),
        &tokens::hash_refresh_token(&secret),
        &prefix,
        state.clock.now(),
    )
    .await?;
    Ok(NewApiToken {
        token: view(row),
        secret,
    })
}

pub async fn list(state: &AppState, caller: &User) -> Result<Vec<ApiToken>, AppError> {
    Ok(db::api_tokens::list(&state.pool, caller.id)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

pub async fn revoke(state: &AppState, caller: &User, id: Uuid) -> Result<ApiToken, AppError> {
    db::api_tokens::revoke(&state.pool, caller.id, id, state.clock.now())
        .await?
        .map(view)
        .ok_or_else(|| AppError::not_found("That token"))
}

/// The owner of a live personal token; notes when it was used.
pub async fn authenticate(state: &AppState, secret: &str) -> Result<User, AppError> {
    let (user, id, last_used) =
        db::api_tokens::owner(&state.pool, &tokens::hash_refresh_token(secret))
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Unauthorized,
                    "This API token is not valid or was revoked.",
                )
            })?;
    let now = state.clock.now();
    if last_used.is_none_or(|t| now - t >= TOUCH_EVERY) {
        db::api_tokens::touch(&state.pool, id, now).await?;
    }
    Ok(user)
}

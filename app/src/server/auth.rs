//! Accounts and sign-in: registration, password checks with lockout, API
//! token pairs with rotation and reuse detection. REST handlers and server
//! functions both call these.

use super::{db, passwords, tokens, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::{TokenPair, User};
use domain::{DisplayName, Email, FieldError, Language, LoginCheck, Password, Role, SignUp};
use time::OffsetDateTime;
use uuid::Uuid;

fn locked(until: OffsetDateTime, now: OffsetDateTime) -> AppError {
    let secs = domain::retry_after_secs(until, now);
    let minutes = secs.div_ceil(60);
    AppError {
        retry_after: Some(secs),
        ..AppError::new(
            ErrorCode::AccountLocked,
            format!(
                "Too many wrong passwords. This account is locked for {minutes} more minute{}.",
                if minutes == 1 { "" } else { "s" },
            ),
        )
    }
}

#[tracing::instrument(skip_all, fields(role = %sign_up.role))]
/// Opens an account that reads the product in `language` (the one the
/// visitor was browsing in) and mails it a link that verifies its address.
pub async fn register(
    state: &AppState,
    sign_up: SignUp,
    language: Language,
) -> Result<User, AppError> {
    let new = NewAccount {
        email: &sign_up.email,
        password: &sign_up.password,
        name: &sign_up.display_name,
        role: sign_up.role,
        language,
        verified: false,
    };
    create_account(state, new).await
}

/// Creates an admin account (command line only; its address counts as
/// verified).
pub async fn create_admin(
    state: &AppState,
    email: &Email,
    password: &Password,
    name: &DisplayName,
) -> Result<User, AppError> {
    let new = NewAccount {
        email,
        password,
        name,
        role: Role::Admin,
        language: Language::En,
        verified: true,
    };
    create_account(state, new).await
}

struct NewAccount<'a> {
    email: &'a Email,
    password: &'a Password,
    name: &'a DisplayName,
    role: Role,
    language: Language,
    verified: bool,
}

/// The account and, unless it counts as verified, its verification mail:
/// both or neither.
async fn create_account(state: &AppState, new: NewAccount<'_>) -> Result<User, AppError> {
    super::moderation::check_name("display_name", new.name.as_str())?;
    let hash = passwords::hash(new.password).await?;
    let row = db::users::NewUser {
        email: new.email.as_str(),
        password_hash: &hash,
        display_name: new.name.as_str(),
        role: new.role,
        language: new.language,
        verified: new.verified,
        now: state.clock.now(),
    };
    let mut tx = state.pool.begin().await?;
    let user = db::users::insert(&mut *tx, row)
        .await
        .map_err(|e| match AppError::from(e) {
            err if err.code == ErrorCode::Conflict => AppError {
                fields: vec![FieldError::new(
                    "email",
                    "email_taken",
                    "An account with this e-mail already exists.",
                )],
                ..AppError::conflict("An account with this e-mail already exists.")
            },
            err => err,
        })?;
    if !new.verified {
        super::recovery::queue_verification(&mut tx, state, &user).await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// Checks an e-mail and password, applying the lockout policy. Unknown
/// e-mails and wrong passwords get the same answer.
#[tracing::instrument(skip_all)]
pub async fn authenticate(state: &AppState, email: &str, password: &str) -> Result<User, AppError> {
    let mut missing = Vec::new();
    if email.trim().is_empty() {
        missing.push(FieldError::new("email", "required", "E-mail is required."));
    }
    if password.is_empty() {
        missing.push(FieldError::new(
            "password",
            "required",
            "Password is required.",
        ));
    }
    if !missing.is_empty() {
        return Err(AppError::validation(missing));
    }
    let Ok(email) = Email::parse(email) else {
        passwords::verify_against_dummy(password).await?;
        return Err(AppError::invalid_credentials());
    };
    let Some(found) = db::users::find_credentials(&state.pool, email.as_str()).await? else {
        passwords::verify_against_dummy(password).await?;
        return Err(AppError::invalid_credentials());
    };
    let now = state.clock.now();
    if let LoginCheck::Locked { until } = found.lock.check(now) {
        return Err(locked(until, now));
    }
    let matches = passwords::verify(password, &found.password_hash).await?;
    if matches && found.lock == domain::LockState::unlocked() {
        return Ok(found.user);
    }
    // Re-read under a row lock: concurrent attempts must each be counted.
    let mut tx = state.pool.begin().await?;
    let lock = db::users::lock_state_for_update(&mut *tx, found.user.id).await?;
    if let LoginCheck::Locked { until } = lock.check(now) {
        tx.commit().await?;
        return Err(locked(until, now));
    }
    let next = if matches {
        lock.after_success()
    } else {
        lock.after_failure(now)
    };
    db::users::set_lock_state(&mut *tx, found.user.id, next).await?;
    tx.commit().await?;
    match (matches, next.check(now)) {
        (true, _) => Ok(found.user),
        (false, LoginCheck::Locked { until }) => {
            tracing::warn!(user = %found.user.id, "account locked after repeated failed sign-ins");
            Err(locked(until, now))
        }
        (false, LoginCheck::Allowed) => Err(AppError::invalid_credentials()),
    }
}

/// Starts an API sign-in: a new token family with its first pair.
#[tracing::instrument(skip_all)]
pub async fn issue_tokens(state: &AppState, user: &User) -> Result<TokenPair, AppError> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let family = db::tokens::insert_family(&mut *tx, user.id, now).await?;
    let pair = new_pair(&mut tx, state, user.id, family, None, now).await?;
    tx.commit().await?;
    Ok(pair)
}

/// A new access and refresh token for `family`; an app's (`grant`) lives
/// shorter and carries its resource and scopes.
pub(crate) async fn new_pair(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    state: &AppState,
    user: Uuid,
    family: Uuid,
    grant: Option<tokens::Grant<'_>>,
    now: OffsetDateTime,
) -> Result<TokenPair, AppError> {
    let settings = &state.settings;
    let ttl = if grant.is_some() {
        settings.app_access_token_ttl
    } else {
        settings.access_token_ttl
    };
    let refresh = tokens::new_refresh_token();
    db::tokens::insert_refresh(
        &mut **tx,
        &tokens::hash_refresh_token(&refresh),
        family,
        now,
        now + settings.refresh_token_ttl,
    )
    .await?;
    let access = tokens::encode_access(&settings.jwt_secret, user, family, grant, now, ttl)?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: ttl.whole_seconds(),
    })
}

fn refresh_refused(message: &str) -> AppError {
    AppError::new(ErrorCode::Unauthorized, message)
}

/// Swaps a refresh token for a new pair. A token that was already used
/// revokes its whole family: someone else may hold a copy.
#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, refresh_token: &str) -> Result<TokenPair, AppError> {
    Ok(rotate(state, refresh_token, None).await?.0)
}

/// Swaps a refresh token of `client`'s sign-ins (`None`: a password
/// sign-in's) for a new pair, with the scopes of an app's sign-in.
#[tracing::instrument(skip_all)]
pub(crate) async fn rotate(
    state: &AppState,
    refresh_token: &str,
    client: Option<&str>,
) -> Result<(TokenPair, Option<String>), AppError> {
    let now = state.clock.now();
    let hash = tokens::hash_refresh_token(refresh_token);
    let mut tx = state.pool.begin().await?;
    let row = db::tokens::find_refresh_for_update(&mut *tx, &hash).await?;
    let Some(row) = row.filter(|r| r.client_id.as_deref() == client) else {
        return Err(refresh_refused("The refresh token is not valid."));
    };
    if row.family_revoked_at.is_some() {
        return Err(refresh_refused("This sign-in has ended. Sign in again."));
    }
    if row.used_at.is_some() {
        db::tokens::revoke_family(&mut *tx, row.family_id, "refresh_token_reuse", now).await?;
        tx.commit().await?;
        tracing::warn!(family = %row.family_id, "refresh token reused; family revoked");
        return Err(refresh_refused("This refresh token was already used, so every token of this sign-in was revoked. Sign in again."));
    }
    if row.expires_at <= now {
        return Err(refresh_refused(
            "The refresh token has expired. Sign in again.",
        ));
    }
    db::tokens::mark_used(&mut *tx, &hash, now).await?;
    let scope = row.scopes.as_deref().map(|s| s.join(" "));
    let grant = match (&row.resource, &scope) {
        (Some(resource), Some(scope)) => Some(tokens::Grant { resource, scope }),
        _ => None,
    };
    let pair = new_pair(&mut tx, state, row.user_id, row.family_id, grant, now).await?;
    tx.commit().await?;
    Ok((pair, scope))
}

/// Ends an API sign-in: its refresh tokens and access tokens stop working.
pub async fn sign_out_family(state: &AppState, family: Uuid) -> Result<(), AppError> {
    Ok(db::tokens::revoke_family(&state.pool, family, "sign_out", state.clock.now()).await?)
}

/// Who a bearer access token speaks for, and, for an app's token, what it
/// is limited to.
#[derive(Debug, Clone)]
pub struct Access {
    pub user: User,
    pub family: Uuid,
    /// An app's token: the resource it is for.
    pub audience: Option<String>,
    /// An app's token: what it may do (`None`: anything the user may).
    pub scopes: Option<Vec<domain::oauth::Scope>>,
}

/// The user and family behind a bearer access token.
#[tracing::instrument(skip_all)]
pub async fn authenticate_access_token(state: &AppState, token: &str) -> Result<Access, AppError> {
    let claims = tokens::decode_access(&state.settings.jwt_secret, token, state.clock.now())?;
    let user = db::tokens::user_in_live_family(&state.pool, claims.sub, claims.fam)
        .await?
        .ok_or_else(|| refresh_refused("This sign-in has ended. Sign in again."))?;
    let scopes = claims.scope.as_deref().map(|s| {
        s.split_whitespace()
            .filter_map(domain::oauth::Scope::from_key)
            .collect()
    });
    Ok(Access {
        user,
        family: claims.fam,
        audience: claims.aud,
        scopes,
    })
}

pub async fn find_user(state: &AppState, id: Uuid) -> Result<Option<User>, AppError> {
    Ok(db::users::find_by_id(&state.pool, id).await?)
}

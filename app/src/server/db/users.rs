//! The `users` table.

use crate::features::auth::User;
use domain::moderation::report::AccountStatus;
use domain::{Language, LockState, Role};
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
pub(super) struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    created_at: OffsetDateTime,
    language: String,
    status: String,
    email_verified: bool,
}

/// The columns of a [`UserRow`], for a query that names `users` as `u`.
pub(super) const USER_COLUMNS: &str =
    "u.id, u.email, u.display_name, u.role, u.created_at, u.language, u.status,
    u.email_verified_at IS NOT NULL AS email_verified";

/// The CHECK constraint allows only the six codes.
fn stored_language(code: &str) -> Language {
    Language::parse(code, "language").unwrap_or_default()
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            // The CHECK constraint allows only known roles.
            role: Role::from_db(&r.role).unwrap_or(Role::Creator),
            created_at: r.created_at,
            language: stored_language(&r.language),
            // The CHECK constraint allows only known standings.
            status: AccountStatus::from_key(&r.status).unwrap_or(AccountStatus::PendingReview),
            email_verified: r.email_verified,
        }
    }
}

/// What sign-in needs: the account, its hash and its lockout state.
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub lock: LockState,
}

#[derive(FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
    failed_logins: i32,
    locked_until: Option<OffsetDateTime>,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub language: Language,
    /// Whether the address counts as verified from the start (accounts
    /// made on the command line and the demo's).
    pub verified: bool,
    pub now: OffsetDateTime,
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl PgExecutor<'_>, new: NewUser<'_>) -> sqlx::Result<User> {
    sqlx::query_as::<_, UserRow>(&format!(
        "INSERT INTO users AS u (id, email, password_hash, display_name, role, language, created_at, updated_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $7, $6, $6, CASE WHEN $8 THEN $6 END)
         RETURNING {USER_COLUMNS}"
    ))
    .bind(Uuid::now_v7())
    .bind(new.email)
    .bind(new.password_hash)
    .bind(new.display_name)
    .bind(new.role.as_str())
    .bind(new.now)
    .bind(new.language.code())
    .bind(new.verified)
    .fetch_one(db)
    .await
    .map(Into::into)
}

#[tracing::instrument(skip_all)]
pub async fn find_by_id(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<User>> {
    sqlx::query_as::<_, UserRow>(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
    .map(|r| r.map(Into::into))
}

/// The user of a browser session that signed in at `signed_in_at`, unless
/// the account is gone or a password reset ended its sessions since.
#[tracing::instrument(skip_all)]
pub async fn find_signed_in(
    db: impl PgExecutor<'_>,
    id: Uuid,
    signed_in_at: OffsetDateTime,
) -> sqlx::Result<Option<User>> {
    sqlx::query_as::<_, UserRow>(&format!(
        "SELECT {USER_COLUMNS} FROM users u
         WHERE u.id = $1 AND u.deleted_at IS NULL
           AND (u.sessions_valid_after IS NULL OR u.sessions_valid_after <= $2)"
    ))
    .bind(id)
    .bind(signed_in_at)
    .fetch_optional(db)
    .await
    .map(|r| r.map(Into::into))
}

#[tracing::instrument(skip_all)]
pub async fn find_credentials(
    db: impl PgExecutor<'_>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    let row = sqlx::query_as::<_, CredentialsRow>(&format!(
        "SELECT {USER_COLUMNS}, u.password_hash, u.failed_logins, u.locked_until
         FROM users u WHERE u.email = $1 AND u.deleted_at IS NULL"
    ))
    .bind(email)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Credentials {
        user: r.user.into(),
        password_hash: r.password_hash,
        lock: LockState {
            failed_attempts: r.failed_logins,
            locked_until: r.locked_until,
        },
    }))
}

/// The lockout state, row-locked until the transaction ends.
#[tracing::instrument(skip_all)]
pub async fn lock_state_for_update(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<LockState> {
    let (failed_attempts, locked_until): (i32, Option<OffsetDateTime>) =
        sqlx::query_as("SELECT failed_logins, locked_until FROM users WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_one(db)
            .await?;
    Ok(LockState {
        failed_attempts,
        locked_until,
    })
}

#[tracing::instrument(skip_all)]
pub async fn set_lock_state(
    db: impl PgExecutor<'_>,
    id: Uuid,
    state: LockState,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1")
        .bind(id)
        .bind(state.failed_attempts)
        .bind(state.locked_until)
        .execute(db)
        .await
        .map(|_| ())
}

/// One account as an administrator sees it.
#[derive(FromRow)]
pub struct AccountRow {
    #[sqlx(flatten)]
    user: UserRow,
    pub locked_until: Option<OffsetDateTime>,
}

impl AccountRow {
    pub fn into_parts(self) -> (User, Option<OffsetDateTime>) {
        (self.user.into(), self.locked_until)
    }
}

/// A page of accounts, newest first, with the total count.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &sqlx::PgPool,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<AccountRow>, i64)> {
    let rows = sqlx::query_as::<_, AccountRow>(&format!(
        "SELECT {USER_COLUMNS}, u.locked_until FROM users u
         ORDER BY u.created_at DESC, u.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    let (total,): (i64,) = sqlx::query_as("SELECT count(*) FROM users")
        .fetch_one(db)
        .await?;
    Ok((rows, total))
}

/// Sets `user`'s time zone if Postgres knows the name; `false` if not.
#[tracing::instrument(skip_all)]
pub async fn set_time_zone(db: impl PgExecutor<'_>, user: Uuid, zone: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE users SET time_zone = n.name, updated_at = now()
         FROM pg_timezone_names n WHERE users.id = $1 AND n.name = $2",
    )
    .bind(user)
    .bind(zone)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

#[tracing::instrument(skip_all)]
pub async fn time_zone(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT time_zone FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(db)
        .await
}

/// Sets `user`'s language.
#[tracing::instrument(skip_all)]
pub async fn set_language(
    db: impl PgExecutor<'_>,
    user: Uuid,
    language: Language,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET language = $2, updated_at = now() WHERE id = $1")
        .bind(user)
        .bind(language.code())
        .execute(db)
        .await
        .map(|_| ())
}

/// The language `user` reads in; English for an account that is gone.
#[tracing::instrument(skip_all)]
pub async fn language(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<Language> {
    let code: Option<String> = sqlx::query_scalar("SELECT language FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(db)
        .await?;
    Ok(code.as_deref().map(stored_language).unwrap_or_default())
}

/// An account's standing (`users.status`), row-locked until the
/// transaction ends.
#[tracing::instrument(skip_all)]
pub async fn status_for_update(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT status FROM users WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(db)
        .await
}

#[tracing::instrument(skip_all)]
pub async fn set_status(
    db: impl PgExecutor<'_>,
    id: Uuid,
    status: AccountStatus,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET status = $2, status_changed_at = $3, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(status.key())
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

#[tracing::instrument(skip_all)]
pub async fn display_name(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Where and how to mail a user.
#[derive(FromRow)]
pub struct MailRecipient {
    pub email: String,
    pub display_name: String,
    language: String,
    pub verified: bool,
}

impl MailRecipient {
    pub fn language(&self) -> Language {
        stored_language(&self.language)
    }
}

/// `None` for an account that is gone.
#[tracing::instrument(skip_all)]
pub async fn mail_recipient(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<MailRecipient>> {
    sqlx::query_as(
        "SELECT email, display_name, language, email_verified_at IS NOT NULL AS verified
         FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

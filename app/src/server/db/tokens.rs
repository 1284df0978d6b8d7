//! `token_families` and `refresh_tokens`: API sign-ins and their rotating
//! refresh tokens.

use crate::features::auth::User;
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[tracing::instrument(skip_all)]
pub async fn insert_family(
    db: impl PgExecutor<'_>,
    user: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query("INSERT INTO token_families (id, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(user)
        .bind(now)
        .execute(db)
        .await?;
    Ok(id)
}

#[tracing::instrument(skip_all)]
pub async fn insert_refresh(
    db: impl PgExecutor<'_>,
    hash: &[u8],
    family: Uuid,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(family)
        .bind(now)
        .bind(expires_at)
        .execute(db)
        .await
        .map(|_| ())
}

#[derive(FromRow)]
pub struct RefreshRow {
    pub family_id: Uuid,
    pub user_id: Uuid,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    pub family_revoked_at: Option<OffsetDateTime>,
    /// An app's sign-in: its client, scopes and resource.
    pub client_id: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub resource: Option<String>,
}

/// The refresh token with this hash, row-locked until the transaction ends.
#[tracing::instrument(skip_all)]
pub async fn find_refresh_for_update(
    db: impl PgExecutor<'_>,
    hash: &[u8],
) -> sqlx::Result<Option<RefreshRow>> {
    sqlx::query_as::<_, RefreshRow>(
        "SELECT rt.family_id, f.user_id, rt.expires_at, rt.used_at, f.revoked_at AS family_revoked_at,
                f.client_id, f.scopes, f.resource
         FROM refresh_tokens rt JOIN token_families f ON f.id = rt.family_id
         WHERE rt.token_hash = $1
         FOR UPDATE OF rt",
    )
    .bind(hash)
    .fetch_optional(db)
    .await
}

#[tracing::instrument(skip_all)]
pub async fn mark_used(
    db: impl PgExecutor<'_>,
    hash: &[u8],
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1")
        .bind(hash)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// Ends every API sign-in of `user`.
#[tracing::instrument(skip_all)]
pub async fn revoke_all_families(
    db: impl PgExecutor<'_>,
    user: Uuid,
    reason: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE token_families SET revoked_at = $2, revoked_reason = $3
         WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user)
    .bind(now)
    .bind(reason)
    .execute(db)
    .await
    .map(|_| ())
}

#[tracing::instrument(skip_all)]
pub async fn revoke_family(
    db: impl PgExecutor<'_>,
    family: Uuid,
    reason: &str,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE token_families SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL")
        .bind(family)
        .bind(now)
        .bind(reason)
        .execute(db)
        .await
        .map(|_| ())
}

/// The user behind an access token, if the token's family is still live.
#[tracing::instrument(skip_all)]
pub async fn user_in_live_family(
    db: impl PgExecutor<'_>,
    user: Uuid,
    family: Uuid,
) -> sqlx::Result<Option<User>> {
    sqlx::query_as::<_, super::users::UserRow>(&format!(
        "SELECT {}
         FROM token_families f JOIN users u ON u.id = f.user_id
         WHERE f.id = $1 AND f.user_id = $2 AND f.revoked_at IS NULL AND u.deleted_at IS NULL",
        super::users::USER_COLUMNS
    ))
    .bind(family)
    .bind(user)
    .fetch_optional(db)
    .await
    .map(|r| r.map(Into::into))
}

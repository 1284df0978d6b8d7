//! `oauth_clients`, `oauth_codes` and the app columns of `token_families`.

use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, FromRow)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub created_at: OffsetDateTime,
}

pub async fn insert_client(
    db: impl PgExecutor<'_>,
    id: &str,
    name: &str,
    redirect_uris: &[String],
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO oauth_clients (id, name, redirect_uris, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(name)
    .bind(redirect_uris)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn find_client(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<Option<ClientRow>> {
    sqlx::query_as("SELECT id, name, redirect_uris, created_at FROM oauth_clients WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub struct NewCode<'a> {
    pub hash: &'a [u8],
    pub client_id: &'a str,
    pub user_id: Uuid,
    pub redirect_uri: &'a str,
    pub code_challenge: &'a str,
    pub scopes: &'a [String],
    pub resource: &'a str,
    pub now: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

pub async fn insert_code(db: impl PgExecutor<'_>, code: &NewCode<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, code_challenge,
                                  scopes, resource, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(code.hash)
    .bind(code.client_id)
    .bind(code.user_id)
    .bind(code.redirect_uri)
    .bind(code.code_challenge)
    .bind(code.scopes)
    .bind(code.resource)
    .bind(code.now)
    .bind(code.expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct CodeRow {
    pub client_id: String,
    pub user_id: Uuid,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scopes: Vec<String>,
    pub resource: String,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    pub family_id: Option<Uuid>,
}

/// The code with this hash, row-locked until the transaction ends.
pub async fn find_code_for_update(
    db: impl PgExecutor<'_>,
    hash: &[u8],
) -> sqlx::Result<Option<CodeRow>> {
    sqlx::query_as(
        "SELECT client_id, user_id, redirect_uri, code_challenge, scopes, resource, expires_at,
                used_at, family_id
         FROM oauth_codes WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(hash)
    .fetch_optional(db)
    .await
}

pub async fn mark_code_used(
    db: impl PgExecutor<'_>,
    hash: &[u8],
    family: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE oauth_codes SET used_at = $2, family_id = $3 WHERE code_hash = $1")
        .bind(hash)
        .bind(now)
        .bind(family)
        .execute(db)
        .await
        .map(|_| ())
}

/// Codes past their life by a day: nobody can use them, and reuse of one
/// that old is no longer worth detecting.
pub async fn delete_stale_codes(db: impl PgExecutor<'_>, now: OffsetDateTime) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM oauth_codes WHERE expires_at < $1 - interval '1 day'")
        .bind(now)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
}

pub async fn insert_app_family(
    db: impl PgExecutor<'_>,
    user: Uuid,
    client_id: &str,
    scopes: &[String],
    resource: &str,
    now: OffsetDateTime,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO token_families (id, user_id, created_at, client_id, scopes, resource)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(user)
    .bind(now)
    .bind(client_id)
    .bind(scopes)
    .bind(resource)
    .execute(db)
    .await?;
    Ok(id)
}

#[derive(Debug, FromRow)]
pub struct AppRow {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub authorized_at: OffsetDateTime,
}

/// The apps a user has allowed and not revoked, most recent first.
pub async fn live_apps(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<Vec<AppRow>> {
    sqlx::query_as(
        "SELECT * FROM (
             SELECT DISTINCT ON (c.id) c.id AS client_id, c.name, f.scopes, f.created_at AS authorized_at
             FROM token_families f JOIN oauth_clients c ON c.id = f.client_id
             WHERE f.user_id = $1 AND f.revoked_at IS NULL
             ORDER BY c.id, f.created_at DESC
         ) apps ORDER BY authorized_at DESC",
    )
    .bind(user)
    .fetch_all(db)
    .await
}

/// Ends every sign-in of `client_id` for `user`; how many there were.
pub async fn revoke_app(
    db: impl PgExecutor<'_>,
    user: Uuid,
    client_id: &str,
    now: OffsetDateTime,
) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE token_families SET revoked_at = $3, revoked_reason = 'revoked_by_user'
         WHERE user_id = $1 AND client_id = $2 AND revoked_at IS NULL",
    )
    .bind(user)
    .bind(client_id)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected())
}

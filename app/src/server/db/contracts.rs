//! `contracts`, `contract_versions` and `contract_acceptances`.

use sqlx::types::Json;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ContractRow {
    pub id: Uuid,
    pub deal_id: Uuid,
    pub latest_version: i32,
    pub final_version: Option<i32>,
    pub finalized_at: Option<OffsetDateTime>,
    pub window_id: Uuid,
    pub brand_id: Uuid,
    pub creator_id: Uuid,
    pub pdf_key: Option<String>,
    pub pdf_sha256: Option<String>,
}

const CONTRACT_SELECT: &str = "SELECT k.id, k.deal_id, k.latest_version, k.final_version,
        k.finalized_at, d.window_id, w.brand_id, w.creator_id, k.pdf_key, k.pdf_sha256
     FROM contracts k
     JOIN deals d ON d.id = k.deal_id
     JOIN chat_windows w ON w.id = d.window_id";

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct VersionRow {
    pub version: i32,
    pub details: Json<domain::contract::ContractDetails>,
    pub documents: Json<Vec<domain::contract_text::Document>>,
    pub body: String,
    pub sha256: String,
    pub proposed_by: Uuid,
    pub proposed_by_name: String,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct AcceptanceRow {
    pub version: i32,
    pub party: String,
    pub full_name: String,
    pub accepted_at: OffsetDateTime,
}

/// Contract `id` if `user` is a party to its deal.
#[tracing::instrument(skip_all)]
pub async fn get_for(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
) -> sqlx::Result<Option<ContractRow>> {
    sqlx::query_as(&format!(
        "{CONTRACT_SELECT} WHERE k.id = $1 AND (w.brand_id = $2 OR w.creator_id = $2)"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
}

/// The contract of deal `deal`, if there is one (caller checked).
#[tracing::instrument(skip_all)]
pub async fn for_deal(db: impl PgExecutor<'_>, deal: Uuid) -> sqlx::Result<Option<ContractRow>> {
    sqlx::query_as(&format!("{CONTRACT_SELECT} WHERE k.deal_id = $1"))
        .bind(deal)
        .fetch_optional(db)
        .await
}

/// Locks contract `id` until the transaction ends (a revision and an
/// acceptance cannot cross).
#[tracing::instrument(skip_all)]
pub async fn lock(db: &mut sqlx::PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query("SELECT 1 FROM contracts WHERE id = $1 FOR UPDATE")
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}

/// A new contract for `deal` at version 1; `false` if the deal has one.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    deal: Uuid,
    now: OffsetDateTime,
) -> sqlx::Result<bool> {
    sqlx::query(
        "INSERT INTO contracts (id, deal_id, latest_version, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $3) ON CONFLICT (deal_id) DO NOTHING",
    )
    .bind(id)
    .bind(deal)
    .bind(now)
    .execute(db)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub struct NewVersion<'a> {
    pub contract: Uuid,
    pub version: i32,
    pub details: &'a domain::contract::ContractDetails,
    pub documents: &'a [domain::contract_text::Document],
    pub body: &'a str,
    pub sha256: &'a str,
    pub by: Uuid,
    pub now: OffsetDateTime,
}

/// Stores a version and makes it the latest.
#[tracing::instrument(skip_all)]
pub async fn add_version(db: &mut sqlx::PgConnection, v: NewVersion<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO contract_versions
           (contract_id, version, details, documents, body, sha256, proposed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(v.contract)
    .bind(v.version)
    .bind(Json(v.details))
    .bind(Json(v.documents))
    .bind(v.body)
    .bind(v.sha256)
    .bind(v.by)
    .bind(v.now)
    .execute(&mut *db)
    .await?;
    sqlx::query("UPDATE contracts SET latest_version = $2, updated_at = $3 WHERE id = $1")
        .bind(v.contract)
        .bind(v.version)
        .bind(v.now)
        .execute(&mut *db)
        .await
        .map(|_| ())
}

/// Version `n` of contract `id`.
#[tracing::instrument(skip_all)]
pub async fn version(
    db: impl PgExecutor<'_>,
    id: Uuid,
    n: i32,
) -> sqlx::Result<Option<VersionRow>> {
    sqlx::query_as(
        "SELECT v.version, v.details, v.documents, v.body, v.sha256, v.proposed_by,
                u.display_name AS proposed_by_name, v.created_at
         FROM contract_versions v JOIN users u ON u.id = v.proposed_by
         WHERE v.contract_id = $1 AND v.version = $2",
    )
    .bind(id)
    .bind(n)
    .fetch_optional(db)
    .await
}

/// A version's number, fingerprint, author and time.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct HistoryRow {
    pub version: i32,
    pub sha256: String,
    pub proposed_by: Uuid,
    pub proposed_by_name: String,
    pub created_at: OffsetDateTime,
}

/// Every version, oldest first.
#[tracing::instrument(skip_all)]
pub async fn history(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as(
        "SELECT v.version, v.sha256, v.proposed_by, u.display_name AS proposed_by_name, v.created_at
         FROM contract_versions v JOIN users u ON u.id = v.proposed_by
         WHERE v.contract_id = $1 ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Every acceptance of contract `id`, oldest first.
#[tracing::instrument(skip_all)]
pub async fn acceptances(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Vec<AcceptanceRow>> {
    sqlx::query_as(
        "SELECT version, party, full_name, accepted_at FROM contract_acceptances
         WHERE contract_id = $1 ORDER BY accepted_at, party",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

pub struct NewAcceptance<'a> {
    pub contract: Uuid,
    pub version: i32,
    pub party: &'a str,
    pub user: Uuid,
    pub full_name: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub sha256: &'a str,
    pub now: OffsetDateTime,
}

#[tracing::instrument(skip_all)]
pub async fn accept(db: impl PgExecutor<'_>, a: NewAcceptance<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO contract_acceptances
           (contract_id, version, party, user_id, full_name, ip, user_agent, sha256, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.contract)
    .bind(a.version)
    .bind(a.party)
    .bind(a.user)
    .bind(a.full_name)
    .bind(a.ip)
    .bind(a.user_agent)
    .bind(a.sha256)
    .bind(a.now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Both sides accepted `version`: the contract is final.
#[tracing::instrument(skip_all)]
pub async fn finalize(
    db: impl PgExecutor<'_>,
    id: Uuid,
    version: i32,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE contracts SET final_version = $2, finalized_at = $3, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(version)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// The final contract's file is stored under `key`.
#[tracing::instrument(skip_all)]
pub async fn set_pdf(
    db: impl PgExecutor<'_>,
    id: Uuid,
    key: &str,
    sha256: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE contracts SET pdf_key = $2, pdf_sha256 = $3 WHERE id = $1")
        .bind(id)
        .bind(key)
        .bind(sha256)
        .execute(db)
        .await
        .map(|_| ())
}

/// Final contracts whose file is not made yet, oldest first.
#[tracing::instrument(skip_all)]
pub async fn pdf_pending(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(
        "SELECT id FROM contracts WHERE final_version IS NOT NULL AND pdf_key IS NULL
         ORDER BY finalized_at LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}

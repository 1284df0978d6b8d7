//! `collaboration_requests`.

use domain::moderation::Verdict;
use domain::money::MoneyRange;
use domain::request_input::RequestInput;
use domain::{Niche, RequestStatus};
use sqlx::{FromRow, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A stored request; the caller-dependent parts of the view (allowed
/// events) are added by the service.
#[derive(FromRow)]
pub struct RequestRow {
    pub id: Uuid,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub brand_verified: bool,
    pub title: String,
    pub description: String,
    pub niches: Vec<String>,
    pub deliverables: Vec<String>,
    pub budget_min: i64,
    pub budget_max: i64,
    pub budget_currency: String,
    pub target_countries: Vec<String>,
    pub target_languages: Vec<String>,
    pub deadline: Date,
    pub status: String,
    pub indexing: bool,
    pub moderation_status: String,
    pub moderation_reasons: sqlx::types::Json<Vec<domain::moderation::Reason>>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl RequestRow {
    pub fn moderation(&self) -> domain::moderation::Standing {
        domain::moderation::Standing::from_stored(&self.moderation_status, &self.moderation_reasons)
    }

    /// Whether people other than its brand may see it.
    pub fn is_published(&self) -> bool {
        self.moderation_status == domain::moderation::Status::Approved.key()
    }

    pub fn status(&self) -> RequestStatus {
        RequestStatus::from_key(&self.status).unwrap_or(RequestStatus::Closed)
    }

    pub fn niches(&self) -> Vec<Niche> {
        self.niches
            .iter()
            .filter_map(|n| Niche::parse(n, "niches").ok())
            .collect()
    }

    pub fn budget(&self) -> Option<MoneyRange> {
        MoneyRange::parse(
            self.budget_min,
            self.budget_max,
            &self.budget_currency,
            "budget",
        )
        .ok()
    }
}

const COLUMNS: &str = "r.id, r.brand_id, u.display_name AS brand_name, u.email_verified_at IS NOT NULL AS brand_verified, r.title, r.description, r.niches,
        r.deliverables, r.budget_min, r.budget_max, r.budget_currency, r.target_countries, r.target_languages,
        r.deadline, r.status, (r.embedded_at IS NULL OR r.embedded_at < r.updated_at) AS indexing,
        r.moderation_status, r.moderation_reasons, r.created_at, r.updated_at";
const FROM: &str = "FROM collaboration_requests r JOIN users u ON u.id = r.brand_id";

#[tracing::instrument(skip_all)]
pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query_as::<_, RequestRow>(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The brand's requests, newest first.
#[tracing::instrument(skip_all)]
pub async fn list_by_brand(
    db: impl PgExecutor<'_>,
    brand: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as::<_, RequestRow>(&format!(
        "SELECT {COLUMNS} {FROM} WHERE r.brand_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT $2"
    ))
    .bind(brand)
    .bind(limit)
    .fetch_all(db)
    .await
}

type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

/// Binds the editable fields as $2..$11 (after the id in $1).
fn bind_fields<'q>(query: PgQuery<'q>, input: &'q RequestInput) -> PgQuery<'q> {
    let niches: Vec<&'static str> = input.niches.iter().map(|n| n.key()).collect();
    let deliverables: Vec<&str> = input.deliverables.iter().map(|d| d.as_str()).collect();
    query
        .bind(input.title.as_str())
        .bind(input.description.as_str())
        .bind(niches)
        .bind(deliverables)
        .bind(input.budget.min() as i64)
        .bind(input.budget.max() as i64)
        .bind(input.budget.currency().key())
        .bind(&input.target_countries)
        .bind(&input.target_languages)
        .bind(input.deadline)
}

#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    brand: Uuid,
    input: &RequestInput,
    moderation: &Verdict,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let query = sqlx::query(
        "INSERT INTO collaboration_requests (id, title, description, niches, deliverables, budget_min, budget_max,
             budget_currency, target_countries, target_languages, deadline, created_at, updated_at, brand_id, status,
             moderation_status, moderation_reasons)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, 'active', $14, $15)",
    );
    bind_fields(query.bind(id), input)
        .bind(now)
        .bind(brand)
        .bind(moderation.status.key())
        .bind(sqlx::types::Json(&moderation.reasons))
        .execute(db)
        .await
        .map(|_| ())
}

#[tracing::instrument(skip_all)]
/// A moderator's removal stands whatever the brand edits.
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    input: &RequestInput,
    moderation: &Verdict,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let query = sqlx::query(
        "UPDATE collaboration_requests SET title = $2, description = $3, niches = $4, deliverables = $5,
             budget_min = $6, budget_max = $7, budget_currency = $8, target_countries = $9, target_languages = $10,
             deadline = $11, updated_at = $12,
             moderation_status = CASE WHEN moderation_status = 'removed' THEN 'removed' ELSE $13 END,
             moderation_reasons = CASE WHEN moderation_status = 'removed' THEN moderation_reasons ELSE $14 END
         WHERE id = $1",
    );
    bind_fields(query.bind(id), input)
        .bind(now)
        .bind(moderation.status.key())
        .bind(sqlx::types::Json(&moderation.reasons))
        .execute(db)
        .await
        .map(|_| ())
}

/// The owner, status and moderation status of a request, row-locked until
/// the transaction ends.
#[tracing::instrument(skip_all)]
pub async fn owner_and_status_for_update(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<(Uuid, String, String)>> {
    sqlx::query_as(
        "SELECT brand_id, status, moderation_status FROM collaboration_requests WHERE id = $1 FOR UPDATE",
    )
        .bind(id)
        .fetch_optional(db)
        .await
}

#[tracing::instrument(skip_all)]
/// Leaves `updated_at` alone: it drives re-indexing, and the status is not
/// part of the embedded text.
pub async fn set_status(
    db: impl PgExecutor<'_>,
    id: Uuid,
    status: RequestStatus,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE collaboration_requests SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(status.key())
        .execute(db)
        .await
        .map(|_| ())
}

#[derive(FromRow)]
struct SourceRow {
    title: String,
    description: String,
    niches: Vec<String>,
    deliverables: Vec<String>,
    updated_at: OffsetDateTime,
}

/// What the embedding of one request is made from, and which version it is.
#[tracing::instrument(skip_all)]
pub async fn embedding_source(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<(String, OffsetDateTime)>> {
    let row = sqlx::query_as::<_, SourceRow>(
        "SELECT title, description, niches, deliverables, updated_at FROM collaboration_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let text = format!(
            "{}\n{}\nNiches: {}\nDeliverables: {}",
            r.title,
            r.description,
            r.niches.join(", "),
            r.deliverables.join("; ")
        );
        (text, r.updated_at)
    }))
}

/// The embedding of a request in pgvector's text form, if indexed.
#[tracing::instrument(skip_all)]
pub async fn embedding(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT embedding::text FROM collaboration_requests WHERE id = $1 AND embedding IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Hard filters on active requests, applied in SQL before ranking.
pub struct RequestFilter<'a> {
    pub niche: Option<Niche>,
    /// Requests open to this language (or to any).
    pub language: Option<&'a str>,
    /// Only requests whose highest budget reaches this amount in this currency.
    pub budget_reaches: Option<(u64, &'a str)>,
}

/// `filter` over active, published `collaboration_requests r`, as parameters $2..$5.
const FILTER_SQL: &str = "r.status = 'active' AND r.moderation_status = 'approved'
    AND ($2::text IS NULL OR $2 = ANY(r.niches))
    AND ($3::text IS NULL OR cardinality(r.target_languages) = 0 OR $3 = ANY(r.target_languages))
    AND ($4::bigint IS NULL OR (r.budget_currency = $5 AND r.budget_max >= $4))";

#[derive(FromRow)]
struct ScoredRow {
    #[sqlx(flatten)]
    request: RequestRow,
    /// Cosine similarity or text rank.
    score: f64,
}

type ScoredQuery<'q> =
    sqlx::query::QueryAs<'q, sqlx::Postgres, ScoredRow, sqlx::postgres::PgArguments>;

fn bind_filter<'q>(query: ScoredQuery<'q>, filter: &RequestFilter<'q>) -> ScoredQuery<'q> {
    query
        .bind(filter.niche.map(|n| n.key()))
        .bind(filter.language)
        .bind(filter.budget_reaches.map(|(min, _)| min as i64))
        .bind(filter.budget_reaches.map(|(_, currency)| currency))
}

fn scored(rows: Vec<ScoredRow>) -> Vec<(RequestRow, f32)> {
    rows.into_iter()
        .map(|r| (r.request, r.score as f32))
        .collect()
}

/// The `k` indexed active requests nearest to `vector`, nearest first, with
/// their cosine similarity.
#[tracing::instrument(skip_all, fields(scan = ?scan))]
pub async fn nearest(
    pool: &sqlx::PgPool,
    scan: super::Scan,
    vector: &str,
    filter: &RequestFilter<'_>,
    k: i64,
) -> sqlx::Result<Vec<(RequestRow, f32)>> {
    let order = scan.order("r.embedding");
    let sql = format!(
        "WITH hits AS MATERIALIZED (
             SELECT r.id, r.embedding <=> $1::vector AS distance
             FROM collaboration_requests r
             WHERE r.embedding IS NOT NULL AND {FILTER_SQL}
             ORDER BY {order}
             LIMIT $6
         )
         SELECT {COLUMNS}, 1 - hits.distance AS score {FROM} JOIN hits ON hits.id = r.id
         ORDER BY hits.distance, r.id"
    );
    let mut tx = pool.begin().await?;
    super::prepare_scan(&mut tx, scan, k).await?;
    let query = bind_filter(sqlx::query_as::<_, ScoredRow>(&sql).bind(vector), filter);
    Ok(scored(query.bind(k).fetch_all(&mut *tx).await?))
}

/// Up to `k` active requests whose title or description matches the words
/// of `q`, best first, with their text rank.
#[tracing::instrument(skip_all)]
pub async fn keyword(
    db: impl PgExecutor<'_>,
    q: &str,
    filter: &RequestFilter<'_>,
    k: i64,
) -> sqlx::Result<Vec<(RequestRow, f32)>> {
    let sql = format!(
        "SELECT {COLUMNS}, ts_rank_cd(r.search, websearch_to_tsquery('simple', $1))::float8 AS score {FROM}
         WHERE r.search @@ websearch_to_tsquery('simple', $1) AND {FILTER_SQL}
         ORDER BY score DESC, r.id
         LIMIT $6"
    );
    let query = bind_filter(sqlx::query_as::<_, ScoredRow>(&sql).bind(q), filter);
    Ok(scored(query.bind(k).fetch_all(db).await?))
}

//! `creator_profiles` (and the portfolio count it is shown with).

use super::{prepare_scan, Scan};
use crate::features::creator::CreatorProfile;
use domain::money::MoneyRange;
use domain::profile_input::{ProfileInput, SocialAccount};
use domain::Niche;
use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(FromRow)]
struct ProfileRow {
    user_id: Uuid,
    display_name: String,
    verified: bool,
    bio: String,
    niches: Vec<String>,
    country: Option<String>,
    state: Option<String>,
    city: Option<String>,
    languages: Vec<String>,
    socials: Json<Vec<SocialAccount>>,
    total_followers: i64,
    engagement_rate: Option<f64>,
    rate_min: Option<i64>,
    rate_max: Option<i64>,
    rate_currency: Option<String>,
    updated_at: Option<OffsetDateTime>,
    indexing: bool,
    portfolio_count: i64,
    moderation_status: String,
    moderation_reasons: Json<Vec<domain::moderation::Reason>>,
}

impl From<ProfileRow> for CreatorProfile {
    fn from(r: ProfileRow) -> Self {
        let niches: Vec<Niche> = r
            .niches
            .iter()
            .filter_map(|n| Niche::parse(n, "niches").ok())
            .collect();
        let rate = match (r.rate_min, r.rate_max, r.rate_currency.as_deref()) {
            (Some(min), Some(max), Some(currency)) => {
                MoneyRange::parse(min, max, currency, "rate").ok()
            }
            _ => None,
        };
        let portfolio_count = u64::try_from(r.portfolio_count).unwrap_or(0);
        let completeness =
            domain::profile::completeness(&r.bio, niches.len(), portfolio_count as usize);
        CreatorProfile {
            user_id: r.user_id,
            display_name: r.display_name,
            verified: r.verified,
            bio: r.bio,
            niches,
            country: r.country,
            state: r.state,
            city: r.city,
            languages: r.languages,
            socials: r.socials.0,
            total_followers: u64::try_from(r.total_followers).unwrap_or(0),
            engagement_rate: r.engagement_rate,
            rate,
            portfolio_count,
            completeness,
            indexing: r.indexing,
            moderation: domain::moderation::Standing::from_stored(
                &r.moderation_status,
                &r.moderation_reasons,
            ),
            updated_at: r.updated_at,
        }
    }
}

/// The columns of a `ProfileRow`, over `users u LEFT JOIN creator_profiles p`.
const COLUMNS: &str = "u.id AS user_id, u.display_name, u.email_verified_at IS NOT NULL AS verified,
        coalesce(p.bio, '') AS bio, coalesce(p.niches, '{}') AS niches,
        p.country, p.state, p.city, coalesce(p.languages, '{}') AS languages,
        coalesce(p.socials, '[]'::jsonb) AS socials, coalesce(p.total_followers, 0) AS total_followers,
        p.engagement_rate, p.rate_min, p.rate_max, p.rate_currency, p.updated_at,
        (p.user_id IS NOT NULL AND (p.embedded_at IS NULL OR p.embedded_at < p.updated_at)) AS indexing,
        (SELECT count(*) FROM portfolio_items i WHERE i.creator_id = u.id) AS portfolio_count,
        coalesce(p.moderation_status, 'approved') AS moderation_status,
        coalesce(p.moderation_reasons, '[]'::jsonb) AS moderation_reasons";

/// The profile of creator `id` (empty if never saved); `None` when `id` is
/// not a creator.
#[tracing::instrument(skip_all)]
pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<CreatorProfile>> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM users u LEFT JOIN creator_profiles p ON p.user_id = u.id
         WHERE u.id = $1 AND u.role = 'creator' AND u.deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
    .map(|row| row.map(Into::into))
}

/// The embedding of a creator's profile in pgvector's text form, if indexed.
#[tracing::instrument(skip_all)]
pub async fn embedding(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT embedding::text FROM creator_profiles WHERE user_id = $1 AND embedding IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Hard filters on creators, applied in SQL before ranking.
#[derive(Debug, Clone, Copy, Default)]
pub struct CreatorFilter<'a> {
    pub niche: Option<Niche>,
    pub location: Option<&'a str>,
    pub language: Option<&'a str>,
    pub min_followers: Option<u64>,
    pub max_followers: Option<u64>,
    /// Only creators whose lowest rate is at most this amount in this currency.
    pub within_budget: Option<(u64, &'a str)>,
}

impl CreatorFilter<'_> {
    /// Whether any filter is set.
    pub fn is_some(&self) -> bool {
        self.niche.is_some() || self.beyond_niche()
    }

    /// Whether a filter other than the niche is set.
    pub fn beyond_niche(&self) -> bool {
        self.location.is_some()
            || self.language.is_some()
            || self.min_followers.is_some()
            || self.max_followers.is_some()
            || self.within_budget.is_some()
    }
}

#[derive(FromRow)]
struct ScoredRow {
    #[sqlx(flatten)]
    profile: ProfileRow,
    /// Cosine similarity or text rank.
    score: f64,
}

/// `filter` over published `creator_profiles p`, as parameters $2..$8. The niche is
/// written out as a literal (a fixed lowercase key) so the planner can use
/// that niche's partial HNSW index (migration 0006) and estimate its rows;
/// `$2` then only says whether one is set. Queries using it are not kept as
/// prepared statements (`persistent(false)`): each is planned for its own
/// values, as a generic plan cannot use the filters' indexes behind
/// `$n IS NULL OR …`.
fn filter_sql(niche: Option<Niche>) -> String {
    let niche = match niche {
        Some(n) => format!(
            "p.niches @> '{{{}}}'::text[] AND $2::text IS NOT NULL",
            n.key()
        ),
        None => "$2::text IS NULL".to_owned(),
    };
    format!("{niche} AND p.moderation_status = 'approved' AND p.listed AND {BEYOND_NICHE_SQL}")
}

/// The filters other than the niche, $3..$8.
const BEYOND_NICHE_SQL: &str = "($3::text IS NULL OR p.places @> ARRAY[lower($3)])
    AND ($4::text IS NULL OR $4 = ANY(p.languages))
    AND ($5::bigint IS NULL OR p.total_followers >= $5)
    AND ($6::bigint IS NULL OR p.total_followers <= $6)
    AND ($7::bigint IS NULL OR (p.rate_currency = $8 AND p.rate_min <= $7))";

type PgQueryAs<'q, O> = sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>;

fn bind_filter<'q, O>(query: PgQueryAs<'q, O>, filter: &CreatorFilter<'q>) -> PgQueryAs<'q, O> {
    query
        .bind(filter.niche.map(|n| n.key()))
        .bind(filter.location)
        .bind(filter.language)
        .bind(filter.min_followers.map(|n| n as i64))
        .bind(filter.max_followers.map(|n| n as i64))
        .bind(filter.within_budget.map(|(max, _)| max as i64))
        .bind(filter.within_budget.map(|(_, currency)| currency))
}

fn scored(rows: Vec<ScoredRow>) -> Vec<(CreatorProfile, f32)> {
    rows.into_iter()
        .map(|r| (r.profile.into(), r.score as f32))
        .collect()
}

/// The candidate query of [`nearest`]: $1 the vector, $2..$8 the filter,
/// $9 how many.
pub fn nearest_sql(scan: Scan, niche: Option<Niche>) -> String {
    let order = scan.order("p.embedding");
    let filter = filter_sql(niche);
    format!(
        "WITH hits AS MATERIALIZED (
             SELECT p.user_id, p.embedding <=> $1::vector AS distance
             FROM creator_profiles p
             WHERE p.embedding IS NOT NULL AND {filter}
             ORDER BY {order}
             LIMIT $9
         )
         SELECT {COLUMNS}, 1 - hits.distance AS score
         FROM hits JOIN creator_profiles p ON p.user_id = hits.user_id JOIN users u ON u.id = p.user_id
         ORDER BY hits.distance, u.id"
    )
}

/// The `k` indexed creators nearest to `vector` (pgvector text form) that
/// pass `filter`, nearest first, with their cosine similarity.
#[tracing::instrument(skip_all, fields(scan = ?scan))]
pub async fn nearest(
    pool: &sqlx::PgPool,
    scan: Scan,
    vector: &str,
    filter: &CreatorFilter<'_>,
    k: i64,
) -> sqlx::Result<Vec<(CreatorProfile, f32)>> {
    let sql = nearest_sql(scan, filter.niche);
    let mut tx = pool.begin().await?;
    prepare_scan(&mut tx, scan, k).await?;
    let query = bind_filter(sqlx::query_as::<_, ScoredRow>(&sql).bind(vector), filter);
    Ok(scored(
        query.bind(k).persistent(false).fetch_all(&mut *tx).await?,
    ))
}

/// How many creators pass `filter`, counting no further than `cap` (cheap:
/// the filters' own indexes do the work). Creators still waiting for their
/// first embedding are counted too: it is an estimate for choosing a plan,
/// and checking each row's vector would triple its cost.
#[tracing::instrument(skip_all)]
pub async fn count_passing(
    db: impl PgExecutor<'_>,
    filter: &CreatorFilter<'_>,
    cap: i64,
) -> sqlx::Result<i64> {
    // $1 (the vector in the other queries) is bound but unused here, so the
    // filter keeps its parameter numbers.
    let sql = format!(
        "SELECT count(*) FROM (
             SELECT 1 FROM creator_profiles p
             WHERE {} AND $1::text IS NOT NULL
             LIMIT $9
         ) t",
        filter_sql(filter.niche)
    );
    let (n,): (i64,) = bind_filter(sqlx::query_as(&sql).bind(""), filter)
        .bind(cap)
        .persistent(false)
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Up to `k` creators whose bio matches the words of `q` (Postgres
/// full-text search, `websearch_to_tsquery` syntax), best first, with their
/// text rank.
#[tracing::instrument(skip_all)]
pub async fn keyword(
    db: impl PgExecutor<'_>,
    q: &str,
    filter: &CreatorFilter<'_>,
    k: i64,
) -> sqlx::Result<Vec<(CreatorProfile, f32)>> {
    let sql = format!(
        "SELECT {COLUMNS}, ts_rank_cd(p.search, websearch_to_tsquery('simple', $1))::float8 AS score
         FROM creator_profiles p JOIN users u ON u.id = p.user_id
         WHERE p.search @@ websearch_to_tsquery('simple', $1) AND {}
         ORDER BY score DESC, u.id
         LIMIT $9",
        filter_sql(filter.niche)
    );
    let query = bind_filter(sqlx::query_as::<_, ScoredRow>(&sql).bind(q), filter);
    Ok(scored(query.bind(k).persistent(false).fetch_all(db).await?))
}

/// Creates or replaces the profile of `user`, with the scanner's verdict on
/// its bio; a moderator's removal stands whatever the creator edits.
#[tracing::instrument(skip_all)]
pub async fn upsert(
    db: impl PgExecutor<'_>,
    user: Uuid,
    input: &ProfileInput,
    moderation: &domain::moderation::Verdict,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    let niches: Vec<&str> = input.niches.iter().map(|n| n.key()).collect();
    let total_followers: i64 = input.socials.iter().map(|s| s.followers as i64).sum();
    sqlx::query(
        "INSERT INTO creator_profiles (user_id, bio, niches, country, state, city, languages, socials,
                                       total_followers, engagement_rate, rate_min, rate_max, rate_currency, updated_at,
                                       moderation_status, moderation_reasons)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (user_id) DO UPDATE SET
             bio = EXCLUDED.bio, niches = EXCLUDED.niches, country = EXCLUDED.country, state = EXCLUDED.state,
             city = EXCLUDED.city, languages = EXCLUDED.languages, socials = EXCLUDED.socials,
             total_followers = EXCLUDED.total_followers, engagement_rate = EXCLUDED.engagement_rate,
             rate_min = EXCLUDED.rate_min, rate_max = EXCLUDED.rate_max, rate_currency = EXCLUDED.rate_currency,
             updated_at = EXCLUDED.updated_at,
             moderation_status = CASE WHEN creator_profiles.moderation_status = 'removed' THEN 'removed'
                                      ELSE EXCLUDED.moderation_status END,
             moderation_reasons = CASE WHEN creator_profiles.moderation_status = 'removed'
                                       THEN creator_profiles.moderation_reasons ELSE EXCLUDED.moderation_reasons END",
    )
    .bind(user)
    .bind(input.bio.as_str())
    .bind(&niches)
    .bind(&input.location.country)
    .bind(&input.location.state)
    .bind(&input.location.city)
    .bind(&input.languages)
    .bind(Json(&input.socials))
    .bind(total_followers)
    .bind(input.engagement_rate)
    .bind(input.rate.map(|r| r.min() as i64))
    .bind(input.rate.map(|r| r.max() as i64))
    .bind(input.rate.map(|r| r.currency().key()))
    .bind(now)
    .bind(moderation.status.key())
    .bind(Json(&moderation.reasons))
    .execute(db)
    .await
    .map(|_| ())
}

/// What the embedding of one profile is made from, and which version it is.
pub struct EmbeddingSource {
    pub text: String,
    pub updated_at: OffsetDateTime,
}

#[derive(FromRow)]
struct SourceRow {
    bio: String,
    niches: Vec<String>,
    languages: Vec<String>,
    city: Option<String>,
    state: Option<String>,
    country: Option<String>,
    portfolio: String,
    updated_at: OffsetDateTime,
}

#[tracing::instrument(skip_all)]
pub async fn embedding_source(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<EmbeddingSource>> {
    let row = sqlx::query_as::<_, SourceRow>(
        "SELECT bio, niches, languages, city, state, country, updated_at,
                coalesce((SELECT string_agg(i.title || coalesce(': ' || i.body, ''), E'\n' ORDER BY i.created_at, i.id)
                          FROM portfolio_items i WHERE i.creator_id = p.user_id), '') AS portfolio
         FROM creator_profiles p WHERE user_id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let place: Vec<String> = [r.city, r.state, r.country].into_iter().flatten().collect();
        let text = format!(
            "{}\nNiches: {}\nLanguages: {}\nBased in: {}\n{}",
            r.bio,
            r.niches.join(", "),
            r.languages.join(", "),
            place.join(", "),
            r.portfolio
        );
        EmbeddingSource {
            text,
            updated_at: r.updated_at,
        }
    }))
}

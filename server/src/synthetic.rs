//! Synthetic creators with clustered random vectors, for the matching scale
//! benchmark and the index-versus-exact tests. Deterministic for a seed.
//! Real embeddings are clustered by topic, so the vectors are topic centres
//! plus noise (uniform random vectors would be an unrealistically hard case
//! for any approximate index).

use domain::Niche;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

pub const DIMENSIONS: usize = 384;
const TOPICS: usize = 64;
const BATCH: usize = 1000;
const COUNTRIES: &[&str] = &["IN", "IN", "IN", "US", "GB", "AE", "SG", "DE"];
const LANGUAGES: &[&str] = &["en", "hi", "ta", "te", "bn", "mr"];

fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v
        .iter()
        .map(|x| x * x)
        .sum::<f32>()
        .sqrt()
        .max(f32::EPSILON);
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

fn random_unit(rng: &mut StdRng) -> Vec<f32> {
    normalised(
        (0..DIMENSIONS)
            .map(|_| rng.random_range(-1.0f32..1.0))
            .collect(),
    )
}

/// A vector near topic `topic`: the same seed gives the same topics.
pub struct Topics {
    centres: Vec<Vec<f32>>,
}

impl Topics {
    pub fn new(seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        Self {
            centres: (0..TOPICS).map(|_| random_unit(&mut rng)).collect(),
        }
    }

    /// A unit vector near a random topic centre.
    pub fn sample(&self, rng: &mut StdRng) -> Vec<f32> {
        let centre = &self.centres[rng.random_range(0..TOPICS)];
        let noise = random_unit(rng);
        normalised(
            centre
                .iter()
                .zip(&noise)
                .map(|(c, n)| c + 0.8 * n)
                .collect(),
        )
    }
}

/// Inserts `n` creator accounts with indexed profiles (no usable password);
/// returns their ids in insertion order.
pub async fn creators(pool: &PgPool, n: usize, seed: u64) -> sqlx::Result<Vec<Uuid>> {
    let topics = Topics::new(seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let now = OffsetDateTime::now_utc();
    let mut ids = Vec::with_capacity(n);
    for start in (0..n).step_by(BATCH) {
        let count = BATCH.min(n - start);
        let mut batch_ids = Vec::with_capacity(count);
        let mut emails = Vec::with_capacity(count);
        let mut niches = Vec::with_capacity(count);
        let mut countries = Vec::with_capacity(count);
        let mut languages = Vec::with_capacity(count);
        let mut followers = Vec::with_capacity(count);
        let mut rates = Vec::with_capacity(count);
        let mut vectors = Vec::with_capacity(count);
        for i in start..start + count {
            let id = Uuid::new_v4();
            batch_ids.push(id);
            emails.push(format!("synthetic-{seed}-{i}@bench.mat-cha.app"));
            niches.push(Niche::ALL[rng.random_range(0..Niche::ALL.len())].key());
            countries.push(COUNTRIES[rng.random_range(0..COUNTRIES.len())]);
            languages.push(LANGUAGES[rng.random_range(0..LANGUAGES.len())]);
            followers.push(rng.random_range(1_000i64..2_000_000));
            rates.push(rng.random_range(5i64..500) * 1000);
            vectors.push(app::server::ai::to_pgvector(&topics.sample(&mut rng)));
        }
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at)
             SELECT id, email, '!', 'Synthetic creator', 'creator', $3, $3
             FROM unnest($1::uuid[], $2::text[]) AS t(id, email)",
        )
        .bind(&batch_ids)
        .bind(&emails)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO creator_profiles (user_id, bio, niches, country, languages, total_followers,
                                           rate_min, rate_max, rate_currency, updated_at,
                                           embedding, embedding_model, embedded_at)
             SELECT id, 'Synthetic profile', ARRAY[niche], country, ARRAY[language], followers,
                    rate, rate * 2, 'inr', $8, embedding::vector, 'synthetic', $8
             FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
                  AS t(id, niche, country, language, followers, rate, embedding)",
        )
        .bind(&batch_ids)
        .bind(&niches)
        .bind(&countries)
        .bind(&languages)
        .bind(&followers)
        .bind(&rates)
        .bind(&vectors)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        ids.extend(batch_ids);
    }
    Ok(ids)
}

//! The nearest-neighbour query itself, on synthetic vectors: filters must
//! not shorten the list, and the index must agree with brute force.

use crate::helpers::TestApp;
use app::server::ai::cosine;
use app::server::db::profiles::CreatorFilter;
use app::server::db::{self, Scan};
use app::server::matching::nearest_creators;
use domain::Niche;
use sqlx::PgPool;
use uuid::Uuid;

fn parse_vector(text: &str) -> Vec<f32> {
    text.trim_matches(['[', ']'])
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect()
}

/// Every creator passing `filter`, ranked by cosine computed in Rust.
async fn brute_force(
    pool: &PgPool,
    query: &[f32],
    niche: Niche,
    country: Option<&str>,
) -> Vec<Uuid> {
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT user_id, embedding::text FROM creator_profiles
         WHERE $1 = ANY(niches) AND ($2::text IS NULL OR country = $2)",
    )
    .bind(niche.key())
    .bind(country)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut scored: Vec<(Uuid, f32)> = rows
        .into_iter()
        .map(|(id, v)| (id, cosine(query, &parse_vector(&v))))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.into_iter().map(|(id, _)| id).collect()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_selective_filter_still_returns_the_full_exact_top_k(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    server::synthetic::creators(&pool, 1500, 7).await.unwrap();
    let (query_text,): (String,) =
        sqlx::query_as("SELECT embedding::text FROM creator_profiles ORDER BY user_id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let query = parse_vector(&query_text);
    let ids = |hits: Vec<(app::features::creator::CreatorProfile, f32)>| -> Vec<Uuid> {
        hits.into_iter().map(|(p, _)| p.user_id).collect()
    };

    // About 1 in 20 creators has this niche (~75 of 1500).
    let niche = CreatorFilter {
        niche: Some(Niche::Pets),
        location: None,
        language: None,
        min_followers: None,
        max_followers: None,
        within_budget: None,
    };
    let exact = brute_force(&pool, &query, Niche::Pets, None).await;
    assert!(exact.len() > 40, "{} pets creators", exact.len());
    let index = db::profiles::nearest(&app.state.pool, Scan::Index, &query_text, &niche, 20)
        .await
        .unwrap();
    assert_eq!(
        ids(index),
        exact[..20],
        "the iterative index scan is complete and exact here"
    );

    // About 1 in 160 (pets in Germany): fewer rows pass than asked for, and
    // all of them come back, nearest first.
    let rare = CreatorFilter {
        location: Some("de"),
        ..niche
    };
    let exact = brute_force(&pool, &query, Niche::Pets, Some("DE")).await;
    assert!(
        !exact.is_empty() && exact.len() < 20,
        "{} rare creators",
        exact.len()
    );
    let found = nearest_creators(&app.state, &query_text, &rare, 20)
        .await
        .unwrap();
    assert_eq!(ids(found), exact);
    let exact_scan = db::profiles::nearest(&app.state.pool, Scan::Exact, &query_text, &rare, 20)
        .await
        .unwrap();
    assert_eq!(ids(exact_scan), exact);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn every_niche_has_a_partial_index_that_its_match_query_can_use(pool: PgPool) {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT indexname::text FROM pg_indexes
         WHERE tablename = 'creator_profiles' AND indexdef LIKE '%USING hnsw%' AND indexdef LIKE '%WHERE%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut names: Vec<String> = names.into_iter().map(|(n,)| n).collect();
    names.sort();
    let mut expected: Vec<String> = Niche::ALL
        .iter()
        .map(|n| format!("creator_profiles_embedding_{}_idx", n.key()))
        .collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "migration 0006 lists every niche, and only those"
    );

    // The planner can prove the partial index applies to the query the
    // matches page runs (with sequential scans off, as they would lose at
    // scale; a tiny test table would otherwise be sorted whole).
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    let vector = format!("[{}]", vec!["0.05"; 384].join(","));
    let plan: Vec<(String,)> = sqlx::query_as(&format!(
        "EXPLAIN {}",
        db::profiles::nearest_sql(Scan::Index, Some(Niche::Pets))
    ))
    .bind(&vector)
    .bind(Niche::Pets.key())
    .bind(None::<&str>)
    .bind(None::<&str>)
    .bind(None::<i64>)
    .bind(None::<i64>)
    .bind(None::<i64>)
    .bind(None::<&str>)
    .bind(20_i64)
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let plan: Vec<String> = plan.into_iter().map(|(line,)| line).collect();
    assert!(
        plan.iter()
            .any(|line| line.contains("creator_profiles_embedding_pets_idx")),
        "{plan:#?}"
    );
}

//! Creator profiles over REST, against real Postgres.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use serde_json::{json, Value};
use sqlx::PgPool;

async fn signed_in_as(app: &TestApp, email: &str, role: &str) -> (String, String) {
    app.account(email, "Priya शर्मा", role).await
}

async fn put_profile(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/creator/profile"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn full_profile() -> Value {
    json!({
        "bio": "मैं पुणे की फिटनेस कोच हूँ — daily workouts, high-protein recipes 💪",
        "niches": ["fitness", "health"],
        "country": "in", "state": "Maharashtra", "city": "Pune",
        "languages": ["hi", "mr", "en"],
        "socials": [{"platform": "instagram", "handle": "@priya.fit", "followers": 120000},
                    {"platform": "youtube", "handle": "priyafit", "followers": 30000}],
        "engagement_rate": 4.5,
        "rate_min": 15000, "rate_max": 40000, "rate_currency": "INR"
    })
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_creator_saves_a_profile_and_it_is_queued_for_indexing_once(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (id, token) = signed_in_as(&app, "priya@example.com", "creator").await;

    let empty: Value = app.get_json("/api/v1/creator/profile", &token).await;
    assert_eq!(empty["profile"]["bio"], "");
    assert_eq!(empty["profile"]["completeness"]["complete"], false);
    assert_eq!(empty["profile"]["updated_at"], Value::Null);

    let saved = put_profile(&app, &token, full_profile()).await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    let p = &saved["profile"];
    assert_eq!(p["user_id"], id.as_str());
    assert_eq!(p["bio"], full_profile()["bio"]);
    assert_eq!(p["niches"], json!(["fitness", "health"]));
    assert_eq!(p["country"], "IN");
    assert_eq!(p["socials"][0]["handle"], "priya.fit");
    assert_eq!(p["total_followers"], 150000);
    assert_eq!(
        p["rate"],
        json!({"min": 15000, "max": 40000, "currency": "inr"})
    );
    assert_eq!(p["indexing"], true);
    // Bio and niches are there; the three portfolio samples are not yet.
    assert_eq!(p["completeness"]["complete"], false);
    assert_eq!(
        p["completeness"]["missing"],
        json!([{"portfolio_samples": {"have": 0, "need": 3}}])
    );

    put_profile(&app, &token, full_profile()).await;
    let (jobs,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM jobs WHERE kind = 'embed_creator_profile' AND done_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(jobs, 1, "saving twice queues one embedding job");

    let again: Value = app.get_json("/api/v1/creator/profile", &token).await;
    assert_eq!(again["profile"], saved["profile"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn bad_profile_fields_are_named_and_nothing_is_saved(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = signed_in_as(&app, "bad@example.com", "creator").await;
    let mut body = full_profile();
    body["engagement_rate"] = json!(150);
    body["socials"][1]["followers"] = json!(-10);
    let error = error_of(
        put_profile(&app, &token, body).await,
        422,
        "validation_failed",
    )
    .await;
    let fields = field_names(&error);
    assert_eq!(fields, ["socials", "engagement_rate"]);
    assert_eq!(row_count(&pool, "creator_profiles").await, 0);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn brands_have_no_creator_profile_to_read_or_write(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, token) = signed_in_as(&app, "brand@example.com", "brand").await;
    error_of(
        app.get_bearer("/api/v1/creator/profile", &token).await,
        403,
        "forbidden",
    )
    .await;
    error_of(
        put_profile(&app, &token, full_profile()).await,
        403,
        "forbidden",
    )
    .await;
    let response = app
        .client
        .get(app.url("/api/v1/creator/profile"))
        .send()
        .await
        .unwrap();
    error_of(response, 401, "unauthorized").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn anyone_signed_in_reads_a_creator_by_id_and_other_ids_are_404(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (creator_id, creator_token) = signed_in_as(&app, "c@example.com", "creator").await;
    put_profile(&app, &creator_token, full_profile()).await;
    let (brand_id, brand_token) = signed_in_as(&app, "b@example.com", "brand").await;

    let seen: Value = app
        .get_json(&format!("/api/v1/creators/{creator_id}"), &brand_token)
        .await;
    assert_eq!(seen["profile"]["city"], "Pune");
    assert_eq!(seen["profile"]["display_name"], "Priya शर्मा");

    for other in [
        brand_id.as_str(),
        "00000000-0000-0000-0000-000000000000",
        "not-a-uuid",
    ] {
        error_of(
            app.get_bearer(&format!("/api/v1/creators/{other}"), &brand_token)
                .await,
            404,
            "not_found",
        )
        .await;
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_embedding_job_indexes_profiles_so_a_brief_finds_the_right_creator_in_any_language(
    pool: PgPool,
) {
    use app::server::ai::{to_pgvector, Embedder, TextRole};
    use app::server::{jobs, mail, profiles};
    let app = TestApp::spawn_with_embeddings(pool.clone()).await;
    let (fitness_id, fitness) = signed_in_as(&app, "fit@example.com", "creator").await;
    let (tech_id, tech) = signed_in_as(&app, "tech@example.com", "creator").await;
    put_profile(&app, &fitness, full_profile()).await;
    let mut tech_profile = full_profile();
    tech_profile["bio"] = json!(
        "I review laptops, smartphones and developer tools, with deep dives into benchmarks."
    );
    tech_profile["niches"] = json!(["tech"]);
    tech_profile["languages"] = json!(["en"]);
    put_profile(&app, &tech, tech_profile).await;

    let handlers = mail::register_jobs(profiles::register_jobs(jobs::Handlers::default()));
    assert_eq!(
        jobs::work_once(&app.state, &handlers).await.unwrap(),
        4,
        "two profiles to embed and the two sign-ups' verification mails"
    );

    let me: Value = app.get_json("/api/v1/creator/profile", &fitness).await;
    assert_eq!(me["profile"]["indexing"], false);
    let (model,): (String,) =
        sqlx::query_as("SELECT DISTINCT embedding_model FROM creator_profiles")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(model, "multilingual-e5-small-q4");

    // The Hindi fitness profile is nearest to an English fitness brief.
    let provider = app.state.embeddings.clone().unwrap();
    let brief = provider
        .embed(
            vec!["Looking for a fitness creator to promote our protein snacks on Instagram".into()],
            TextRole::Query,
        )
        .await
        .unwrap()
        .remove(0);
    let ranked: Vec<(uuid::Uuid,)> =
        sqlx::query_as("SELECT user_id FROM creator_profiles ORDER BY embedding <=> $1::vector")
            .bind(to_pgvector(&brief))
            .fetch_all(&pool)
            .await
            .unwrap();
    let ids: Vec<String> = ranked.into_iter().map(|(id,)| id.to_string()).collect();
    assert_eq!(ids, [fitness_id, tech_id]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn without_an_embedding_provider_profiles_stay_indexing_and_the_job_retries(pool: PgPool) {
    use app::server::{jobs, profiles};
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = signed_in_as(&app, "wait@example.com", "creator").await;
    put_profile(&app, &token, full_profile()).await;
    let handlers = profiles::register_jobs(jobs::Handlers::default());
    jobs::work_once(&app.state, &handlers).await.unwrap();
    let (error, done): (Option<String>, bool) = sqlx::query_as(
        "SELECT last_error, done_at IS NOT NULL FROM jobs WHERE kind = 'embed_creator_profile'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (error.as_deref(), done),
        (Some("no embedding provider is configured"), false)
    );
    let me: Value = app.get_json("/api/v1/creator/profile", &token).await;
    assert_eq!(me["profile"]["indexing"], true);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_model_change_queues_exactly_the_vectors_made_by_another_model(pool: PgPool) {
    use app::server::reindex;
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = signed_in_as(&app, "fit@example.com", "creator").await;
    put_profile(&app, &token, full_profile()).await;
    sqlx::query("UPDATE creator_profiles SET embedding_model = 'model-a'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET done_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let pending = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM jobs WHERE done_at IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
        n
    };
    assert_eq!(
        reindex::queue_stale(&app.state, "model-a", false)
            .await
            .unwrap(),
        (0, 0)
    );
    assert_eq!(pending().await, 0);
    assert_eq!(
        reindex::queue_stale(&app.state, "model-b", false)
            .await
            .unwrap(),
        (1, 0)
    );
    assert_eq!(
        reindex::queue_stale(&app.state, "model-a", true)
            .await
            .unwrap(),
        (1, 0)
    );
    assert_eq!(pending().await, 1, "queued once however often asked");
}

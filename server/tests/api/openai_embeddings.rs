//! The OpenAI-compatible embedding provider against a mock of the
//! `/v1/embeddings` endpoint (the only outside service mocked).

use crate::helpers::TestApp;
use app::server::ai::{cosine, Embedder, EmbeddingProvider, OpenAiEmbeddings, TextRole};
use app::server::{jobs, profiles};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::PgPool;

/// A bag-of-words vector: texts sharing words point the same way.
fn vector(text: &str, dims: usize) -> Vec<f32> {
    let mut v = vec![0.0f32; dims];
    for word in text.to_lowercase().split_whitespace() {
        let bucket = word
            .bytes()
            .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
            % dims;
        v[bucket] += 1.0;
    }
    v
}

/// Answers like OpenAI, in reverse order (clients must sort by index); the
/// model "short" answers with the wrong size, "broken" with a 500.
async fn embeddings(Json(body): Json<Value>) -> Result<Json<Value>, axum::http::StatusCode> {
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    if model == "broken" {
        return Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let dims = if model == "short" {
        10
    } else {
        body["dimensions"].as_u64().unwrap_or(384) as usize
    };
    let inputs: Vec<String> = serde_json::from_value(body["input"].clone()).unwrap();
    let mut data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": vector(t, dims)}))
        .collect();
    data.reverse();
    Ok(Json(json!({
        "object": "list", "model": model, "data": data,
        "usage": {"prompt_tokens": 1, "total_tokens": 1}
    })))
}

async fn mock() -> String {
    let app = Router::new().route("/v1/embeddings", post(embeddings));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/v1")
}

#[tokio::test]
async fn vectors_come_back_in_order_normalised_and_the_right_size() {
    let provider = OpenAiEmbeddings::new(&mock().await, "test-key", "mock-embed", 384);
    let out = provider
        .embed(
            vec![
                "fitness gym workouts".into(),
                "gym workouts fitness".into(),
                "laptop review".into(),
            ],
            TextRole::Passage,
        )
        .await
        .unwrap();
    assert_eq!(out.len(), 3);
    for v in &out {
        assert_eq!(v.len(), 384);
        assert!((v.iter().map(|x| x * x).sum::<f32>().sqrt() - 1.0).abs() < 1e-4);
    }
    assert!(cosine(&out[0], &out[1]) > 0.999, "order kept");
    assert!(cosine(&out[0], &out[2]) < 0.5);
    assert_eq!(provider.model(), "openai:mock-embed:384");
}

#[tokio::test]
async fn a_wrong_size_or_a_failing_endpoint_is_an_error_not_a_vector() {
    let base = mock().await;
    for model in ["short", "broken"] {
        let provider = OpenAiEmbeddings::new(&base, "k", model, 384);
        let err = provider
            .embed(vec!["x".into()], TextRole::Query)
            .await
            .unwrap_err();
        assert_eq!(err.code, app::ErrorCode::ServiceUnavailable, "{model}");
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn profiles_are_indexed_through_the_endpoint_and_record_its_model(pool: PgPool) {
    let provider = OpenAiEmbeddings::new(&mock().await, "k", "mock-embed", 384);
    let app = TestApp::spawn_with_provider(pool.clone(), EmbeddingProvider::OpenAi(provider)).await;
    let (_, token) = app.account("asha@example.com", "Asha", "creator").await;
    app.send(
        reqwest::Method::PUT,
        "/api/v1/creator/profile",
        &token,
        Some(json!({"bio": "Fitness coach from Pune", "niches": ["fitness"]})),
    )
    .await;
    let handlers =
        app::server::mail::register_jobs(profiles::register_jobs(jobs::Handlers::default()));
    assert_eq!(
        jobs::work_once(&app.state, &handlers).await.unwrap(),
        2,
        "the profile to embed and the sign-up's verification mail"
    );
    let (model,): (String,) = sqlx::query_as("SELECT embedding_model FROM creator_profiles")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(model, "openai:mock-embed:384");
}

//! `MODERATION_PROVIDER=openai`: the scanner also asks an OpenAI-compatible
//! `/v1/moderations` endpoint, here a mock (the only outside service mocked).

use crate::helpers::{error_of, TestApp};
use crate::moderation::brief;
use app::server::ai::OpenAiModeration;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};

/// Every request body the mock received.
type Seen = Arc<Mutex<Vec<Value>>>;

/// Flags like OpenAI: "know where you live" as threatening harassment with
/// its scores; "cheap pills" as illicit without any scores (as some
/// compatible servers answer); the model "broken" answers 500.
async fn moderations(
    State(seen): State<Seen>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, axum::http::StatusCode> {
    seen.lock().unwrap().push(body.clone());
    if body["model"] == "broken" {
        return Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let inputs: Vec<String> = serde_json::from_value(body["input"].clone()).unwrap();
    let results: Vec<Value> = inputs
        .iter()
        .map(|text| {
            if text.contains("know where you live") {
                json!({
                    "flagged": true,
                    "categories": {"harassment": true, "harassment/threatening": true, "violence": false, "sexual": false},
                    "category_scores": {"harassment": 0.62, "harassment/threatening": 0.91, "violence": 0.2, "sexual": 0.01}
                })
            } else if text.contains("cheap pills") {
                json!({"flagged": true, "categories": {"illicit": true, "self-harm": false}})
            } else {
                json!({"flagged": false, "categories": {"harassment": false}, "category_scores": {"harassment": 0.01}})
            }
        })
        .collect();
    Ok(Json(
        json!({"id": "modr-1", "model": body["model"], "results": results}),
    ))
}

async fn mock(model: &str) -> (OpenAiModeration, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/moderations", post(moderations))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let provider = OpenAiModeration::new(&format!("http://{addr}/v1"), "test-key", model);
    (provider, seen)
}

async fn post_brief(app: &TestApp, token: &str, description: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        "/api/v1/requests",
        token,
        Some(brief("Diwali reels", description)),
    )
    .await
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn what_the_model_flags_waits_for_review_with_its_evidence(pool: PgPool) {
    let (model, seen) = mock("omni-moderation-latest").await;
    let app = TestApp::spawn_with_moderation(pool.clone(), model).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;

    // Clean text: approved, the texts asked about in one batch.
    let clean = post_brief(&app, &brand, "Sweets, lamps and family evenings").await;
    assert_eq!(clean.status(), 201);
    let clean: Value = clean.json().await.unwrap();
    assert_eq!(clean["request"]["moderation"]["status"], "approved");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["model"], "omni-moderation-latest");
        let inputs = seen[0]["input"].as_array().unwrap();
        assert!(inputs.len() >= 2, "{inputs:?}");
        assert!(inputs.contains(&json!("Sweets, lamps and family evenings")));
    }

    // A threat with no listed word: held, not refused, source `model`.
    let held = post_brief(
        &app,
        &brand,
        "Post it by Friday or else. We know where you live.",
    )
    .await;
    assert_eq!(held.status(), 201);
    let held: Value = held.json().await.unwrap();
    assert_eq!(
        held["request"]["moderation"],
        json!({"status": "pending_review", "reasons": [
            {"category": "abuse", "source": "model"},
            {"category": "threat", "source": "model"}
        ]})
    );
    let (evidence,): (Value,) = sqlx::query_as("SELECT reasons FROM moderation_cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    let evidence: Vec<&str> = evidence
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["evidence"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, ["harassment 0.62", "harassment/threatening 0.91"]);

    // A result without scores still counts (some servers send none).
    let illicit = post_brief(&app, &brand, "Sell cheap pills to your followers").await;
    let illicit: Value = illicit.json().await.unwrap();
    assert_eq!(
        illicit["request"]["moderation"]["reasons"],
        json!([{"category": "scam", "source": "model"}])
    );

    // What the lists refuse is refused before the model is asked.
    let asked = seen.lock().unwrap().len();
    let refused = post_brief(&app, &brand, "You are a f*cking idiot if you miss this").await;
    error_of(refused, 422, "content_blocked").await;
    assert_eq!(seen.lock().unwrap().len(), asked);

    // An admin finds the model's cases by their source.
    crate::admin::create_admin(&app).await;
    let admin = app.token("ops@example.com").await;
    let queue: Value = app
        .get_json("/api/v1/admin/moderation?source=model", &admin)
        .await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 2, "{queue}");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_broken_model_leaves_the_lists_to_decide(pool: PgPool) {
    let (model, seen) = mock("broken").await;
    let app = TestApp::spawn_with_moderation(pool, model).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let saved = post_brief(&app, &brand, "We know where you live, sweets lover").await;
    assert_eq!(saved.status(), 201);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["request"]["moderation"]["status"], "approved");
    assert!(!seen.lock().unwrap().is_empty(), "the endpoint was asked");
    // The lists still hold what they know.
    let held = post_brief(&app, &brand, "Pay the registration fee of ₹500 to apply").await;
    let held: Value = held.json().await.unwrap();
    assert_eq!(held["request"]["moderation"]["status"], "pending_review");
}

//! Collaboration requests over REST, against real Postgres.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use serde_json::{json, Value};
use sqlx::PgPool;

async fn token(app: &TestApp, email: &str, role: &str) -> String {
    app.account(email, "Chai & Co.", role).await.1
}

fn brief() -> Value {
    json!({
        "title": "Protein snack launch in Mumbai",
        "description": "हम एक हाई-प्रोटीन मिलेट स्नैक लॉन्च कर रहे हैं; fitness creators to try it on camera.",
        "niches": ["fitness", "food"],
        "deliverables": ["1 Instagram reel", "3 stories"],
        "budget_min": 20000, "budget_max": 60000, "budget_currency": "INR",
        "target_countries": ["IN"], "target_languages": ["hi", "mr"],
        "deadline": "2026-12-15"
    })
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    app.send(method, path, token, body).await
}

async fn create(app: &TestApp, token: &str) -> Value {
    let response = send(
        app,
        reqwest::Method::POST,
        "/api/v1/requests",
        token,
        Some(brief()),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["request"].clone()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_brand_posts_lists_and_edits_a_request(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let brand = token(&app, "brand@example.com", "brand").await;
    let request = create(&app, &brand).await;
    assert_eq!(request["status"], "active");
    assert_eq!(request["allowed_events"], json!(["pause", "close"]));
    assert_eq!(request["deadline"], "2026-12-15");
    assert_eq!(
        request["budget"],
        json!({"min": 20000, "max": 60000, "currency": "inr"})
    );
    assert_eq!(request["indexing"], true);

    let list: Value = app.get_json("/api/v1/requests", &brand).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let mut edited = brief();
    edited["title"] = json!("Protein snack launch — Pune too");
    let id = request["id"].as_str().unwrap();
    let response = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/requests/{id}"),
        &brand,
        Some(edited),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["request"]["title"], "Protein snack launch — Pune too");
    let (jobs,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM jobs WHERE kind = 'embed_collab_request' AND done_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(jobs, 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn status_moves_follow_the_state_machine_and_closed_is_final(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let brand = token(&app, "brand@example.com", "brand").await;
    let id = create(&app, &brand).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = |s: &str| json!({ "status": s });
    let path = format!("/api/v1/requests/{id}/status");

    for (target, allowed) in [
        ("paused", json!(["resume", "close"])),
        ("active", json!(["pause", "close"])),
        ("closed", json!([])),
    ] {
        let response = send(
            &app,
            reqwest::Method::POST,
            &path,
            &brand,
            Some(status(target)),
        )
        .await;
        assert_eq!(response.status(), 200, "to {target}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            (
                body["request"]["status"].clone(),
                body["request"]["allowed_events"].clone()
            ),
            (json!(target), allowed)
        );
    }
    let error = error_of(
        send(
            &app,
            reqwest::Method::POST,
            &path,
            &brand,
            Some(status("active")),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        error["message"],
        "This request is closed; a closed request cannot change."
    );
    let error = error_of(
        send(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/requests/{id}"),
            &brand,
            Some(brief()),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert!(error["message"].as_str().unwrap().contains("closed"));
    let error = error_of(
        send(
            &app,
            reqwest::Method::POST,
            &path,
            &brand,
            Some(status("archived")),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error["field"], "status");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn other_users_see_active_requests_only_and_never_change_them(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let brand = token(&app, "brand@example.com", "brand").await;
    let rival = token(&app, "rival@example.com", "brand").await;
    let creator = token(&app, "creator@example.com", "creator").await;
    let id = create(&app, &brand).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/requests/{id}");

    let seen: Value = app.get_json(&path, &creator).await;
    assert_eq!(
        seen["request"]["allowed_events"],
        json!([]),
        "a creator gets no status buttons"
    );

    error_of(
        send(&app, reqwest::Method::PUT, &path, &rival, Some(brief())).await,
        404,
        "not_found",
    )
    .await;
    error_of(
        send(
            &app,
            reqwest::Method::POST,
            &format!("{path}/status"),
            &rival,
            Some(json!({"status": "closed"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let rivals_list: Value = app.get_json("/api/v1/requests", &rival).await;
    assert_eq!(rivals_list["items"], json!([]));

    send(
        &app,
        reqwest::Method::POST,
        &format!("{path}/status"),
        &brand,
        Some(json!({"status": "paused"})),
    )
    .await;
    error_of(app.get_bearer(&path, &creator).await, 404, "not_found").await;
    assert_eq!(app.get_bearer(&path, &brand).await.status(), 200);
    error_of(
        app.get_bearer("/api/v1/requests/not-a-uuid", &brand).await,
        404,
        "not_found",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn creators_cannot_post_and_bad_briefs_name_their_fields(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let creator = token(&app, "creator@example.com", "creator").await;
    error_of(
        send(
            &app,
            reqwest::Method::POST,
            "/api/v1/requests",
            &creator,
            Some(brief()),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    let brand = token(&app, "brand@example.com", "brand").await;
    let mut bad = brief();
    bad["budget_min"] = json!(-5);
    bad["deadline"] = json!("2026-11-01");
    let error = error_of(
        send(
            &app,
            reqwest::Method::POST,
            "/api/v1/requests",
            &brand,
            Some(bad),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let fields = field_names(&error);
    assert_eq!(fields, ["budget", "deadline"]);
    assert_eq!(row_count(&pool, "collaboration_requests").await, 0);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_embedding_job_indexes_a_posted_request(pool: PgPool) {
    use app::server::{jobs, mail, requests};
    let app = TestApp::spawn_with_embeddings(pool.clone()).await;
    let brand = token(&app, "brand@example.com", "brand").await;
    let id = create(&app, &brand).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let handlers = mail::register_jobs(requests::register_jobs(jobs::Handlers::default()));
    assert_eq!(
        jobs::work_once(&app.state, &handlers).await.unwrap(),
        2,
        "the request to embed and the sign-up's verification mail"
    );
    let seen: Value = app
        .get_json(&format!("/api/v1/requests/{id}"), &brand)
        .await;
    assert_eq!(seen["request"]["indexing"], false);
    let (model, dims): (String, i32) = sqlx::query_as(
        "SELECT embedding_model, vector_dims(embedding) FROM collaboration_requests",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((model.as_str(), dims), ("multilingual-e5-small-q4", 384));
}

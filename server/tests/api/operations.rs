//! Health, metrics, request ids, body limits, rate limits, unknown paths and
//! the OpenAPI document.

use crate::helpers::{error_of, TestApp, PASSWORD};
use serde_json::{json, Value};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn health_is_ok_while_the_database_answers(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "up");
}

#[tokio::test]
async fn health_is_503_when_the_database_is_gone() {
    // A pool pointed at a port where no database listens.
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy("postgres://nobody:nothing@127.0.0.1:1/gone")
        .unwrap();
    let app = TestApp::spawn(pool).await;
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), 503);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_callers_request_id_is_echoed_and_a_missing_one_is_made(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .client
        .get(app.url("/health"))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-abc-123");
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(
        response.headers()["x-request-id"].to_str().unwrap().len(),
        36
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_ten_megabyte_body_is_refused_with_413(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let huge = "x".repeat(10 * 1024 * 1024);
    let response = app.post_json("/api/v1/auth/register", json!({"email": "a@example.com", "password": huge, "display_name": "A", "role": "brand"})).await;
    error_of(response, 413, "payload_too_large").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn malformed_json_is_a_400_in_the_error_envelope(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    error_of(response, 400, "bad_request").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn sign_in_attempts_beyond_the_limit_get_429_with_retry_after(pool: PgPool) {
    let app = TestApp::spawn_with(pool, |s| s.auth_rate_limit_per_minute = 3).await;
    for _ in 0..3 {
        assert_eq!(
            app.login("someone@example.com", PASSWORD).await.status(),
            401
        );
    }
    let response = app.login("someone@example.com", PASSWORD).await;
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    error_of(response, 429, "rate_limited").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn unknown_api_paths_answer_json_404(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    error_of(
        app.client
            .get(app.url("/api/v1/no-such-thing"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_openapi_document_lists_the_auth_endpoints(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/creator/profile",
        "/api/v1/creators/{id}",
        "/api/v1/requests",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{id}/status",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let docs_page = app
        .client
        .get(app.url("/api/v1/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(docs_page.status(), 200);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn metrics_count_requests_by_route(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.client.get(app.url("/health")).send().await.unwrap();
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("route=\"/health\""), "{text}");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn pages_are_sent_compressed_to_browsers_that_ask(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
}

//! Health, metrics, request ids, body limits, rate limits, unknown paths and
//! the OpenAPI document.

use crate::helpers::{error_of, TestApp, PASSWORD};
use serde_json::{json, Value};
use server::startup::HttpOptions;
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
async fn metrics_count_requests_by_route_for_the_token_holder_only(pool: PgPool) {
    let app = TestApp::spawn_with_http(
        pool,
        HttpOptions {
            metrics_token: Some("scrape-me-please".into()),
            ..Default::default()
        },
    )
    .await;
    app.client.get(app.url("/health")).send().await.unwrap();
    let metrics = |token: Option<&'static str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let anonymous = metrics(None).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        anonymous.json::<Value>().await.unwrap()["error"]["code"],
        "unauthorized"
    );
    assert_eq!(
        metrics(Some("scrape-me-pleasE")).await.unwrap().status(),
        401
    );
    let text = metrics(Some("scrape-me-please"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("route=\"/health\""), "{text}");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn metrics_are_not_served_without_a_token(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn made_up_methods_add_no_metric_series(pool: PgPool) {
    let app = TestApp::spawn_with_http(
        pool,
        HttpOptions {
            metrics_token: Some("scrape-me-please".into()),
            ..Default::default()
        },
    )
    .await;
    let mut rng = rand::rng();
    for i in 0..1000 {
        use rand::Rng;
        let name: String = (0..rng.random_range(3..12))
            .map(|_| rng.random_range(b'A'..=b'Z') as char)
            .collect();
        let path = ["/api/v1/tasks", "/nowhere", "/health"][i % 3];
        let method = reqwest::Method::from_bytes(name.as_bytes()).unwrap();
        app.client
            .request(method, app.url(path))
            .send()
            .await
            .unwrap();
    }
    let text = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The recorder is shared by the tests of this binary, so look at label
    // values, not at counts: only the fixed set may appear.
    let methods: std::collections::BTreeSet<&str> = text
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .filter_map(|l| l.split("method=\"").nth(1)?.split('"').next())
        .collect();
    let fixed = [
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other",
    ];
    assert!(methods.contains("other"), "{methods:?}");
    assert!(methods.iter().all(|m| fixed.contains(m)), "{methods:?}");
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

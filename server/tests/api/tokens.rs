//! Refresh-token rotation, reuse detection and sign-out.

use crate::helpers::{error_of, TestApp};
use serde_json::{json, Value};
use sqlx::PgPool;
use time::Duration;

async fn refresh(app: &TestApp, token: &Value) -> reqwest::Response {
    app.post_json("/api/v1/auth/refresh", json!({"refresh_token": token}))
        .await
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn refreshing_rotates_the_pair_and_the_old_token_stops_working(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let first = app.signed_in("rotate@example.com").await;
    let response = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(
        app.get_bearer("/api/v1/me", second["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn reusing_a_refresh_token_revokes_the_whole_family(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let first = app.signed_in("reuse@example.com").await;
    let second: Value = refresh(&app, &first["refresh_token"])
        .await
        .json()
        .await
        .unwrap();

    // The stolen first token comes back: refused, and the family is revoked.
    error_of(
        refresh(&app, &first["refresh_token"]).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        refresh(&app, &second["refresh_token"]).await,
        401,
        "unauthorized",
    )
    .await;
    let me = app
        .get_bearer("/api/v1/me", second["access_token"].as_str().unwrap())
        .await;
    error_of(me, 401, "unauthorized").await;

    // Another sign-in of the same user is unaffected.
    let other: Value = app
        .login("reuse@example.com", crate::helpers::PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        app.get_bearer("/api/v1/me", other["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn logout_ends_the_access_and_refresh_tokens(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let tokens = app.signed_in("logout@example.com").await;
    let access = tokens["access_token"].as_str().unwrap();
    let response = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    error_of(
        app.get_bearer("/api/v1/me", access).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        refresh(&app, &tokens["refresh_token"]).await,
        401,
        "unauthorized",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn access_tokens_expire_after_24_hours(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let tokens = app.signed_in("expiry@example.com").await;
    let access = tokens["access_token"].as_str().unwrap();
    app.state.clock.advance(Duration::hours(23));
    assert_eq!(app.get_bearer("/api/v1/me", access).await.status(), 200);
    app.state.clock.advance(Duration::hours(1));
    error_of(
        app.get_bearer("/api/v1/me", access).await,
        401,
        "unauthorized",
    )
    .await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn me_without_or_with_a_forged_token_is_401_with_www_authenticate(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert!(response.headers().contains_key("www-authenticate"));
    error_of(response, 401, "unauthorized").await;
    error_of(
        app.get_bearer("/api/v1/me", "eyJhbGciOiJIUzI1NiJ9.e30.forged")
            .await,
        401,
        "unauthorized",
    )
    .await;
}

//! Registration, sign-in and lockout through the REST API.

use crate::helpers::{error_of, field_names, TestApp, PASSWORD};
use serde_json::{json, Value};
use sqlx::PgPool;
use time::Duration;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn register_then_login_then_me_returns_the_same_account(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .register("Sean.OBrien@Example.com", "Seán O'Brien", "creator")
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["user"]["email"], "sean.obrien@example.com");
    assert_eq!(created["user"]["display_name"], "Seán O'Brien");
    assert_eq!(created["user"]["role"], "creator");

    let tokens: Value = app
        .login("sean.obrien@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 86_400);
    assert!(tokens["refresh_token"]
        .as_str()
        .is_some_and(|t| t.len() >= 40));

    let me = app
        .get_bearer("/api/v1/me", tokens["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["user"], created["user"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn names_in_any_script_are_stored_and_returned_exactly(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    for (i, name) in ["Müller", "प्रिया शर्मा", "தமிழ்செல்வி", "Zoë 🌸✨", "👩🏽‍💻 Dev"]
        .iter()
        .enumerate()
    {
        let response = app
            .register(&format!("user{i}@example.com"), name, "brand")
            .await;
        assert_eq!(response.status(), 201, "{name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["user"]["display_name"], *name);
    }
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn invalid_fields_are_named_in_a_422(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "nope", "password": "short", "display_name": "Ana", "role": "creator"}),
        )
        .await;
    let error = error_of(response, 422, "validation_failed").await;
    assert_eq!(error["field"], "email");
    let fields = field_names(&error);
    assert_eq!(fields, ["email", "password"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn admin_accounts_cannot_be_made_through_sign_up(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let error = error_of(
        app.register("root@example.com", "Root", "admin").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error["field"], "role");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_second_account_with_the_same_email_in_any_case_is_a_conflict(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    assert_eq!(
        app.register("ana@example.com", "Ana", "brand")
            .await
            .status(),
        201
    );
    let error = error_of(
        app.register("ANA@example.com", "Ana 2", "creator").await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(error["field"], "email");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("known@example.com", "Known", "brand").await;
    let wrong = error_of(
        app.login("known@example.com", "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = error_of(
        app.login("nobody@example.com", "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong["message"], unknown["message"]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn three_wrong_passwords_lock_the_account_for_fifteen_minutes(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("lock@example.com", "Lock", "creator").await;
    error_of(
        app.login("lock@example.com", "wrong password 1").await,
        401,
        "invalid_credentials",
    )
    .await;
    error_of(
        app.login("lock@example.com", "wrong password 2").await,
        401,
        "invalid_credentials",
    )
    .await;
    let third = app.login("lock@example.com", "wrong password 3").await;
    assert_eq!(third.headers()["retry-after"], "900");
    error_of(third, 423, "account_locked").await;

    // The right password is refused while locked, with the time left.
    app.state.clock.advance(Duration::minutes(10));
    let locked = app.login("lock@example.com", PASSWORD).await;
    assert_eq!(locked.headers()["retry-after"], "300");
    let error = error_of(locked, 423, "account_locked").await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("5 more minutes"),
        "{error}"
    );

    app.state.clock.advance(Duration::minutes(5));
    assert_eq!(app.login("lock@example.com", PASSWORD).await.status(), 200);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_successful_sign_in_resets_the_failure_count(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("reset@example.com", "Reset", "creator").await;
    for _ in 0..2 {
        app.login("reset@example.com", "wrong password!").await;
    }
    assert_eq!(app.login("reset@example.com", PASSWORD).await.status(), 200);
    for _ in 0..2 {
        assert_eq!(
            app.login("reset@example.com", "wrong password!")
                .await
                .status(),
            401
        );
    }
    assert_eq!(app.login("reset@example.com", PASSWORD).await.status(), 200);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn concurrent_wrong_passwords_are_all_counted(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("race@example.com", "Race", "creator").await;
    let attempts = (0..3).map(|_| app.login("race@example.com", "wrong password!"));
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 423).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(app.login("race@example.com", PASSWORD).await.status(), 423);
}

//! Password reset (issue 16): the same answer for unknown addresses, a
//! single-use link that expires after an hour, other sign-ins ended.

use crate::helpers::{error_of, row_count, TestApp, PASSWORD};
use app::server::{jobs, mail};
use serde_json::json;
use sqlx::PgPool;

/// The reset link's token in the newest kept mail to `to`, once delivered.
async fn delivered_token(app: &TestApp, to: &str) -> String {
    let handlers = mail::register_jobs(jobs::Handlers::default());
    jobs::work_once(&app.state, &handlers).await.unwrap();
    let (status, subject, text): (String, String, String) = sqlx::query_as(
        "SELECT status, subject, text_body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(status, "kept", "no SMTP server: the outbox keeps it");
    assert_eq!(
        subject, "अपना MAT-CHA पासवर्ड रीसेट करें",
        "in the reader's language"
    );
    let at = text.find("token=").expect("a link in the text part") + "token=".len();
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_link_works_once_within_the_hour_and_ends_other_sign_ins(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let email = "o'brien.müller@example.com";
    assert_eq!(
        app.post_json(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": "Ananya O'Brien", "role": "creator", "language": "hi"}),
        )
        .await
        .status(),
        201
    );
    let old_pair: serde_json::Value = app.login(email, PASSWORD).await.json().await.unwrap();

    // Known and unknown addresses get the same answer; only one mail exists.
    for address in [email, "nobody@example.com"] {
        let response = app
            .post_json("/api/v1/auth/password-reset", json!({ "email": address }))
            .await;
        assert_eq!(response.status(), 202, "{address}");
    }
    assert_eq!(row_count(&app.state.pool, "mail_outbox").await, 1);
    let token = delivered_token(&app, email).await;

    // A weak password is refused and the token still works afterwards.
    let weak = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "short"}),
        )
        .await;
    error_of(weak, 422, "validation_failed").await;
    let new_password = "a brand new passphrase";
    let done = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(done.status(), 204);

    // The old password and the old API sign-in no longer work; the new one does.
    assert_eq!(app.login(email, PASSWORD).await.status(), 401);
    let refreshed = app
        .post_json(
            "/api/v1/auth/refresh",
            json!({"refresh_token": old_pair["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status(), 401);
    assert_eq!(app.login(email, new_password).await.status(), 200);

    // Used once: a second use is refused by name.
    let again = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "yet another passphrase"}),
        )
        .await;
    let error = error_of(again, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_used", "{error}");

    // A fresh link expires after an hour.
    app.post_json("/api/v1/auth/password-reset", json!({ "email": email }))
        .await;
    let late = delivered_token(&app, email).await;
    app.state.clock.advance(time::Duration::minutes(61));
    let expired = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": late, "password": "yet another passphrase"}),
        )
        .await;
    let error = error_of(expired, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_expired", "{error}");
}

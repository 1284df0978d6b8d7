//! Notification preferences (issue 16): the matrix read and changed over
//! REST, each event shown in the app and mailed as its recipient chose,
//! and the one-click unsubscribe.

use crate::helpers::{error_of, field_names, TestApp};
use crate::interests::post_request;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn verify(app: &TestApp, email: &str) {
    sqlx::query("UPDATE users SET email_verified_at = now() WHERE email = $1")
        .bind(email)
        .execute(&app.state.pool)
        .await
        .unwrap();
}

/// (notifications of `kind`, event mails about `kind`) for `user`.
async fn counts(app: &TestApp, user: &str, kind: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM notifications WHERE user_id = $1::uuid AND kind = $2),
                (SELECT count(*) FROM mail_outbox WHERE user_id = $1::uuid AND kind = 'notification'
                   AND data->>'notification' = $2)",
    )
    .bind(user)
    .bind(kind)
    .fetch_one(&app.state.pool)
    .await
    .unwrap()
}

/// The matrix row of `event`.
pub fn row<'a>(settings: &'a Value, event: &str) -> &'a Value {
    settings["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["event"] == event)
        .unwrap_or_else(|| panic!("no row for {event}: {settings}"))
}

/// The unsubscribe POST a mail program sends for `token` (RFC 8058).
pub async fn one_click(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/unsubscribe?token={token}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn each_event_goes_in_the_app_and_by_mail_as_its_recipient_chose(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (brand_id, brand) = app.account("chai@example.com", "Chai & Co.", "brand").await;
    verify(&app, "chai@example.com").await;
    let request = post_request(&app, &brand).await;
    let interest = |n: usize| {
        let app = &app;
        let request = request.clone();
        async move {
            let email = format!("creator{n}@example.com");
            let (_, creator) = app.account(&email, "Müller", "creator").await;
            let response = app
                .send(
                    Method::POST,
                    &format!("/api/v1/requests/{request}/interests"),
                    &creator,
                    None,
                )
                .await;
            assert_eq!(response.status(), 201);
        }
    };

    // Defaults: everything in the app; an interest is mailed too.
    let settings = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(settings["email"], true);
    assert_eq!(settings["email_verified"], true);
    assert_eq!(row(&settings, "interest_received")["in_app"], true);
    assert_eq!(row(&settings, "interest_received")["email"], true);
    assert_eq!(row(&settings, "interest_rejected")["email"], false);
    interest(1).await;
    assert_eq!(counts(&app, &brand_id, "interest_received").await, (1, 1));

    // Mail only: no bell, a mail.
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &brand,
            Some(json!({"events": [{"event": "interest_received", "in_app": false}]})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(row(&saved, "interest_received")["in_app"], false);
    assert_eq!(row(&saved, "interest_received")["email"], true);
    interest(2).await;
    assert_eq!(counts(&app, &brand_id, "interest_received").await, (1, 2));

    // The master switch off: nothing by mail, whatever the rows say.
    app.send(
        Method::PUT,
        "/api/v1/settings/notifications",
        &brand,
        Some(json!({"email": false, "events": [{"event": "interest_received", "in_app": true}]})),
    )
    .await;
    interest(3).await;
    assert_eq!(counts(&app, &brand_id, "interest_received").await, (2, 2));
    let kept = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(kept["email"], false);
    assert_eq!(
        row(&kept, "interest_received")["email"],
        true,
        "the row is kept"
    );

    // Bad input names its field and changes nothing.
    let bad = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &brand,
            Some(json!({"email": true, "events": [{"event": "lottery_won", "email": true}]})),
        )
        .await;
    let error = error_of(bad, 422, "validation_failed").await;
    assert_eq!(field_names(&error), ["events.lottery_won"]);
    let after = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(after, kept);
    let unsigned = app
        .client
        .get(app.url("/api/v1/settings/notifications"))
        .send()
        .await
        .unwrap();
    error_of(unsigned, 401, "unauthorized").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_unconfirmed_address_gets_no_event_mail(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (brand_id, brand) = app.account("new@example.com", "New Brand", "brand").await;
    let request = post_request(&app, &brand).await;
    let (_, creator) = app.account("c@example.com", "Creator", "creator").await;
    app.send(
        Method::POST,
        &format!("/api/v1/requests/{request}/interests"),
        &creator,
        None,
    )
    .await;
    assert_eq!(counts(&app, &brand_id, "interest_received").await, (1, 0));
    let settings = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(settings["email_verified"], false);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn one_click_turns_off_that_events_mail_and_nothing_else(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (brand_id, brand) = app.account("chai@example.com", "Chai & Co.", "brand").await;
    verify(&app, "chai@example.com").await;
    let request = post_request(&app, &brand).await;
    let (_, creator) = app.account("c@example.com", "Creator", "creator").await;
    app.send(
        Method::POST,
        &format!("/api/v1/requests/{request}/interests"),
        &creator,
        None,
    )
    .await;
    let data: sqlx::types::Json<Value> = sqlx::query_scalar(
        "SELECT data FROM mail_outbox WHERE kind = 'notification' AND user_id = $1",
    )
    .bind(uuid::Uuid::parse_str(&brand_id).unwrap())
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    let link = data["unsubscribe"].as_str().unwrap();
    let token = link.split("token=").nth(1).unwrap();

    // The link names its event; a changed token is refused.
    let target = app
        .client
        .get(app.url(&format!("/api/v1/unsubscribe?token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(target.status(), 200);
    let target: Value = target.json().await.unwrap();
    assert_eq!(target, json!({"event": "interest_received", "email": true}));
    let forged = token.replace("interest_received", "deal_proposed");
    let refused = app
        .client
        .post(app.url(&format!("/api/v1/unsubscribe?token={forged}")))
        .send()
        .await
        .unwrap();
    let error = error_of(refused, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_invalid");

    // One click, as a mail program sends it (RFC 8058).
    assert_eq!(one_click(&app, token).await.status(), 200);
    let settings = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(row(&settings, "interest_received")["email"], false);
    assert_eq!(row(&settings, "interest_received")["in_app"], true);
    assert_eq!(row(&settings, "deal_proposed")["email"], true);
    assert_eq!(settings["email"], true);
}

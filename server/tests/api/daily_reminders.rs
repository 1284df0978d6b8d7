//! The daily reminder (issue 16): at 09:00 in each user's time zone, once a
//! day on any number of instances, what waits for their answer, in their
//! language, in the app and by mail; nothing on a day when nothing waits.

use crate::chats::open_chat;
use crate::helpers::TestApp;
use crate::interests::post_request;
use app::server::daily;
use reqwest::Method;
use serde_json::Value;
use sqlx::PgPool;
use time::macros::datetime;
use time::OffsetDateTime;

async fn set(app: &TestApp, email: &str, time_zone: &str, language: &str) {
    sqlx::query(
        "UPDATE users SET time_zone = $2, language = $3, email_verified_at = now() WHERE email = $1",
    )
    .bind(email)
    .bind(time_zone)
    .bind(language)
    .execute(&app.state.pool)
    .await
    .unwrap();
}

/// Moves both instances' clocks to `to` (their clocks start together).
fn move_to(apps: [&TestApp; 2], to: OffsetDateTime) {
    for app in apps {
        let by = to - app.state.clock.now();
        app.state.clock.advance(by);
    }
}

/// The daily reminders `email` reads in the app (signed in afresh: the
/// clock has moved past the first sign-in's token).
async fn reminders(app: &TestApp, email: &str) -> Vec<String> {
    let token = app.token(email).await;
    let list: Value = app.get_json("/api/v1/notifications", &token).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "daily_summary")
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn mails(app: &TestApp, email: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND kind = 'notification'
           AND data->>'notification' = 'daily_summary'",
    )
    .bind(email)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    n
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn what_waits_is_told_at_nine_in_each_time_zone_once_a_day(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::spawn(pool.clone()).await;
    // A chat with terms neither side has confirmed, and an interest the
    // brand has not answered.
    let (brand, _, chat) = open_chat(&app).await;
    let proposed = app
        .send(
            Method::POST,
            &format!("/api/v1/chats/{chat}/deal"),
            &brand,
            Some(serde_json::json!({
                "deliverables": "2 reels", "timeline": "Before 15 December",
                "amount": 7500, "currency": "INR", "usage_rights": "Brand channels, 6 months"
            })),
        )
        .await;
    assert_eq!(proposed.status(), 200);
    let deal: Value = proposed.json().await.unwrap();
    let deal = deal["deal"]["id"].as_str().unwrap().to_owned();
    let request = post_request(&app, &brand).await;
    let (_, second) = app
        .account("o.brien@example.com", "O'Brien", "creator")
        .await;
    let interest: Value = app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{request}/interests"),
            &second,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let interest = interest["interest"]["id"].as_str().unwrap().to_owned();
    set(&app, "brand@example.com", "Asia/Kolkata", "en").await;
    set(&app, "meena@example.com", "America/New_York", "hi").await;

    // 15:30 in Kolkata, 05:00 in New York: nobody yet.
    assert_eq!(daily::run_once(&app.state).await.unwrap(), 0);

    // 09:05 in Kolkata the next day: the brand, once, whichever instance
    // comes first and however often they pass.
    move_to([&app, &other], datetime!(2026-11-23 03:35 UTC));
    let (a, b) = tokio::join!(daily::run_once(&app.state), daily::run_once(&other.state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(daily::run_once(&other.state).await.unwrap(), 0);
    assert_eq!(
        reminders(&app, "brand@example.com").await,
        ["Waiting for you: 1 interest to answer, 1 deal to confirm."]
    );
    assert_eq!(mails(&app, "brand@example.com").await, 1);
    assert!(reminders(&app, "meena@example.com").await.is_empty());

    // 09:05 in New York: the creator, in Hindi, about the one deal.
    move_to([&app, &other], datetime!(2026-11-23 14:05 UTC));
    let (a, b) = tokio::join!(daily::run_once(&app.state), daily::run_once(&other.state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        reminders(&app, "meena@example.com").await,
        ["आपकी ओर से बाकी: 1 डील की पुष्टि करनी है।"]
    );
    assert_eq!(mails(&app, "meena@example.com").await, 1);

    // After 10:00 a day whose hour has passed is not made up late.
    move_to([&app, &other], datetime!(2026-11-24 04:45 UTC));
    assert_eq!(daily::run_once(&app.state).await.unwrap(), 0);

    // Once everything is answered, the next morning brings nothing.
    let accepted = app
        .send(
            Method::POST,
            &format!("/api/v1/interests/{interest}/accept"),
            &app.token("brand@example.com").await,
            None,
        )
        .await;
    assert_eq!(accepted.status(), 200);
    for email in ["brand@example.com", "meena@example.com"] {
        let token = app.token(email).await;
        let confirmed = app
            .send(
                Method::POST,
                &format!("/api/v1/deals/{deal}/confirm"),
                &token,
                None,
            )
            .await;
        assert_eq!(confirmed.status(), 200);
    }
    move_to([&app, &other], datetime!(2026-11-25 03:35 UTC));
    assert_eq!(daily::run_once(&app.state).await.unwrap(), 0);
    move_to([&app, &other], datetime!(2026-11-25 14:05 UTC));
    assert_eq!(daily::run_once(&app.state).await.unwrap(), 0);
    assert_eq!(reminders(&app, "brand@example.com").await.len(), 1);
    assert_eq!(mails(&app, "brand@example.com").await, 1);
}

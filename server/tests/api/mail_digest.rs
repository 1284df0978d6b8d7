//! The daily digest (issue 16): an event whose mail its recipient wants
//! once a day is held, then sent at 09:00 in their time zone in one mail
//! with the daily reminder at its top, once on any number of instances;
//! its one-click unsubscribe stops the digested events' mail alone.

use crate::helpers::{error_of, field_names, TestApp};
use crate::interests::post_request;
use crate::notification_settings::{one_click, row};
use app::server::{daily, jobs, mail};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::macros::datetime;

const BRAND: &str = "chai@example.com";

async fn prepare(app: &TestApp, email: &str, language: &str) {
    sqlx::query(
        "UPDATE users SET email_verified_at = now(), time_zone = 'Asia/Kolkata', language = $2
         WHERE email = $1",
    )
    .bind(email)
    .bind(language)
    .execute(&app.state.pool)
    .await
    .unwrap();
}

/// (kind, subject, text) of every event mail to `email`, oldest first,
/// rendered.
async fn mails(app: &TestApp, email: &str) -> Vec<(String, String, String)> {
    let handlers = mail::register_jobs(jobs::Handlers::default());
    while jobs::work_once(&app.state, &handlers).await.unwrap() > 0 {}
    sqlx::query_as(
        "SELECT kind, coalesce(subject, ''), coalesce(text_body, '') FROM mail_outbox
         WHERE to_address = $1 AND kind IN ('notification', 'digest') ORDER BY id",
    )
    .bind(email)
    .fetch_all(&app.state.pool)
    .await
    .unwrap()
}

async fn held(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM mail_digest_items")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn held_mail_goes_at_nine_in_one_digest_once_and_can_be_stopped(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app.account(BRAND, "Chai & Co.", "brand").await;
    prepare(&app, BRAND, "en").await;

    // The daily summary cannot wait for itself; a frequency is one of two.
    let refused = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &brand,
            Some(json!({"events": [
                {"event": "daily_summary", "frequency": "daily"},
                {"event": "new_message", "frequency": "weekly"},
                {"event": "interest_received", "frequency": "daily"}
            ]})),
        )
        .await;
    let error = error_of(refused, 422, "validation_failed").await;
    assert_eq!(
        field_names(&error),
        [
            "events.daily_summary.frequency",
            "events.new_message.frequency"
        ]
    );
    let settings = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(
        row(&settings, "interest_received")["frequency"],
        "immediately",
        "a refused form changes nothing"
    );

    let saved = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &brand,
            Some(json!({"events": [{"event": "interest_received", "frequency": "daily"}]})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(row(&saved, "interest_received")["frequency"], "daily");
    assert_eq!(row(&saved, "deal_proposed")["frequency"], "immediately");

    // Two creators answer the request: the bell rings twice, no mail yet.
    let request = post_request(&app, &brand).await;
    let mut interests = Vec::new();
    for (email, name) in [
        ("meena@example.com", "Meena"),
        ("o.brien@example.com", "O'Brien"),
    ] {
        let (_, creator) = app.account(email, name, "creator").await;
        prepare(&app, email, "ta").await;
        let answered: Value = app
            .send(
                Method::POST,
                &format!("/api/v1/requests/{request}/interests"),
                &creator,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        interests.push(answered["interest"]["id"].as_str().unwrap().to_owned());
    }
    // Meena hears of an accepted interest in the morning too.
    let meena = app.token("meena@example.com").await;
    let chose = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &meena,
            Some(json!({"events": [{"event": "interest_accepted", "frequency": "daily"}]})),
        )
        .await;
    assert_eq!(chose.status(), 200);
    let accepted = app
        .send(
            Method::POST,
            &format!("/api/v1/interests/{}/accept", interests[0]),
            &brand,
            None,
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let bell = crate::helpers::notification_kinds(&app, &brand).await;
    assert_eq!(bell.iter().filter(|k| *k == "interest_received").count(), 2);
    assert!(mails(&app, BRAND).await.is_empty());
    assert_eq!(held(&app).await, 3);

    // 15:30 in Kolkata: still held.
    assert_eq!(daily::run_once(&app.state).await.unwrap(), 0);

    // 09:05 the next morning, on two instances at once: one digest each.
    for instance in [&app, &other] {
        let by = datetime!(2026-11-23 03:35 UTC) - instance.state.clock.now();
        instance.state.clock.advance(by);
    }
    let (a, b) = tokio::join!(daily::run_once(&app.state), daily::run_once(&other.state));
    assert_eq!(a.unwrap() + b.unwrap(), 2, "the brand and Meena");
    assert_eq!(daily::run_once(&other.state).await.unwrap(), 0);
    assert_eq!(held(&app).await, 0);

    let brand_mail = mails(&app, BRAND).await;
    assert_eq!(brand_mail.len(), 1, "{brand_mail:?}");
    let (kind, subject, text) = &brand_mail[0];
    assert_eq!(kind, "digest");
    assert_eq!(subject, "Your MAT-CHA digest: 3 updates");
    assert!(
        text.contains("Waiting for you: 1 interest to answer."),
        "{text}"
    );
    assert!(text.contains("Meena") && text.contains("O'Brien"), "{text}");
    assert!(text.contains(&format!("/requests/{request}")), "{text}");
    // The reminder is in the bell as well; its mail is the digest.
    let brand = app.token(BRAND).await;
    let bell = crate::helpers::notification_kinds(&app, &brand).await;
    assert!(bell.contains(&"daily_summary".to_owned()), "{bell:?}");

    // Meena: nothing waits for her answer, so the digest is her one item,
    // in Tamil.
    let meena_mail = mails(&app, "meena@example.com").await;
    assert_eq!(meena_mail.len(), 1, "{meena_mail:?}");
    assert_eq!(meena_mail[0].1, "உங்கள் MAT-CHA தொகுப்பு: 1 புதிய செய்தி");
    let meena = app.token("meena@example.com").await;
    let her_bell = crate::helpers::notification_kinds(&app, &meena).await;
    assert!(!her_bell.contains(&"daily_summary".to_owned()));

    // The digest's one click stops the digested mail, not the rest.
    let (link,): (String,) = sqlx::query_as(
        "SELECT data->>'unsubscribe' FROM mail_outbox WHERE to_address = $1 AND kind = 'digest'",
    )
    .bind(BRAND)
    .fetch_one(&pool)
    .await
    .unwrap();
    let token = link.split("token=").nth(1).unwrap();
    let target: Value = app
        .client
        .get(app.url(&format!("/api/v1/unsubscribe?token={token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(target, json!({"event": "digest", "email": true}));
    assert_eq!(one_click(&app, token).await.status(), 200);
    let settings = app.get_json("/api/v1/settings/notifications", &brand).await;
    assert_eq!(row(&settings, "interest_received")["email"], false);
    assert_eq!(row(&settings, "deal_proposed")["email"], true);
    assert_eq!(row(&settings, "daily_summary")["email"], true);
}

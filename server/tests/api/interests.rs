//! Interests over REST: once per creator and request, decided once by the
//! request's brand, invisible to everyone else.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

pub async fn post_request(app: &TestApp, brand: &str) -> String {
    let response = app
        .send(
            Method::POST,
            "/api/v1/requests",
            brand,
            Some(json!({
                "title": "Diwali sweets box",
                "description": "Festive unboxing reels in Hindi or Tamil.",
                "niches": ["food"],
                "deliverables": ["1 reel"],
                "budget_min": 10000, "budget_max": 30000, "budget_currency": "INR",
                "deadline": "2026-12-20"
            })),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["request"]["id"].as_str().unwrap().to_owned()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_creator_expresses_interest_once_and_the_brand_accepts_it_once(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app
        .account("brand@example.com", "Chai & Co.", "brand")
        .await;
    let (creator_id, creator) = app
        .account("obrien@example.com", "Siobhán O'Brien", "creator")
        .await;
    let request = post_request(&app, &brand).await;
    let path = format!("/api/v1/requests/{request}/interests");

    let note = "வணக்கம்! I make festive food reels 🎉";
    let first = app
        .send(Method::POST, &path, &creator, Some(json!({"note": note})))
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["interest"]["status"], "pending");
    assert_eq!(first["interest"]["note"], note);
    assert_eq!(first["interest"]["creator_name"], "Siobhán O'Brien");
    assert_eq!(first["interest"]["allowed_events"], json!([]));

    // A second interest in the same request is refused and stores nothing.
    let again = app.send(Method::POST, &path, &creator, None).await;
    let error = error_of(again, 409, "conflict").await;
    assert!(
        error["message"].as_str().unwrap().contains("already"),
        "{error}"
    );
    assert_eq!(row_count(&pool, "interests").await, 1);

    // The brand sees it with its buttons and was notified.
    let received: Value = app.get_json("/api/v1/interests", &brand).await;
    assert_eq!(received["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        received["items"][0]["allowed_events"],
        json!(["accept", "reject"])
    );
    let (kind,): (String,) = sqlx::query_as("SELECT kind FROM notifications")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(kind, "interest_received");

    // Accepting opens exactly one window that ends 48 hours later.
    let id = first["interest"]["id"].as_str().unwrap();
    let accepted = app
        .send(
            Method::POST,
            &format!("/api/v1/interests/{id}/accept"),
            &brand,
            None,
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let accepted: Value = accepted.json().await.unwrap();
    assert_eq!(accepted["interest"]["status"], "accepted");
    assert!(accepted["interest"]["chat_id"].is_string());
    for decision in ["accept", "reject"] {
        let twice = app
            .send(
                Method::POST,
                &format!("/api/v1/interests/{id}/{decision}"),
                &brand,
                None,
            )
            .await;
        error_of(twice, 409, "conflict").await;
    }
    assert_eq!(row_count(&pool, "chat_windows").await, 1);
    let (hours, creator_of_window): (f64, uuid::Uuid) = sqlx::query_as(
        "SELECT extract(epoch FROM expires_at - opened_at)::float8 / 3600, creator_id FROM chat_windows",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(hours, 48.0);
    assert_eq!(creator_of_window.to_string(), creator_id);

    // The creator sees the decision and was told.
    let sent: Value = app.get_json("/api/v1/interests", &creator).await;
    assert_eq!(sent["items"][0]["status"], "accepted");
    assert_eq!(sent["items"][0]["chat_id"], accepted["interest"]["chat_id"]);
    let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM notifications WHERE user_id = $1")
        .bind(uuid::Uuid::parse_str(&creator_id).unwrap())
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(kinds, [("interest_accepted".to_owned(),)]);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn only_the_requests_brand_decides_and_others_see_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app
        .account("brand@example.com", "Chai & Co.", "brand")
        .await;
    let (_, other_brand) = app
        .account("other@example.com", "Müller GmbH", "brand")
        .await;
    let (_, creator) = app.account("asha@example.com", "आशा", "creator").await;
    let (_, stranger) = app.account("ravi@example.com", "Ravi", "creator").await;
    let request = post_request(&app, &brand).await;
    let path = format!("/api/v1/requests/{request}/interests");

    // Brands cannot express interest; bad notes and unknown requests fail clearly.
    error_of(
        app.send(Method::POST, &path, &other_brand, None).await,
        403,
        "forbidden",
    )
    .await;
    let long = json!({"note": "x".repeat(1001)});
    let refused = app.send(Method::POST, &path, &creator, Some(long)).await;
    let error = error_of(refused, 422, "validation_failed").await;
    assert_eq!(field_names(&error), ["note"]);
    let unknown = format!("/api/v1/requests/{}/interests", uuid::Uuid::new_v4());
    error_of(
        app.send(Method::POST, &unknown, &creator, None).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(row_count(&pool, "interests").await, 0);

    let created = app.send(Method::POST, &path, &creator, None).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["interest"]["id"].as_str().unwrap();

    // Another brand, another creator and the creator themself cannot decide;
    // the first two cannot even see it.
    for token in [&other_brand, &stranger, &creator] {
        let tried = app
            .send(
                Method::POST,
                &format!("/api/v1/interests/{id}/accept"),
                token,
                None,
            )
            .await;
        error_of(tried, 404, "not_found").await;
    }
    for token in [&other_brand, &stranger] {
        let seen: Value = app.get_json("/api/v1/interests", token).await;
        assert_eq!(seen["items"], json!([]));
    }
    assert_eq!(row_count(&pool, "chat_windows").await, 0);

    // A paused request takes no new interests.
    let pause = app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{request}/status"),
            &brand,
            Some(json!({"status": "paused"})),
        )
        .await;
    assert_eq!(pause.status(), 200);
    error_of(
        app.send(Method::POST, &path, &stranger, None).await,
        404,
        "not_found",
    )
    .await;

    // Rejecting tells the creator and opens nothing.
    let rejected = app
        .send(
            Method::POST,
            &format!("/api/v1/interests/{id}/reject"),
            &brand,
            None,
        )
        .await;
    assert_eq!(rejected.status(), 200);
    let mine: Value = app.get_json("/api/v1/interests", &creator).await;
    assert_eq!(mine["items"][0]["status"], "rejected");
    assert!(mine["items"][0]["chat_id"].is_null());
    assert_eq!(row_count(&pool, "chat_windows").await, 0);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn each_user_reads_and_clears_only_their_own_notifications(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app
        .account("brand@example.com", "Chai & Co.", "brand")
        .await;
    let (_, creator) = app.account("asha@example.com", "Asha", "creator").await;
    let (_, other) = app.account("ravi@example.com", "Ravi", "creator").await;
    let request = post_request(&app, &brand).await;
    for token in [&creator, &other] {
        let path = format!("/api/v1/requests/{request}/interests");
        assert_eq!(
            app.send(Method::POST, &path, token, None).await.status(),
            201
        );
    }

    let mine: Value = app.get_json("/api/v1/notifications", &brand).await;
    assert_eq!(mine["unread"], 2);
    assert_eq!(mine["items"][0]["kind"], "interest_received");
    assert_eq!(mine["items"][0]["data"]["creator_name"], "Ravi");
    let title = mine["items"][0]["data"]["request_title"].as_str().unwrap();
    assert_eq!(
        mine["items"][0]["text"],
        format!("Ravi is interested in “{title}”.")
    );
    // In the reader's language, read when asked: old ones too.
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &brand,
            Some(json!({"language": "hi"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let in_hindi: Value = app.get_json("/api/v1/notifications", &brand).await;
    assert_eq!(
        in_hindi["items"][0]["text"],
        format!("Ravi ने “{title}” में रुचि दिखाई है।")
    );
    let none: Value = app.get_json("/api/v1/notifications", &creator).await;
    assert_eq!(none["items"], json!([]));

    // Someone else's id changes nothing; one id marks one; {} marks all.
    let first = mine["items"][1]["id"].as_i64().unwrap();
    let tried = app
        .send(
            Method::POST,
            "/api/v1/notifications/read",
            &creator,
            Some(json!({"ids": [first]})),
        )
        .await;
    assert_eq!(tried.json::<Value>().await.unwrap()["unread"], 0);
    let one = app
        .send(
            Method::POST,
            "/api/v1/notifications/read",
            &brand,
            Some(json!({"ids": [first]})),
        )
        .await;
    assert_eq!(one.json::<Value>().await.unwrap()["unread"], 1);
    let all = app
        .send(
            Method::POST,
            "/api/v1/notifications/read",
            &brand,
            Some(json!({})),
        )
        .await;
    assert_eq!(all.json::<Value>().await.unwrap()["unread"], 0);
    let page: Value = app.get_json("/api/v1/notifications?limit=1", &brand).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["items"][0]["read_at"].is_string());
}

//! Chat windows and messages over REST: parties only, stored once per
//! client id, resumable after an id, refused after 48 hours.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use time::Duration;
use uuid::Uuid;

/// A brand and a creator with an accepted interest: (brand, creator, chat id).
pub async fn open_chat(app: &TestApp) -> (String, String, String) {
    let (_, brand) = app
        .account("brand@example.com", "Chai & Co.", "brand")
        .await;
    let (_, creator) = app.account("meena@example.com", "மீனா", "creator").await;
    let request = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(json!({
                "title": "Monsoon skincare", "description": "Reels about monsoon skincare.",
                "niches": ["beauty"], "deliverables": ["2 reels"],
                "budget_min": 5000, "budget_max": 9000, "budget_currency": "INR",
                "deadline": "2026-12-30"
            })),
        )
        .await;
    let request: Value = request.json().await.unwrap();
    let request = request["request"]["id"].as_str().unwrap();
    let interest: Value = app
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
    let interest = interest["interest"]["id"].as_str().unwrap();
    let accepted: Value = app
        .send(
            Method::POST,
            &format!("/api/v1/interests/{interest}/accept"),
            &brand,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let chat = accepted["interest"]["chat_id"].as_str().unwrap().to_owned();
    (brand, creator, chat)
}

pub async fn say(
    app: &TestApp,
    token: &str,
    chat: &str,
    client_id: Uuid,
    body: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/chats/{chat}/messages"),
        token,
        Some(json!({"client_id": client_id, "body": body})),
    )
    .await
}

fn bodies(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn messages_are_stored_once_and_resume_after_an_id_in_order(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    let mut listener = PgListener::connect_with(&pool).await.unwrap();
    listener.listen("chat_messages").await.unwrap();

    let seen: Value = app
        .get_json(&format!("/api/v1/chats/{chat}"), &creator)
        .await;
    assert_eq!(seen["chat"]["status"], "active");
    assert_eq!(seen["chat"]["seconds_left"], 48 * 3600);
    let listed: Value = app.get_json("/api/v1/chats", &brand).await;
    assert_eq!(listed["items"][0]["id"], chat.as_str());

    // A retry with the same client id stores one message and answers 200.
    let hello = Uuid::new_v4();
    let first = say(
        &app,
        &brand,
        &chat,
        hello,
        "नमस्ते! <script>alert(1)</script>",
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = say(
        &app,
        &brand,
        &chat,
        hello,
        "नमस्ते! <script>alert(1)</script>",
    )
    .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["message"]["id"], first["message"]["id"]);
    assert_eq!(row_count(&pool, "chat_messages").await, 1);

    // Every stored message is announced with its window and id.
    let note = listener.recv().await.unwrap();
    assert_eq!(note.payload(), format!("{chat}:{}", first["message"]["id"]));

    for (token, text) in [
        (&creator, "வணக்கம் 🙏"),
        (&brand, "O'Brien here too"),
        (&creator, "Müller?"),
    ] {
        assert_eq!(
            say(&app, token, &chat, Uuid::new_v4(), text).await.status(),
            201
        );
    }
    let all: Value = app
        .get_json(&format!("/api/v1/chats/{chat}/messages"), &creator)
        .await;
    assert_eq!(
        bodies(&all),
        [
            "नमस्ते! <script>alert(1)</script>",
            "வணக்கம் 🙏",
            "O'Brien here too",
            "Müller?"
        ]
    );
    // After a reconnect: exactly what came after the last id held, in order.
    let second = all["items"][1]["id"].as_i64().unwrap();
    let missed: Value = app
        .get_json(
            &format!("/api/v1/chats/{chat}/messages?after_id={second}"),
            &brand,
        )
        .await;
    assert_eq!(bodies(&missed), ["O'Brien here too", "Müller?"]);
    // Scrolling back: the latest two before the third.
    let third = all["items"][2]["id"].as_i64().unwrap();
    let older: Value = app
        .get_json(
            &format!("/api/v1/chats/{chat}/messages?before_id={third}&limit=2"),
            &brand,
        )
        .await;
    assert_eq!(
        bodies(&older),
        ["नमस्ते! <script>alert(1)</script>", "வணக்கம் 🙏"]
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn only_the_two_parties_read_or_write_and_nothing_is_sent_after_48_hours(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, creator, chat) = open_chat(&app).await;
    let (_, stranger) = app
        .account("stranger@example.com", "Stranger", "brand")
        .await;

    for path in [
        format!("/api/v1/chats/{chat}"),
        format!("/api/v1/chats/{chat}/messages"),
    ] {
        error_of(app.get_bearer(&path, &stranger).await, 404, "not_found").await;
    }
    error_of(
        say(&app, &stranger, &chat, Uuid::new_v4(), "hi").await,
        404,
        "not_found",
    )
    .await;
    let none: Value = app.get_json("/api/v1/chats", &stranger).await;
    assert_eq!(none["items"], json!([]));

    // Bad input names its field and stores nothing.
    let blank = say(&app, &creator, &chat, Uuid::new_v4(), "   ").await;
    assert_eq!(
        field_names(&error_of(blank, 422, "validation_failed").await),
        ["body"]
    );
    let too_long = say(&app, &creator, &chat, Uuid::new_v4(), &"ம".repeat(4001)).await;
    assert_eq!(
        field_names(&error_of(too_long, 422, "validation_failed").await),
        ["body"]
    );
    let no_id = app
        .send(
            Method::POST,
            &format!("/api/v1/chats/{chat}/messages"),
            &creator,
            Some(json!({"client_id": "42", "body": "hi"})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(no_id, 422, "validation_failed").await),
        ["client_id"]
    );
    assert_eq!(row_count(&pool, "chat_messages").await, 0);

    // One second before the end a message goes through; at the end it is
    // refused with the reason, and the window reads as expired.
    app.state
        .clock
        .advance(Duration::hours(48) - Duration::seconds(1));
    // (Access tokens last minutes: sign in again.)
    let brand = app.token("brand@example.com").await;
    let creator = app.token("meena@example.com").await;
    assert_eq!(
        say(&app, &brand, &chat, Uuid::new_v4(), "last call")
            .await
            .status(),
        201
    );
    app.state.clock.advance(Duration::seconds(1));
    let late = say(&app, &creator, &chat, Uuid::new_v4(), "too late").await;
    let error = error_of(late, 409, "conflict").await;
    assert!(
        error["message"].as_str().unwrap().contains("expired"),
        "{error}"
    );
    let seen: Value = app
        .get_json(&format!("/api/v1/chats/{chat}"), &creator)
        .await;
    assert_eq!(seen["chat"]["status"], "expired");
    assert_eq!(seen["chat"]["seconds_left"], 0);
    assert_eq!(row_count(&pool, "chat_messages").await, 1);
}

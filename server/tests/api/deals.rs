//! Deals over REST (proposed, revised, confirmed by both, closing the
//! window) and the sweep that reminds and expires windows exactly once.

use crate::chats::{open_chat, say};
use crate::helpers::{error_of, field_names, notification_kinds, row_count, TestApp};
use app::server::sweep::{self, Swept};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::Duration;
use uuid::Uuid;

fn terms(amount: i64) -> Value {
    json!({
        "deliverables": "2 reels + 3 stories (Tamil and Hindi)",
        "timeline": "Before 15 December",
        "amount": amount,
        "currency": "INR",
        "usage_rights": "Brand channels, 6 months"
    })
}

async fn propose(app: &TestApp, token: &str, chat: &str, body: Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/chats/{chat}/deal"),
        token,
        Some(body),
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, deal: &str, body: Option<Value>) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/deals/{deal}/confirm"),
        token,
        body,
    )
    .await
}

async fn deal_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["deal"].clone()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn both_sides_confirm_and_the_window_closes_with_a_deal(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    let (_, stranger) = app
        .account("stranger@example.com", "Stranger", "brand")
        .await;

    // Every bad field is named; nothing is stored.
    let bad = propose(
        &app,
        &brand,
        &chat,
        json!({"deliverables": " ", "timeline": "soon", "amount": -5, "currency": "BTC", "usage_rights": ""}),
    )
    .await;
    assert_eq!(
        field_names(&error_of(bad, 422, "validation_failed").await),
        ["deliverables", "amount", "currency", "usage_rights"]
    );
    assert_eq!(row_count(&pool, "deals").await, 0);
    error_of(
        propose(&app, &stranger, &chat, terms(5000)).await,
        404,
        "not_found",
    )
    .await;

    // The brand proposes: nobody has confirmed yet; the creator is told.
    let deal = deal_of(propose(&app, &brand, &chat, terms(5000)).await).await;
    assert_eq!(deal["status"], "proposed");
    assert_eq!(deal["version"], 1);
    assert_eq!(deal["allowed_events"], json!(["revise", "confirm"]));
    let id = deal["id"].as_str().unwrap().to_owned();
    assert!(notification_kinds(&app, &creator)
        .await
        .contains(&"deal_proposed".to_owned()));
    error_of(confirm(&app, &stranger, &id, None).await, 404, "not_found").await;

    // The brand confirms: pending; confirming twice is refused.
    let deal = deal_of(confirm(&app, &brand, &id, None).await).await;
    assert_eq!(deal["status"], "pending");
    assert_eq!(
        (
            deal["brand_confirmed"].clone(),
            deal["creator_confirmed"].clone()
        ),
        (json!(true), json!(false))
    );
    assert_eq!(deal["allowed_events"], json!(["revise"]));
    error_of(confirm(&app, &brand, &id, None).await, 409, "conflict").await;

    // The creator changes the amount: version 2, and the brand's
    // confirmation is gone (those were other terms).
    let deal = deal_of(propose(&app, &creator, &chat, terms(7500)).await).await;
    assert_eq!(
        (deal["version"].clone(), deal["status"].clone()),
        (json!(2), json!("proposed"))
    );
    assert_eq!(deal["brand_confirmed"], false);
    assert_eq!(deal["amount"], 7500);
    let (versions,): (i64,) = sqlx::query_as("SELECT count(*) FROM deal_versions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(versions, 2);

    // Confirming stale terms is refused; the current version goes through.
    error_of(
        confirm(&app, &brand, &id, Some(json!({"version": 1}))).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        deal_of(confirm(&app, &brand, &id, Some(json!({"version": 2}))).await).await["status"],
        "pending"
    );
    let deal = deal_of(confirm(&app, &creator, &id, None).await).await;
    assert_eq!(deal["status"], "confirmed");
    assert!(deal["confirmed_at"].is_string());
    assert_eq!(deal["allowed_events"], json!([]));

    // The window is closed with the outcome "deal"; no more messages or changes.
    let seen: Value = app
        .get_json(&format!("/api/v1/chats/{chat}"), &creator)
        .await;
    assert_eq!(seen["chat"]["status"], "closed");
    let late = say(&app, &creator, &chat, Uuid::new_v4(), "one more thing").await;
    assert!(error_of(late, 409, "conflict").await["message"]
        .as_str()
        .unwrap()
        .contains("closed"));
    error_of(
        propose(&app, &brand, &chat, terms(1)).await,
        409,
        "conflict",
    )
    .await;
    let (outcome,): (Option<String>,) = sqlx::query_as("SELECT outcome FROM chat_windows")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(outcome.as_deref(), Some("deal"));

    // Both see it among their deals (and confirmed-only); the stranger does not.
    for token in [&brand, &creator] {
        let list: Value = app.get_json("/api/v1/deals?status=confirmed", token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        assert_eq!(list["items"][0]["id"], id.as_str());
        assert!(notification_kinds(&app, token)
            .await
            .contains(&"deal_confirmed".to_owned()));
    }
    let none: Value = app.get_json("/api/v1/deals", &stranger).await;
    assert_eq!(none["items"], json!([]));

    // The sweep later leaves a window closed by a deal alone.
    app.state.clock.advance(Duration::hours(49));
    assert_eq!(sweep::run_once(&app.state).await.unwrap().expired, 0);
    let (status, outcome): (String, Option<String>) =
        sqlx::query_as("SELECT status, outcome FROM chat_windows")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), outcome.as_deref()),
        ("closed", Some("deal"))
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_sweep_reminds_once_then_expires_archives_and_declines(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::spawn(pool.clone()).await;
    let (_, _, chat) = open_chat(&app).await;
    let reminders = || async {
        let (n,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM notifications WHERE kind = 'chat_reminder'")
                .fetch_one(&pool)
                .await
                .unwrap();
        n
    };

    // 41 hours in: too early for anything.
    app.state.clock.advance(Duration::hours(41));
    assert_eq!(sweep::run_once(&app.state).await.unwrap(), Swept::default());

    // 6 hours before the end: both sides are reminded once, even with two
    // instances sweeping at the same moment and again later.
    app.state.clock.advance(Duration::hours(1));
    other
        .state
        .clock
        .advance(Duration::hours(42) + Duration::minutes(1));
    let (a, b) = tokio::join!(sweep::run_once(&app.state), sweep::run_once(&other.state));
    assert_eq!(a.unwrap().reminded + b.unwrap().reminded, 1);
    assert_eq!(reminders().await, 2);
    assert_eq!(
        sweep::run_once(&other.state).await.unwrap(),
        Swept::default()
    );
    assert_eq!(reminders().await, 2);

    // At 48 hours the window expires, once, archived and declined.
    app.state.clock.advance(Duration::hours(6));
    other.state.clock.advance(Duration::hours(6));
    let (a, b) = tokio::join!(sweep::run_once(&app.state), sweep::run_once(&other.state));
    assert_eq!(a.unwrap().expired + b.unwrap().expired, 1);
    let (status, outcome, archived): (String, Option<String>, bool) = sqlx::query_as(
        "SELECT status, outcome, archived_at IS NOT NULL FROM chat_windows WHERE id = $1::uuid",
    )
    .bind(&chat)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), outcome.as_deref(), archived),
        ("expired", Some("declined"), true)
    );
    let (expired,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM notifications WHERE kind = 'chat_expired'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(expired, 2);
}

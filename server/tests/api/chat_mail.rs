//! New chat messages by mail (issue 16): one mail when messages have waited
//! unseen for five minutes, however many there are, none while the reader
//! has opened the chat, and none when they chose not to be mailed.

use crate::chats::{open_chat, say};
use crate::helpers::TestApp;
use app::server::{chats, jobs};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::Duration;
use uuid::Uuid;

const CREATOR: &str = "meena@example.com";

/// The facts of each chat mail the creator was sent, oldest first.
async fn mailed(app: &TestApp) -> Vec<Value> {
    sqlx::query_scalar(
        "SELECT data->'facts' FROM mail_outbox WHERE to_address = $1 AND kind = 'notification'
           AND data->>'notification' = 'new_messages' ORDER BY id",
    )
    .bind(CREATOR)
    .fetch_all(&app.state.pool)
    .await
    .unwrap()
}

async fn waiting_jobs(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM jobs WHERE kind = $1 AND done_at IS NULL")
        .bind(chats::UNSEEN_MAIL_JOB)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

/// Lets `by` pass and runs the chat-mail jobs then due.
async fn later(app: &TestApp, by: Duration) {
    app.state.clock.advance(by);
    let handlers = chats::register_jobs(jobs::Handlers::default());
    while jobs::work_once(&app.state, &handlers).await.unwrap() > 0 {}
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn unseen_messages_are_mailed_once_bundled_and_only_if_still_unseen(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, _, chat) = open_chat(&app).await;
    sqlx::query("UPDATE users SET email_verified_at = now(), language = 'hi' WHERE email = $1")
        .bind(CREATOR)
        .execute(&pool)
        .await
        .unwrap();
    let brand_says = |body: &'static str| {
        let (app, brand, chat) = (&app, brand.clone(), chat.clone());
        async move {
            let sent = say(app, &brand, &chat, Uuid::now_v7(), body).await;
            assert_eq!(sent.status(), 201, "{body}");
        }
    };

    // Three messages the creator does not see: one mail after five minutes,
    // counting all three, in the creator's language.
    for body in [
        "Namaste!",
        "Can you post by Friday?",
        "Müller's team says hi 🙏",
    ] {
        brand_says(body).await;
    }
    assert_eq!(waiting_jobs(&app).await, 1);
    later(&app, Duration::minutes(4)).await;
    assert!(mailed(&app).await.is_empty(), "not before five minutes");
    later(&app, Duration::minutes(1)).await;
    let sent = mailed(&app).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["messages"], 3);
    assert_eq!(sent[0]["chat_id"], chat.as_str());
    assert_eq!(
        app::words::notice(app::i18n::Locale::hi, "new_messages", &sent[0]).0,
        "Chai & Co. ने “Monsoon skincare” के बारे में आपको 3 संदेश भेजे हैं।"
    );

    // More while still unseen: no second mail.
    brand_says("Any update?").await;
    later(&app, Duration::minutes(10)).await;
    assert_eq!(mailed(&app).await.len(), 1);

    // The creator reads the chat; a new message is opened within five
    // minutes: nothing is mailed.
    let creator_reads = || async {
        let creator = app.token(CREATOR).await;
        let read = app
            .send(
                Method::GET,
                &format!("/api/v1/chats/{chat}/messages"),
                &creator,
                None,
            )
            .await;
        assert_eq!(read.status(), 200);
        creator
    };
    creator_reads().await;
    brand_says("One more thing").await;
    later(&app, Duration::minutes(2)).await;
    let creator = creator_reads().await;
    later(&app, Duration::minutes(5)).await;
    assert_eq!(mailed(&app).await.len(), 1);

    // Chat mail turned off: nothing is queued at all.
    let off = app
        .send(
            Method::PUT,
            "/api/v1/settings/notifications",
            &creator,
            Some(json!({"events": [{"event": "new_message", "email": false}]})),
        )
        .await;
    assert_eq!(off.status(), 200);
    brand_says("Are you there?").await;
    assert_eq!(waiting_jobs(&app).await, 0);
    later(&app, Duration::minutes(10)).await;
    assert_eq!(mailed(&app).await.len(), 1);
}

//! Leaving the platform over REST (issue 15, 12.5): the export, deletion
//! hiding the account at once, and the purge 30 days later removing its
//! rows and files and nothing of anyone else.

use crate::chats::{open_chat, say};
use crate::helpers::{error_of, TestApp, PASSWORD};
use app::server::erasure;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::Duration;
use uuid::Uuid;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// Saves a searchable profile with one image sample; answers the image's key.
async fn profile_with_image(app: &TestApp, token: &str, bio: &str) -> String {
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            token,
            Some(json!({
                "bio": bio, "niches": ["beauty"], "country": "in", "city": "Chennai",
                "languages": ["ta", "en"],
                "socials": [{"platform": "instagram", "handle": "@glow", "followers": 52000}],
                "rate_min": 8000, "rate_max": 20000, "rate_currency": "INR"
            })),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let form = Form::new()
        .text("kind", "image")
        .text("title", "Studio shoot")
        .part(
            "file",
            Part::bytes(PNG.to_vec())
                .file_name("shoot.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let added = app
        .client
        .post(app.url("/api/v1/creator/portfolio"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let item: Value = added.json().await.unwrap();
    let id = item["item"]["id"].as_str().unwrap().to_owned();
    sqlx::query_scalar("SELECT object_key FROM portfolio_items WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

async fn id_of(app: &TestApp, token: &str) -> String {
    let me = app.get_json("/api/v1/me", token).await;
    me["user"]["id"].as_str().unwrap().to_owned()
}

async fn delete_me(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.send(
        Method::DELETE,
        "/api/v1/me",
        token,
        Some(json!({ "password": password })),
    )
    .await
}

async fn count(pool: &PgPool, sql: &str, user: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(Uuid::parse_str(user).unwrap())
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_deleted_account_is_hidden_at_once_and_purged_after_30_days_leaving_others_intact(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = open_chat(&app).await;
    let creator_id = id_of(&app, &creator).await;
    let key = profile_with_image(&app, &creator, "Monsoon skincare routines in Tamil").await;
    let (_, other) = app
        .account("o'brien@example.com", "Siobhán O'Brien", "creator")
        .await;
    let other_key = profile_with_image(&app, &other, "Monsoon skincare for oily skin").await;
    assert_eq!(
        say(&app, &creator, &chat, Uuid::new_v4(), "வணக்கம்!")
            .await
            .status(),
        201
    );
    assert_eq!(
        say(&app, &brand, &chat, Uuid::new_v4(), "Hello Meena")
            .await
            .status(),
        201
    );
    let task = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &creator,
            Some(json!({"title": "Film the reel"})),
        )
        .await;
    assert_eq!(task.status(), 201);

    // The export: everything about the caller, as a file, no secrets, and
    // only the caller's own side of the chat.
    let export = app.get_bearer("/api/v1/me/export", &creator).await;
    assert_eq!(export.status(), 200);
    let disposition = export.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"mat-cha-export-"),
        "{disposition}"
    );
    let text = export.text().await.unwrap();
    assert!(
        !text.contains("password_hash") && !text.contains("token_hash"),
        "{text}"
    );
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["account"]["email"], "meena@example.com");
    assert_eq!(
        data["creator_profile"]["bio"],
        "Monsoon skincare routines in Tamil"
    );
    assert_eq!(data["portfolio"].as_array().unwrap().len(), 1);
    assert_eq!(data["chats"].as_array().unwrap().len(), 1);
    let said: Vec<&str> = data["chat_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["வணக்கம்!"]);
    assert_eq!(data["tasks"][0]["title"], "Film the reel");
    assert!(data["exported_at"].is_string());

    // A wrong password deletes nothing.
    let refused = error_of(
        delete_me(&app, &creator, "not my password").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(refused["fields"][0]["field"], "password");
    assert_eq!(refused["fields"][0]["reason"], "password_wrong");
    assert_eq!(app.get_bearer("/api/v1/me", &creator).await.status(), 200);

    let deleted = delete_me(&app, &creator, PASSWORD).await;
    assert_eq!(deleted.status(), 202);
    let deleted: Value = deleted.json().await.unwrap();
    assert_eq!(deleted["status"], "deleted");
    assert_eq!(deleted["purge_after"], "2026-12-22T10:00:00Z");

    // Signed out everywhere, and no way back in.
    error_of(
        app.get_bearer("/api/v1/me", &creator).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        app.login("meena@example.com", PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    // Gone from public pages, search and images.
    error_of(
        app.get_bearer(&format!("/api/v1/creators/{creator_id}"), &brand)
            .await,
        404,
        "not_found",
    )
    .await;
    let found = app
        .get_json("/api/v1/search?kind=creators&q=monsoon%20skincare", &brand)
        .await;
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["creator"]["display_name"].as_str())
        .collect();
    assert_eq!(names, ["Siobhán O'Brien"], "{found}");
    let image_id = key.rsplit('/').next().unwrap().split('.').next().unwrap();
    let image = app
        .client
        .get(app.url(&format!("/media/portfolio/{image_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(image.status(), 404);
    // "Deleted user" in the other side's chat, which has ended; both sides'
    // messages stay with the brand.
    let seen = app.get_json(&format!("/api/v1/chats/{chat}"), &brand).await;
    assert_eq!(seen["chat"]["creator_name"], "", "{seen}");
    assert_eq!(seen["chat"]["status"], "closed");
    let refused = say(&app, &brand, &chat, Uuid::new_v4(), "Are you there?").await;
    assert_eq!(refused.status(), 409);

    // Twenty-nine days on nothing is purged; after thirty, everything of
    // the account's, once, and nothing of anyone else's.
    app.state.clock.advance(Duration::days(29));
    assert_eq!(erasure::purge_due(&app.state).await.unwrap(), 0);
    assert!(app.state.objects.get(&key).await.unwrap().is_some());
    app.state.clock.advance(Duration::days(2));
    assert_eq!(erasure::purge_due(&app.state).await.unwrap(), 1);
    assert_eq!(erasure::purge_due(&app.state).await.unwrap(), 0);
    assert!(app.state.objects.get(&key).await.unwrap().is_none());
    for (table, sql) in [
        (
            "profile",
            "SELECT count(*) FROM creator_profiles WHERE user_id = $1",
        ),
        (
            "portfolio",
            "SELECT count(*) FROM portfolio_items WHERE creator_id = $1",
        ),
        ("tasks", "SELECT count(*) FROM tasks WHERE user_id = $1"),
        (
            "notifications",
            "SELECT count(*) FROM notifications WHERE user_id = $1",
        ),
        (
            "tokens",
            "SELECT count(*) FROM token_families WHERE user_id = $1",
        ),
        (
            "e-mail",
            "SELECT count(*) FROM users WHERE id = $1 AND email LIKE '%@example.com'",
        ),
        (
            "mail",
            "SELECT count(*) FROM mail_outbox WHERE user_id = $1",
        ),
        (
            "mailed links",
            "SELECT count(*) FROM email_tokens WHERE user_id = $1",
        ),
    ] {
        assert_eq!(count(&pool, sql, &creator_id).await, 0, "{table}");
    }
    // Others keep everything: the other creator's profile and file, the
    // brand's chat with both sides' messages, the brand's notifications
    // (fresh sign-ins: a month has passed).
    let other = app.token("o'brien@example.com").await;
    let brand = app.token("brand@example.com").await;
    assert!(app.state.objects.get(&other_key).await.unwrap().is_some());
    let other_profile = app.get_json("/api/v1/creator/profile", &other).await;
    assert_eq!(
        other_profile["profile"]["bio"],
        "Monsoon skincare for oily skin"
    );
    let page = app
        .get_json(&format!("/api/v1/chats/{chat}/messages"), &brand)
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    let bell = app.get_json("/api/v1/notifications", &brand).await;
    assert!(!bell["items"].as_array().unwrap().is_empty());
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn deletion_takes_a_sign_in_and_the_purge_runs_once_on_every_instance(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, first) = app.account("asha@example.com", "आशा", "creator").await;
    let (_, second) = app.account("dev@example.com", "দেব", "brand").await;

    // A personal API token can neither delete nor export the account.
    let made: Value = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            &first,
            Some(json!({"name": "agent"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let personal = made["secret"].as_str().unwrap();
    error_of(delete_me(&app, personal, PASSWORD).await, 403, "forbidden").await;
    error_of(
        app.get_bearer("/api/v1/me/export", personal).await,
        403,
        "forbidden",
    )
    .await;
    error_of(
        app.get_bearer("/api/v1/me/export", "").await,
        401,
        "unauthorized",
    )
    .await;

    assert_eq!(delete_me(&app, &first, PASSWORD).await.status(), 202);
    assert_eq!(delete_me(&app, &second, PASSWORD).await.status(), 202);
    // The personal token died with the account.
    error_of(
        app.get_bearer("/api/v1/tasks", personal).await,
        401,
        "unauthorized",
    )
    .await;

    // Two instances purging at once purge each account once.
    app.state.clock.advance(Duration::days(31));
    let other_instance = app.state.clone();
    let (a, b) = tokio::join!(
        erasure::purge_due(&app.state),
        erasure::purge_due(&other_instance)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    let purged: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE purged_at IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(purged, 2);
}

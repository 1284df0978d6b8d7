//! Personal API tokens: shown once, stored hashed, usable as Bearer by their
//! owner until revoked; and the time zone and language settings.

use crate::helpers::{error_of, field_names, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_personal_token_works_until_revoked_and_cannot_mint_more(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    let (_, other) = app.account("b@example.com", "B", "brand").await;

    let made = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            &jwt,
            Some(json!({"name": "Claude Desktop 🤖"})),
        )
        .await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("mct_") && secret.len() > 40);
    let id = made["token"]["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with(made["token"]["prefix"].as_str().unwrap()));
    // Only the hash is stored.
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(stored, secret.as_bytes());

    let listed = app.get_json("/api/v1/tokens", &jwt).await;
    assert_eq!(listed["items"][0]["name"], "Claude Desktop 🤖");
    assert_eq!(listed["items"][0]["last_used_at"], Value::Null);
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is never listed"
    );

    // The token acts as its owner.
    let me = app.get_json("/api/v1/me", &secret).await;
    assert_eq!(me["user"]["email"], "a@example.com");
    let task = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &secret,
            Some(json!({"title": "From an agent"})),
        )
        .await;
    assert_eq!(task.status(), 201);
    let used = app.get_json("/api/v1/tokens", &jwt).await;
    assert!(used["items"][0]["last_used_at"].is_string());

    // It cannot make, list or revoke tokens, nor "sign out".
    error_of(
        app.send(
            Method::POST,
            "/api/v1/tokens",
            &secret,
            Some(json!({"name": "more"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    error_of(
        app.get_bearer("/api/v1/tokens", &secret).await,
        403,
        "forbidden",
    )
    .await;
    error_of(
        app.send(Method::POST, "/api/v1/auth/logout", &secret, None)
            .await,
        400,
        "bad_request",
    )
    .await;

    // Nobody else can revoke it or see it.
    error_of(
        app.send(
            Method::DELETE,
            &format!("/api/v1/tokens/{id}"),
            &other,
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get_json("/api/v1/tokens", &other).await["items"],
        json!([])
    );

    let revoked = app
        .send(Method::DELETE, &format!("/api/v1/tokens/{id}"), &jwt, None)
        .await;
    assert_eq!(revoked.status(), 200);
    let revoked: Value = revoked.json().await.unwrap();
    assert!(revoked["revoked_at"].is_string());
    error_of(
        app.get_bearer("/api/v1/tasks", &secret).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        app.get_bearer("/api/v1/tasks", "mct_made-up").await,
        401,
        "unauthorized",
    )
    .await;

    let nameless = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            &jwt,
            Some(json!({"name": " "})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(nameless, 422, "validation_failed").await),
        ["name"]
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn at_most_fifty_live_tokens(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    for i in 0..50 {
        let r = app
            .send(
                Method::POST,
                "/api/v1/tokens",
                &jwt,
                Some(json!({"name": format!("t{i}")})),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let refused = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            &jwt,
            Some(json!({"name": "one more"})),
        )
        .await;
    error_of(refused, 409, "conflict").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_time_zone_is_chosen_by_name_and_dates_follow_it(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("a@example.com", "A", "creator").await;
    assert_eq!(
        app.get_json("/api/v1/settings", &jwt).await["time_zone"],
        "UTC"
    );
    let bad = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &jwt,
            Some(json!({"time_zone": "Mars/Olympus_Mons"})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(bad, 422, "validation_failed").await),
        ["time_zone"]
    );
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &jwt,
            Some(json!({"time_zone": "America/Los_Angeles"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    // 2026-11-22 10:00 UTC is 02:00 in Los Angeles: "at 9am" is still today there.
    let task: Value = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &jwt,
            Some(json!({"title": "Call", "due": "at 9am"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(task["due"], "2026-11-22T09:00");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_language_is_one_of_six_codes_and_a_bad_change_changes_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("lang@example.com", "Lang", "creator").await;
    let settings = app.get_json("/api/v1/settings", &jwt).await;
    assert_eq!(
        (
            settings["language"].as_str(),
            settings["time_zone"].as_str()
        ),
        (Some("en"), Some("UTC"))
    );

    let saved: Value = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &jwt,
            Some(json!({"language": "ta"})),
        )
        .await
        .json()
        .await
        .unwrap();
    // Only the field given changes.
    assert_eq!(
        (saved["language"].as_str(), saved["time_zone"].as_str()),
        (Some("ta"), Some("UTC"))
    );
    let stored: String =
        sqlx::query_scalar("SELECT language FROM users WHERE email = 'lang@example.com'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(stored, "ta");

    for bad in [
        json!("fr"),
        json!("hi-IN"),
        json!("हिन्दी"),
        json!(""),
        json!(7),
    ] {
        let refused = app
            .send(
                Method::PUT,
                "/api/v1/settings",
                &jwt,
                Some(json!({"language": bad, "time_zone": "Asia/Kolkata"})),
            )
            .await;
        assert_eq!(refused.status(), 422, "{bad}");
    }
    let refused = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &jwt,
            Some(json!({"language": "xx", "time_zone": "Asia/Kolkata"})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(refused, 422, "validation_failed").await),
        ["language"]
    );
    // Neither half of the refused change was kept.
    let settings = app.get_json("/api/v1/settings", &jwt).await;
    assert_eq!(
        (
            settings["language"].as_str(),
            settings["time_zone"].as_str()
        ),
        (Some("ta"), Some("UTC"))
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_new_account_reads_in_its_browsers_language_unless_it_names_one(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let client = reqwest::Client::new();
    let made: Value = client
        .post(app.url("/api/v1/auth/register"))
        .header("accept-language", "bn-IN,bn;q=0.9,en;q=0.8")
        .json(&json!({"email": "b@example.com", "password": "a long passphrase", "display_name": "বাংলা", "role": "creator"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(made["user"]["language"], "bn");
    let named = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "m@example.com", "password": "a long passphrase", "display_name": "मराठी", "role": "brand", "language": "mr"}),
        )
        .await;
    let named: Value = named.json().await.unwrap();
    assert_eq!(named["user"]["language"], "mr");
    let refused = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "x@example.com", "password": "a long passphrase", "display_name": "X", "role": "brand", "language": "klingon"}),
        )
        .await;
    assert_eq!(
        field_names(&error_of(refused, 422, "validation_failed").await),
        ["language"]
    );
    assert_eq!(row_count(&pool, "users").await, 2);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn errors_are_written_in_the_callers_language_with_the_same_codes(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, jwt) = app.account("tamil@example.com", "தமிழ்", "creator").await;
    let bad_task = json!({"title": "  "});

    let english = app
        .send(Method::POST, "/api/v1/tasks", &jwt, Some(bad_task.clone()))
        .await;
    let english = error_of(english, 422, "validation_failed").await;

    let saved = app
        .send(
            Method::PUT,
            "/api/v1/settings",
            &jwt,
            Some(json!({"language": "ta"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    // The account's language wins over the browser's.
    let tamil = app
        .client
        .post(app.url("/api/v1/tasks"))
        .bearer_auth(&jwt)
        .header("accept-language", "hi-IN,hi;q=0.9")
        .json(&bad_task)
        .send()
        .await
        .unwrap();
    let tamil = error_of(tamil, 422, "validation_failed").await;
    let reasons = |e: &Value| -> Vec<(String, String)> {
        e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].to_string(), f["reason"].to_string()))
            .collect()
    };
    assert_eq!(reasons(&tamil), reasons(&english));
    assert_eq!(english["fields"][0]["message"], "This field is required.");
    assert_eq!(tamil["fields"][0]["message"], "இந்தப் புலம் தேவை.");
    assert_eq!(tamil["message"], "title: இந்தப் புலம் தேவை.");

    // Anonymous callers are answered in their browser's language.
    let wrong = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("accept-language", "hi")
        .json(&json!({"email": "tamil@example.com", "password": "not the password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(wrong, 401, "invalid_credentials").await["message"],
        "ई-मेल या पासवर्ड सही नहीं है।"
    );
    let missing = app
        .client
        .get(app.url("/api/v1/tasks/00000000-0000-0000-0000-000000000000"))
        .bearer_auth(&jwt)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(missing, 404, "not_found").await["message"],
        "இது கிடைக்கவில்லை; இது நீக்கப்பட்டிருக்கலாம் அல்லது உங்களுடையது அல்ல."
    );
}

//! Trust and safety over REST: the scanner at save, against real Postgres.

use crate::helpers::{error_of, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

fn brief(title: &str, description: &str) -> Value {
    json!({
        "title": title,
        "description": description,
        "niches": ["food"],
        "deliverables": ["1 Instagram reel"],
        "budget_min": 10000, "budget_max": 30000, "budget_currency": "INR",
        "deadline": "2026-12-20"
    })
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_refused_request_names_the_field_and_why_and_stores_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    for (title, description, field, category) in [
        (
            "Diwali reels",
            "You are a f*cking idiot if you miss this",
            "description",
            "abuse",
        ),
        (
            "तुझे जान से मार दूंगा",
            "दिवाली के लिए एक रील चाहिए, मुंबई में",
            "title",
            "threat",
        ),
        (
            "Send nudes for a paid shoot",
            "A private client in Mumbai pays well",
            "title",
            "sexual",
        ),
    ] {
        let response = app
            .send(
                Method::POST,
                "/api/v1/requests",
                &brand,
                Some(brief(title, description)),
            )
            .await;
        let error = error_of(response, 422, "content_blocked").await;
        assert_eq!(error["field"], field, "{error}");
        assert_eq!(error["fields"][0]["reason"], "content_blocked");
        assert_eq!(error["category"], category, "{error}");
    }
    assert_eq!(row_count(&pool, "collaboration_requests").await, 0);
    assert_eq!(row_count(&pool, "moderation_cases").await, 0);
    assert_eq!(row_count(&pool, "jobs").await, 0);

    // An edit that would publish abuse changes nothing either.
    let posted: Value = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(brief("Diwali reels", "Sweets, lamps and family evenings")),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = posted["request"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        posted["request"]["moderation"],
        json!({"status": "approved", "reasons": []})
    );
    let edit = app
        .send(
            Method::PUT,
            &format!("/api/v1/requests/{id}"),
            &brand,
            Some(brief(
                "Diwali reels",
                "madarchod customers never pay on time",
            )),
        )
        .await;
    error_of(edit, 422, "content_blocked").await;
    let kept: Value = app
        .get_json(&format!("/api/v1/requests/{id}"), &brand)
        .await;
    assert_eq!(
        kept["request"]["description"],
        "Sweets, lamps and family evenings"
    );

    // The message is in the caller's language; the code and reason stay.
    sqlx::query("UPDATE users SET language = 'hi' WHERE email = 'brand@example.com'")
        .execute(&pool)
        .await
        .unwrap();
    let response = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(brief(
                "Diwali reels",
                "What a b@stard brand this is, honestly",
            )),
        )
        .await;
    let error = error_of(response, 422, "content_blocked").await;
    let message = error["fields"][0]["message"].as_str().unwrap();
    assert!(message.contains("गाली-गलौज"), "{message}");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_held_request_is_seen_by_its_brand_only_until_it_is_rephrased(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let (_, creator) = app.account("creator@example.com", "Priya", "creator").await;
    let response = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(brief(
                "Masala chai reels",
                "WhatsApp me at 98765 43210 for the brief",
            )),
        )
        .await;
    assert_eq!(response.status(), 201);
    let request: Value = response.json().await.unwrap();
    let request = &request["request"];
    let id = request["id"].as_str().unwrap().to_owned();
    assert_eq!(request["moderation"]["status"], "pending_review");
    let reasons = request["moderation"]["reasons"].as_array().unwrap();
    assert!(
        reasons.contains(&json!({"category": "off_platform", "source": "pattern"})),
        "{reasons:?}"
    );
    assert!(reasons.iter().all(|r| r.get("evidence").is_none()));

    // Its brand sees it, with its standing; nobody else finds it.
    let own: Value = app.get_json("/api/v1/requests", &brand).await;
    assert_eq!(own["items"][0]["moderation"]["status"], "pending_review");
    let path = format!("/api/v1/requests/{id}");
    error_of(app.get_bearer(&path, &creator).await, 404, "not_found").await;
    let found: Value = app
        .get_json("/api/v1/search?kind=requests&q=masala%20chai", &creator)
        .await;
    assert_eq!(found["items"], json!([]), "{found}");
    let interest = app
        .send(Method::POST, &format!("{path}/interests"), &creator, None)
        .await;
    error_of(interest, 404, "not_found").await;

    // It waits in the queue with the text as it read.
    let cases: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT target_type, state, excerpt FROM moderation_cases WHERE target_id = $1::uuid",
    )
    .bind(&id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(
        (cases[0].0.as_str(), cases[0].1.as_str()),
        ("request", "open")
    );
    assert!(cases[0].2.contains("98765 43210"));

    // Rephrased, it is published and the scanner's case closes.
    let edited: Value = app
        .send(
            Method::PUT,
            &path,
            &brand,
            Some(brief(
                "Masala chai reels",
                "Two reels on our masala chai; we talk here on MAT-CHA",
            )),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["request"]["moderation"]["status"], "approved");
    let seen = app.get_bearer(&path, &creator).await;
    assert_eq!(seen.status(), 200);
    let state: (String,) =
        sqlx::query_as("SELECT state FROM moderation_cases WHERE target_id = $1::uuid")
            .bind(&id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(state.0, "approved");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn look_alike_words_are_published_at_once(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    for (title, description) in [
        (
            "Killer abs in 30 days",
            "Shooting in Pune; breast cancer awareness month",
        ),
        (
            "Cocktail evening",
            "Scunthorpe fans welcome, Müller & O'Brien too 🍸",
        ),
        ("தமிழ் சமையல்", "மதுரை மல்லிகைப் பூ பற்றிய குறும்படம்"),
    ] {
        let response = app
            .send(
                Method::POST,
                "/api/v1/requests",
                &brand,
                Some(brief(title, description)),
            )
            .await;
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["request"]["moderation"]["status"], "approved",
            "{title}"
        );
    }
}

//! Trust and safety over REST: the scanner at save, against real Postgres.

use crate::helpers::{error_of, notification_kinds, row_count, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

/// A request body with `title` and `description`.
pub(crate) fn brief(title: &str, description: &str) -> Value {
    json!({
        "title": title,
        "description": description,
        "niches": ["food"],
        "deliverables": ["1 Instagram reel"],
        "budget_min": 10000, "budget_max": 30000, "budget_currency": "INR",
        "deadline": "2026-12-20"
    })
}

/// The status `token` gets for `path`.
async fn status_of(app: &TestApp, path: &str, token: &str) -> u16 {
    app.get_bearer(path, token).await.status().as_u16()
}

/// Posts a request and answers the response body (`{request}`).
async fn post_request(app: &TestApp, token: &str, title: &str, description: &str) -> Value {
    let response = app
        .send(
            Method::POST,
            "/api/v1/requests",
            token,
            Some(brief(title, description)),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
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
    assert_eq!(
        row_count(&pool, "jobs WHERE kind <> 'deliver_mail'").await,
        0
    );

    // An edit that would publish abuse changes nothing either.
    let posted = post_request(
        &app,
        &brand,
        "Diwali reels",
        "Sweets, lamps and family evenings",
    )
    .await;
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
        "SELECT target_type, state, excerpt FROM moderation_cases WHERE target_id = $1::text",
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
        sqlx::query_as("SELECT state FROM moderation_cases WHERE target_id = $1::text")
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

/// The cases about `target_id`: (target_type, state, excerpt).
async fn cases_of(pool: &PgPool, target_id: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT target_type, state, excerpt FROM moderation_cases WHERE target_id = $1 ORDER BY created_at",
    )
    .bind(target_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn names_and_bios_with_abuse_are_refused_at_their_field(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    for name in ["Fucker Official", "Priya 98765 43210"] {
        let response = app.register("name@example.com", name, "creator").await;
        let error = error_of(response, 422, "content_blocked").await;
        assert_eq!(error["field"], "display_name", "{error}");
    }
    assert_eq!(row_count(&pool, "users").await, 0);
    for name in ["Siobhán O'Brien", "प्रिया शर्मा", "Scunthorpe Sports 🏃"]
    {
        let email = format!("{}@example.com", row_count(&pool, "users").await);
        assert_eq!(app.register(&email, name, "creator").await.status(), 201);
    }

    let (_, creator) = app.account("asha@example.com", "Asha", "creator").await;
    let response = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(json!({"bio": "You are a f*cking idiot if you skip leg day", "niches": ["fitness"]})),
        )
        .await;
    let error = error_of(response, 422, "content_blocked").await;
    assert_eq!(error["field"], "bio");
    assert_eq!(error["category"], "abuse");
    let kept: Value = app.get_json("/api/v1/creator/profile", &creator).await;
    assert_eq!(kept["profile"]["bio"], "");
    assert_eq!(row_count(&pool, "moderation_cases").await, 0);
    assert_eq!(
        row_count(&pool, "jobs WHERE kind <> 'deliver_mail'").await,
        0
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_held_bio_or_sample_is_seen_by_its_creator_only(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let (id, creator) = app.account("asha@example.com", "Asha", "creator").await;
    let profile = |bio: &str| json!({"bio": bio, "niches": ["fitness"]});
    let saved: Value = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(profile(
                "Fitness coach from Pune. WhatsApp me at 98765 43210 for collabs",
            )),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["profile"]["moderation"]["status"], "pending_review");
    let reasons = saved["profile"]["moderation"]["reasons"]
        .as_array()
        .unwrap();
    assert!(reasons.contains(&json!({"category": "off_platform", "source": "pattern"})));

    // Nobody else finds it: not on its page, not in search.
    let page = format!("/api/v1/creators/{id}");
    error_of(app.get_bearer(&page, &brand).await, 404, "not_found").await;
    let found: Value = app
        .get_json("/api/v1/search?kind=creators&q=fitness%20coach", &brand)
        .await;
    assert_eq!(found["items"], json!([]), "{found}");
    let own: Value = app.get_json("/api/v1/creator/profile", &creator).await;
    assert_eq!(own["profile"]["moderation"]["status"], "pending_review");
    let cases = cases_of(&pool, &id).await;
    assert_eq!(cases.len(), 1);
    assert_eq!(
        (cases[0].0.as_str(), cases[0].1.as_str()),
        ("profile", "open")
    );

    // Rephrased, it is published and found.
    let saved: Value = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(profile("Fitness coach from Pune; let's talk on MAT-CHA")),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["profile"]["moderation"]["status"], "approved");
    assert_eq!(status_of(&app, &page, &brand).await, 200);
    assert_eq!(cases_of(&pool, &id).await[0].1, "approved");

    // A sample asking for payment off the platform waits, seen by its creator only.
    let sample = |title: &str, body: &str| {
        reqwest::multipart::Form::new()
            .text("kind", "text")
            .text("title", title.to_owned())
            .text("body", body.to_owned())
    };
    let upload = |form| {
        app.client
            .post(app.url("/api/v1/creator/portfolio"))
            .bearer_auth(&creator)
            .multipart(form)
            .send()
    };
    let held = upload(sample("Diwali campaign", "Pay the advance on asha@okaxis"))
        .await
        .unwrap();
    assert_eq!(held.status(), 201);
    let held: Value = held.json().await.unwrap();
    assert_eq!(held["item"]["moderation"]["status"], "pending_review");
    let clean = upload(sample("Holi campaign", "2M views, 8% engagement 🎉"))
        .await
        .unwrap();
    assert_eq!(clean.status(), 201);
    let refused = upload(sample("Send nudes", "for a paid shoot"))
        .await
        .unwrap();
    let error = error_of(refused, 422, "content_blocked").await;
    assert_eq!(error["field"], "title");
    assert_eq!(row_count(&pool, "portfolio_items").await, 2);

    let titles = |v: &Value| -> Vec<String> {
        v["portfolio"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let public: Value = app.get_json(&page, &brand).await;
    assert_eq!(titles(&public), ["Holi campaign"]);
    let own: Value = app.get_json("/api/v1/creator/profile", &creator).await;
    assert_eq!(titles(&own), ["Diwali campaign", "Holi campaign"]);
    let item = held["item"]["id"].as_str().unwrap();
    assert_eq!(cases_of(&pool, item).await[0].0, "portfolio_item");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn chat_messages_asking_for_money_off_the_platform_are_sent_and_flagged(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = crate::chats::open_chat(&app).await;
    let sent = crate::chats::say(
        &app,
        &creator,
        &chat,
        uuid::Uuid::new_v4(),
        "Send the advance to meena@okaxis and skip the platform fee",
    )
    .await;
    assert_eq!(sent.status(), 201);
    let sent: Value = sent.json().await.unwrap();
    let number = sent["message"]["id"].to_string();
    let clean = crate::chats::say(
        &app,
        &brand,
        &chat,
        uuid::Uuid::new_v4(),
        "Shall we shoot on Friday? 📸",
    )
    .await;
    assert_eq!(clean.status(), 201);

    let page: Value = app
        .get_json(&format!("/api/v1/chats/{chat}/messages"), &brand)
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cases = cases_of(&pool, &number).await;
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(
        (cases[0].0.as_str(), cases[0].1.as_str()),
        ("message", "open")
    );
    assert_eq!(row_count(&pool, "moderation_cases").await, 1);

    // A moderator removes it: the brand no longer reads its text, its
    // sender does (marked removed); reinstating brings it back.
    let admin = admin_token(&app).await;
    let (case,): (uuid::Uuid,) =
        sqlx::query_as("SELECT id FROM moderation_cases WHERE target_id = $1")
            .bind(&number)
            .fetch_one(&pool)
            .await
            .unwrap();
    let case = case.to_string();
    let shown = |token: String| {
        let app = &app;
        let chat = chat.clone();
        async move {
            let page: Value = app
                .get_json(&format!("/api/v1/chats/{chat}/messages"), &token)
                .await;
            let first = page["items"][0].clone();
            (first["body"].clone(), first["removed"].clone())
        }
    };
    let removed = decide(&app, &admin, &case, "remove", "Payment off the platform").await;
    assert_eq!(removed.status(), 200);
    assert_eq!(shown(brand.clone()).await, (json!(""), json!(true)));
    assert_eq!(
        shown(creator.clone()).await,
        (
            json!("Send the advance to meena@okaxis and skip the platform fee"),
            json!(true)
        )
    );
    let reinstated = decide(&app, &admin, &case, "reinstate", "The creator explained").await;
    assert_eq!(reinstated.status(), 200);
    assert_eq!(
        shown(brand).await,
        (
            json!("Send the advance to meena@okaxis and skip the platform fee"),
            json!(false)
        )
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn deal_terms_with_abuse_are_refused_and_doubtful_ones_flagged(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, _, chat) = crate::chats::open_chat(&app).await;
    let path = format!("/api/v1/chats/{chat}/deal");
    let terms = |deliverables: &str, usage_rights: &str| {
        json!({
            "deliverables": deliverables, "timeline": "Before 15 December",
            "amount": 12000, "currency": "INR", "usage_rights": usage_rights
        })
    };
    let refused = app
        .send(
            Method::POST,
            &path,
            &brand,
            Some(terms("2 reels", "madarchod, whatever we like")),
        )
        .await;
    let error = error_of(refused, 422, "content_blocked").await;
    assert_eq!(error["field"], "usage_rights");
    assert_eq!(row_count(&pool, "deals").await, 0);

    let flagged = app
        .send(
            Method::POST,
            &path,
            &brand,
            Some(terms(
                "2 reels; pay 50% on GPay at 98765 43210",
                "Brand channels, 6 months",
            )),
        )
        .await;
    assert_eq!(flagged.status(), 200);
    let deal: Value = flagged.json().await.unwrap();
    let id = deal["deal"]["id"].as_str().unwrap();
    let cases = cases_of(&pool, id).await;
    assert_eq!((cases[0].0.as_str(), cases[0].1.as_str()), ("deal", "open"));
}

async fn report(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.send(Method::POST, "/api/v1/reports", token, Some(body))
        .await
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn reports_are_once_per_item_and_three_reporters_put_the_author_under_review(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand_id, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let posted = post_request(
        &app,
        &brand,
        "Diwali reels",
        "Sweets, lamps and family evenings",
    )
    .await;
    let request = posted["request"]["id"].as_str().unwrap().to_owned();
    let mut reporters = Vec::new();
    for n in 1..=3 {
        let (_, token) = app
            .account(
                &format!("c{n}@example.com"),
                &format!("Creator {n}"),
                "creator",
            )
            .await;
        reporters.push(token);
    }
    let body = |note: Option<&str>| json!({"target_type": "request", "target_id": request, "reason": "spam_or_scam", "note": note});

    let first = report(
        &app,
        &reporters[0],
        body(Some("Asks for a ₹499 fee on WhatsApp")),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["report"]["state"], "open");
    assert_eq!(first["report"]["target_type"], "request");
    let again = report(&app, &reporters[0], body(None)).await;
    error_of(again, 409, "conflict").await;
    assert_eq!(row_count(&pool, "reports").await, 1);

    // Bad reports are refused with every field named; nothing is stored.
    let bad = report(
        &app,
        &reporters[1],
        json!({"target_type": "deal", "target_id": "x", "reason": "rude", "note": "n".repeat(1001)}),
    )
    .await;
    let error = error_of(bad, 422, "validation_failed").await;
    assert_eq!(
        crate::helpers::field_names(&error),
        ["target_type", "reason", "note"]
    );
    let unknown = report(
        &app,
        &reporters[1],
        json!({"target_type": "request", "target_id": uuid::Uuid::nil(), "reason": "other"}),
    )
    .await;
    error_of(unknown, 404, "not_found").await;
    let own = report(&app, &brand, body(None)).await;
    let error = error_of(own, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "own_item");
    assert_eq!(row_count(&pool, "reports").await, 1);

    // One report is one flag, however the case grows.
    let me: Value = app.get_json("/api/v1/me", &brand).await;
    assert_eq!(me["user"]["status"], "active", "{me}");
    assert_eq!(report(&app, &reporters[1], body(None)).await.status(), 201);
    let me: Value = app.get_json("/api/v1/me", &brand).await;
    assert_eq!(me["user"]["status"], "active");
    assert_eq!(report(&app, &reporters[2], body(None)).await.status(), 201);
    let me: Value = app.get_json("/api/v1/me", &brand).await;
    assert_eq!(me["user"]["status"], "pending_review");

    // One case about the request holds the three reports; one about the account leads the queue.
    let cases = cases_of(&pool, &request).await;
    assert_eq!(cases.len(), 1);
    let reasons: (sqlx::types::Json<Vec<Value>>,) =
        sqlx::query_as("SELECT reasons FROM moderation_cases WHERE target_id = $1")
            .bind(&request)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        reasons.0 .0,
        [json!({"category": "scam", "source": "report", "evidence": "spam_or_scam"})]
    );
    let account = cases_of(&pool, &brand_id).await;
    assert_eq!(
        (account[0].0.as_str(), account[0].1.as_str()),
        ("account", "open")
    );
    let list: Value = app.get_json("/api/v1/notifications", &brand).await;
    let under_review = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "account_under_review")
        .expect("the author is told");
    assert!(
        under_review["text"]
            .as_str()
            .unwrap()
            .contains("under review"),
        "{under_review}"
    );

    // Under review: reading works, publishing does not.
    assert_eq!(
        status_of(&app, &format!("/api/v1/requests/{request}"), &brand).await,
        200
    );
    let post = app
        .send(
            Method::POST,
            "/api/v1/requests",
            &brand,
            Some(brief("Holi reels", "Colours, sweets and a family evening")),
        )
        .await;
    let error = error_of(post, 403, "account_suspended").await;
    assert!(error["message"].as_str().unwrap().contains("under review"));
    let edit = app
        .send(
            Method::PUT,
            &format!("/api/v1/requests/{request}"),
            &brand,
            Some(brief("Diwali reels", "Edited: sweets, lamps and evenings")),
        )
        .await;
    error_of(edit, 403, "account_suspended").await;
    assert_eq!(row_count(&pool, "collaboration_requests").await, 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_creator_under_review_cannot_express_interest_send_or_save(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, chat) = crate::chats::open_chat(&app).await;
    let posted = post_request(
        &app,
        &brand,
        "Holi reels",
        "Colours, sweets and a family evening",
    )
    .await;
    let request = posted["request"]["id"].as_str().unwrap().to_owned();
    sqlx::query(
        "UPDATE users SET status = 'suspended', language = 'ta' WHERE email = 'meena@example.com'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let interest = app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{request}/interests"),
            &creator,
            None,
        )
        .await;
    let error = error_of(interest, 403, "account_suspended").await;
    // In the reader's language, the code unchanged.
    assert!(
        error["message"].as_str().unwrap().contains("மதிப்பாய்வில்"),
        "{error}"
    );
    let sent = crate::chats::say(&app, &creator, &chat, uuid::Uuid::new_v4(), "hello").await;
    error_of(sent, 403, "account_suspended").await;
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(json!({"bio": "Travel", "niches": ["travel"]})),
        )
        .await;
    error_of(saved, 403, "account_suspended").await;
    let deal = app
        .send(
            Method::POST,
            &format!("/api/v1/chats/{chat}/deal"),
            &creator,
            Some(json!({"deliverables": "2 reels", "timeline": "December", "amount": 5000, "currency": "INR", "usage_rights": "6 months"})),
        )
        .await;
    error_of(deal, 403, "account_suspended").await;
    assert_eq!(row_count(&pool, "interests").await, 1);
    assert_eq!(row_count(&pool, "chat_messages").await, 0);
    assert_eq!(row_count(&pool, "deals").await, 0);
    // Reading is allowed.
    assert_eq!(
        status_of(&app, &format!("/api/v1/chats/{chat}/messages"), &creator).await,
        200
    );
    assert_eq!(
        status_of(&app, &format!("/api/v1/requests/{request}"), &creator).await,
        200
    );
}

/// An admin's bearer token.
async fn admin_token(app: &TestApp) -> String {
    crate::admin::create_admin(app).await;
    app.token("ops@example.com").await
}

async fn decide(
    app: &TestApp,
    token: &str,
    case: &str,
    action: &str,
    note: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/admin/moderation/{case}/decision"),
        token,
        Some(json!({"action": action, "note": note})),
    )
    .await
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn admins_work_the_queue_decisions_are_recorded_and_told_and_an_appeal_reinstates(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand_id, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let (_, creator) = app.account("creator@example.com", "Priya", "creator").await;
    let posted = post_request(
        &app,
        &brand,
        "Masala chai reels",
        "Two reels; pay the ₹499 registration fee first",
    )
    .await;
    let request = posted["request"]["id"].as_str().unwrap().to_owned();
    assert_eq!(posted["request"]["moderation"]["status"], "pending_review");

    // Nobody but an admin reads the queue or decides.
    for path in ["/api/v1/admin/moderation", "/api/v1/admin/access-log"] {
        error_of(app.get_bearer(path, &creator).await, 403, "forbidden").await;
    }
    let case_id: String =
        sqlx::query_scalar("SELECT id::text FROM moderation_cases WHERE target_id = $1")
            .bind(&request)
            .fetch_one(&pool)
            .await
            .unwrap();
    error_of(
        decide(&app, &brand, &case_id, "approve", "mine").await,
        403,
        "forbidden",
    )
    .await;

    let admin = admin_token(&app).await;
    let queue: Value = app.get_json("/api/v1/admin/moderation", &admin).await;
    let item = &queue["items"][0];
    assert_eq!(item["id"], case_id.as_str());
    assert_eq!(item["target_type"], "request");
    assert_eq!(item["target_path"], format!("/requests/{request}"));
    assert_eq!(item["state"], "open");
    assert_eq!(item["author"]["display_name"], "Chai Ghar");
    assert_eq!(item["author"]["flags"], 1);
    assert!(item["excerpt"]
        .as_str()
        .unwrap()
        .contains("registration fee"));
    assert_eq!(item["reasons"][0]["category"], "scam");
    assert_eq!(
        item["allowed_actions"],
        json!(["approve", "remove", "warn", "suspend"])
    );
    // Filters narrow it and bad ones are named.
    let none: Value = app
        .get_json("/api/v1/admin/moderation?category=sexual", &admin)
        .await;
    assert_eq!(none["items"], json!([]));
    let scams: Value = app
        .get_json(
            "/api/v1/admin/moderation?category=scam&order=oldest",
            &admin,
        )
        .await;
    assert_eq!(scams["items"].as_array().unwrap().len(), 1, "{scams}");
    let reported: Value = app
        .get_json("/api/v1/admin/moderation?source=report", &admin)
        .await;
    assert_eq!(reported["items"], json!([]));
    let bad = app
        .get_bearer(
            "/api/v1/admin/moderation?status=pending&before_id=x",
            &admin,
        )
        .await;
    let error = error_of(bad, 422, "validation_failed").await;
    assert_eq!(crate::helpers::field_names(&error), ["status", "before_id"]);

    // A creator reports it too; the admin removes it with a note.
    let reported = report(
        &app,
        &creator,
        json!({"target_type": "request", "target_id": request, "reason": "spam_or_scam"}),
    )
    .await;
    // Pending requests are not visible to others, so not reportable either.
    error_of(reported, 404, "not_found").await;
    error_of(
        decide(&app, &admin, &case_id, "ban", "").await,
        422,
        "validation_failed",
    )
    .await;
    let removed = decide(
        &app,
        &admin,
        &case_id,
        "remove",
        "Registration fees are not allowed",
    )
    .await;
    assert_eq!(removed.status(), 200);
    let removed: Value = removed.json().await.unwrap();
    let case = &removed["case"];
    assert_eq!(case["state"], "removed");
    assert_eq!(case["actions"][0]["action"], "remove");
    assert_eq!(case["actions"][0]["by_name"], "Ops");
    assert_eq!(
        case["actions"][0]["note"],
        "Registration fees are not allowed"
    );
    assert_eq!(case["allowed_actions"], json!(["reinstate"]));
    let seen: Value = app
        .get_json(&format!("/api/v1/requests/{request}"), &brand)
        .await;
    assert_eq!(seen["request"]["moderation"]["status"], "removed");
    // Deciding twice is refused with the reason.
    error_of(
        decide(&app, &admin, &case_id, "approve", "changed my mind").await,
        409,
        "conflict",
    )
    .await;
    // An edit does not bring it back.
    let edit = app
        .send(
            Method::PUT,
            &format!("/api/v1/requests/{request}"),
            &brand,
            Some(brief(
                "Masala chai reels",
                "Two reels on our masala chai, shot in Pune",
            )),
        )
        .await;
    assert_eq!(edit.status(), 200);
    let seen: Value = app
        .get_json(&format!("/api/v1/requests/{request}"), &brand)
        .await;
    assert_eq!(seen["request"]["moderation"]["status"], "removed");

    let told: Value = app.get_json("/api/v1/notifications", &brand).await;
    assert!(
        notification_kinds(&app, &brand)
            .await
            .contains(&"moderation_decision".to_owned()),
        "{told}"
    );
    let text = told["items"][0]["text"].as_str().unwrap();
    assert!(text.contains("Registration fees are not allowed"), "{text}");

    // The author appeals once; strangers cannot.
    let path = format!("/api/v1/moderation/{case_id}/appeal");
    let stranger = app
        .send(
            Method::POST,
            &path,
            &creator,
            Some(json!({"statement": "not mine"})),
        )
        .await;
    error_of(stranger, 404, "not_found").await;
    let empty = app
        .send(Method::POST, &path, &brand, Some(json!({"statement": " "})))
        .await;
    error_of(empty, 422, "validation_failed").await;
    let appealed = app
        .send(
            Method::POST,
            &path,
            &brand,
            Some(json!({"statement": "The fee line was a mistake; it is gone now."})),
        )
        .await;
    assert_eq!(appealed.status(), 200);
    let appealed: Value = appealed.json().await.unwrap();
    assert_eq!(appealed["appeal"]["state"], "appealed");
    let twice = app
        .send(
            Method::POST,
            &path,
            &brand,
            Some(json!({"statement": "Again"})),
        )
        .await;
    error_of(twice, 409, "conflict").await;
    let queue: Value = app.get_json("/api/v1/admin/moderation", &admin).await;
    assert_eq!(queue["items"][0]["state"], "appealed");
    assert_eq!(
        queue["items"][0]["appeal"],
        "The fee line was a mistake; it is gone now."
    );

    let reinstated: Value = decide(
        &app,
        &admin,
        &case_id,
        "reinstate",
        "Fair; the brief reads well now",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(reinstated["case"]["state"], "reinstated");
    let actions: Vec<&str> = reinstated["case"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["remove", "appeal", "reinstate"]);
    assert_eq!(
        status_of(&app, &format!("/api/v1/requests/{request}"), &creator).await,
        200
    );
    let me: Value = app.get_json("/api/v1/me", &brand).await;
    assert_eq!(me["user"]["status"], "active");
    let _ = brand_id;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn an_admin_suspends_and_reinstates_an_account_and_reads_the_access_log(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, brand) = app.account("brand@example.com", "Chai Ghar", "brand").await;
    let (creator_id, creator) = app.account("creator@example.com", "Priya", "creator").await;
    let saved = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(json!({"bio": "Fitness coach. WhatsApp me at 98765 43210 for collabs", "niches": ["fitness"],
                        "rate_min": 5000, "rate_max": 9000, "rate_currency": "INR"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let admin = admin_token(&app).await;
    let queue: Value = app
        .get_json("/api/v1/admin/moderation?target_type=profile", &admin)
        .await;
    let case = queue["items"][0]["id"].as_str().unwrap().to_owned();
    let suspended: Value = decide(
        &app,
        &admin,
        &case,
        "suspend",
        "Contact taken off the platform",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(suspended["case"]["state"], "suspended");
    assert_eq!(suspended["case"]["author"]["status"], "suspended");
    let me: Value = app.get_json("/api/v1/me", &creator).await;
    assert_eq!(me["user"]["status"], "suspended");
    error_of(
        app.get_bearer(&format!("/api/v1/creators/{creator_id}"), &brand)
            .await,
        404,
        "not_found",
    )
    .await;
    let denied = app
        .send(
            Method::PUT,
            "/api/v1/creator/profile",
            &creator,
            Some(json!({"bio": "Fitness", "niches": ["fitness"]})),
        )
        .await;
    error_of(denied, 403, "account_suspended").await;

    // Reinstated, the account and the profile are back.
    let back: Value = decide(&app, &admin, &case, "reinstate", "Cleared after a call")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back["case"]["author"]["status"], "active");
    assert_eq!(
        status_of(&app, &format!("/api/v1/creators/{creator_id}"), &brand).await,
        200
    );

    // The admin's look at the profile with its rates, and at the accounts list, are logged.
    assert_eq!(
        status_of(&app, &format!("/api/v1/creators/{creator_id}"), &admin).await,
        200
    );
    let log: Value = app.get_json("/api/v1/admin/access-log", &admin).await;
    let first = &log["items"][0];
    assert_eq!(first["what"], "creator_rates", "{log}");
    assert_eq!(first["admin_name"], "Ops");
    assert_eq!(first["subject_name"], "Priya");
}

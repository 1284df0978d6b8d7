//! The contract after a confirmed deal (issue 17): generated from the
//! terms and the details form in English and the creator's language,
//! revised as new versions with a diff, accepted by both sides on the
//! latest version, and hidden from everyone else.

use crate::chats::open_chat;
use crate::helpers::{error_of, field_names, notification_kinds, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Terms the brand proposes in `chat`; the deal's id.
async fn propose(app: &TestApp, brand: &str, chat: &str) -> String {
    let proposed: Value = app
        .send(
            Method::POST,
            &format!("/api/v1/chats/{chat}/deal"),
            brand,
            Some(json!({
                "deliverables": "2 reels", "timeline": "Before 20 December",
                "amount": 75000, "currency": "INR", "usage_rights": "Brand channels, 6 months"
            })),
        )
        .await
        .json()
        .await
        .unwrap();
    proposed["deal"]["id"].as_str().unwrap().to_owned()
}

/// A deal both sides confirmed: (brand token, creator token, deal id).
pub async fn confirmed_deal(app: &TestApp) -> (String, String, String) {
    let (brand, creator, chat) = open_chat(app).await;
    let deal = propose(app, &brand, &chat).await;
    for token in [&brand, &creator] {
        let confirmed = app
            .send(
                Method::POST,
                &format!("/api/v1/deals/{deal}/confirm"),
                token,
                None,
            )
            .await;
        assert_eq!(confirmed.status(), 200);
    }
    (brand, creator, deal)
}

/// The details form, all filled (the manual clock is at 22 November 2026).
pub fn details() -> Value {
    json!({
        "deliverables": [
            {"platform": "instagram", "format": "Reel", "quantity": 2, "due": "2026-12-15"}
        ],
        "draft_due": "2026-12-08", "review_days": 3, "revision_rounds": 2,
        "usage_channels": "Brand's Instagram and website", "paid_usage": false,
        "usage_months": 6, "territory": "India",
        "exclusivity_category": "Skincare", "exclusivity_days": 60,
        "kill_fee_percent": 25,
        "milestones": [
            {"label": "On script approval", "percent": 50, "due": "2026-12-05"},
            {"label": "7 days after going live", "percent": 50, "due": "2026-12-22"}
        ],
        "jurisdiction": "Mumbai"
    })
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_contract_is_generated_revised_and_accepted_by_both_on_one_version(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, creator, deal) = confirmed_deal(&app).await;
    sqlx::query("UPDATE users SET language = 'ta' WHERE email = 'meena@example.com'")
        .execute(&pool)
        .await
        .unwrap();

    // Nothing invented: a missing detail is asked for by name.
    let mut incomplete = details();
    incomplete["milestones"][1]["percent"] = json!(40);
    incomplete["draft_due"] = json!("");
    let refused = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            &brand,
            Some(incomplete),
        )
        .await;
    let error = error_of(refused, 422, "validation_failed").await;
    assert_eq!(field_names(&error), ["draft_due", "milestones"]);

    let created = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            &brand,
            Some(details()),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let contract = &created["contract"];
    let id = contract["id"].as_str().unwrap().to_owned();
    assert_eq!(contract["status"], "open");
    assert_eq!(contract["latest_version"], 1);
    // English is the reference; the creator reads Tamil too.
    let documents = contract["latest"]["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["language"], "en");
    assert_eq!(documents[1]["language"], "ta");
    let text = contract["latest"]["text"].as_str().unwrap();
    assert!(text.contains("a fee of ₹75,000 in total"), "{text}");
    assert!(text.contains("| On script approval | 50% | ₹37,500 | 5 December 2026 |"));
    assert!(text.contains("மீனா (“the Creator”)"));
    assert!(text.contains("ஒத்துழைப்பு ஒப்பந்தம்"));
    let first_hash = contract["latest"]["sha256"].as_str().unwrap().to_owned();
    assert_eq!(first_hash.len(), 64);
    assert!(notification_kinds(&app, &creator)
        .await
        .contains(&"contract_ready".to_owned()));

    // A second contract for the deal is refused.
    let again = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            &creator,
            Some(details()),
        )
        .await;
    error_of(again, 409, "conflict").await;

    // The brand accepts version 1; the creator proposes 30 days of
    // exclusivity instead, which clears it.
    let accept = |token: &str, version: i64| {
        let (app, token, id) = (&app, token.to_owned(), id.clone());
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/contracts/{id}/accept"),
                &token,
                Some(json!({"version": version, "full_name": "Ananya Rao", "consent": true})),
            )
            .await
        }
    };
    let accepted = accept(&brand, 1).await;
    assert_eq!(accepted.status(), 200);
    let accepted: Value = accepted.json().await.unwrap();
    assert_eq!(accepted["contract"]["brand_accepted"], true);
    assert_eq!(accepted["contract"]["allowed_actions"], json!(["revise"]));
    let revised = app
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{id}/versions"),
            &creator,
            Some(json!({"changes": {"exclusivity_days": 30}})),
        )
        .await;
    assert_eq!(revised.status(), 201);
    let revised: Value = revised.json().await.unwrap();
    let contract = &revised["contract"];
    assert_eq!(contract["latest_version"], 2);
    assert_eq!(
        contract["brand_accepted"], false,
        "a new version clears acceptances"
    );
    assert_eq!(contract["latest"]["details"]["exclusivity_days"], 30);
    assert_ne!(contract["latest"]["sha256"], first_hash.as_str());

    // The diff says what changed, in place.
    let v2: Value = app
        .get_json(&format!("/api/v1/contracts/{id}/versions/2"), &brand)
        .await;
    let diff = v2["version"]["diff"].as_array().unwrap();
    let removed: Vec<&str> = diff
        .iter()
        .filter(|l| l["op"] == "removed")
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    let added: Vec<&str> = diff
        .iter()
        .filter(|l| l["op"] == "added")
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    assert!(
        removed.iter().any(|l| l.starts_with("For 60 days")),
        "{removed:?}"
    );
    assert!(
        added.iter().any(|l| l.starts_with("For 30 days")),
        "{added:?}"
    );
    assert!(added.contains(&"Version 2"));
    let v1: Value = app
        .get_json(&format!("/api/v1/contracts/{id}/versions/1"), &creator)
        .await;
    assert_eq!(v1["version"]["diff"], Value::Null);
    assert_eq!(v1["version"]["sha256"], first_hash.as_str());

    // An unchanged revision and a stale acceptance are refused.
    let same = app
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{id}/versions"),
            &brand,
            Some(json!({"changes": {"exclusivity_days": 30}})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(same, 422, "validation_failed").await),
        ["changes"]
    );
    error_of(accept(&brand, 1).await, 409, "conflict").await;
    let no_consent = app
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{id}/accept"),
            &creator,
            Some(json!({"version": 2, "full_name": " ", "consent": false})),
        )
        .await;
    assert_eq!(
        field_names(&error_of(no_consent, 422, "validation_failed").await),
        ["full_name", "consent"]
    );

    // Both accept version 2: final, recorded with the text's fingerprint.
    assert_eq!(accept(&creator, 2).await.status(), 200);
    let done: Value = app
        .client
        .post(app.url(&format!("/api/v1/contracts/{id}/accept")))
        .bearer_auth(&brand)
        .header("user-agent", "Mozilla/5.0 (MAT-CHA test)")
        .json(&json!({"version": 2, "full_name": "Ananya Rao", "consent": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let contract = &done["contract"];
    assert_eq!(contract["status"], "final");
    assert_eq!(contract["final_version"], 2);
    assert_eq!(contract["allowed_actions"], json!(["download_pdf"]));
    let (sha, ip, agent): (String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT sha256, ip, user_agent FROM contract_acceptances WHERE version = 2 AND party = 'brand'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(sha, contract["latest"]["sha256"].as_str().unwrap());
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(agent.as_deref(), Some("Mozilla/5.0 (MAT-CHA test)"));
    for token in [&brand, &creator] {
        assert!(notification_kinds(&app, token)
            .await
            .contains(&"contract_accepted".to_owned()));
    }
    let later = app
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{id}/versions"),
            &creator,
            Some(json!({"changes": {"kill_fee_percent": 10}})),
        )
        .await;
    error_of(later, 409, "conflict").await;

    // The workspace shows it; nobody else sees any of it.
    let workspace: Value = app
        .get_json(&format!("/api/v1/deals/{deal}"), &creator)
        .await;
    assert_eq!(workspace["deal"]["status"], "confirmed");
    assert_eq!(workspace["contract"]["status"], "final");

    // The final PDF: a redirect to a signed link that needs no session,
    // works for five minutes and only as signed.
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let pdf_link = |token: String| {
        let request = no_redirect
            .get(app.url(&format!("/api/v1/contracts/{id}/pdf")))
            .bearer_auth(token);
        async move {
            let moved = request.send().await.unwrap();
            assert_eq!(moved.status(), 302);
            moved.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let link = pdf_link(creator.clone()).await;
    assert!(
        link.starts_with(&format!("/files/contracts/{id}/v2.pdf?expires=")),
        "{link}"
    );
    let file = no_redirect.get(app.url(&link)).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    {
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let seen: Value = app
            .get_json(&format!("/api/v1/contracts/{id}"), &brand)
            .await;
        assert_eq!(seen["contract"]["pdf_sha256"], sha.as_str());
    }
    // Made once: the brand's link is to the same file.
    let brand_link = pdf_link(brand.clone()).await;
    let again = no_redirect.get(app.url(&brand_link)).send().await.unwrap();
    assert_eq!(again.bytes().await.unwrap(), bytes);
    let tampered = link.replace("v2.pdf", "v1.pdf");
    let refused = no_redirect.get(app.url(&tampered)).send().await.unwrap();
    error_of(refused, 404, "not_found").await;
    app.state.clock.advance(time::Duration::minutes(6));
    let expired = no_redirect.get(app.url(&link)).send().await.unwrap();
    error_of(expired, 404, "not_found").await;

    let (_, stranger) = app.account("other@example.com", "Other", "brand").await;
    for path in [
        format!("/api/v1/deals/{deal}"),
        format!("/api/v1/contracts/{id}"),
        format!("/api/v1/contracts/{id}/versions/1"),
        format!("/api/v1/contracts/{id}/pdf"),
    ] {
        let seen = app.get_bearer(&path, &stranger).await;
        error_of(seen, 404, "not_found").await;
    }
    let foreign = app
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{id}/accept"),
            &stranger,
            Some(json!({"version": 2, "full_name": "Other", "consent": true})),
        )
        .await;
    error_of(foreign, 404, "not_found").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn no_contract_before_both_confirm(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (brand, _, chat) = open_chat(&app).await;
    let deal = propose(&app, &brand, &chat).await;
    let early = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            &brand,
            Some(details()),
        )
        .await;
    error_of(early, 409, "conflict").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_daily_reminder_names_a_contract_waiting_for_acceptance(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (brand, _, deal) = confirmed_deal(&app).await;
    let created = app
        .send(
            Method::POST,
            &format!("/api/v1/deals/{deal}/contract"),
            &brand,
            Some(details()),
        )
        .await;
    assert_eq!(created.status(), 201);
    sqlx::query("UPDATE users SET time_zone = 'Asia/Kolkata' WHERE email = 'brand@example.com'")
        .execute(&pool)
        .await
        .unwrap();
    // 09:05 in Kolkata the next morning: the brand has not accepted it.
    let by = time::macros::datetime!(2026-11-23 03:35 UTC) - app.state.clock.now();
    app.state.clock.advance(by);
    assert_eq!(app::server::daily::run_once(&app.state).await.unwrap(), 1);
    let brand = app.token("brand@example.com").await;
    let list: Value = app.get_json("/api/v1/notifications", &brand).await;
    let said: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "daily_summary")
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["Waiting for you: 1 contract to accept."]);
}

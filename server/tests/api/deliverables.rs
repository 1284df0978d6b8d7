//! Deliverables of a final contract (issue 17): drafts as links or files,
//! the brand's review within the agreed revision rounds, the live link,
//! the other side told of each step, and nothing for anyone else.

use crate::contracts::confirmed_deal;
use crate::helpers::{error_of, field_names, notification_kinds, TestApp};
use crate::milestones::make_final;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

const MP4: &[u8] = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isomdraft-cut-2";

async fn deliverables(app: &TestApp, deal: &str, token: &str) -> Vec<Value> {
    let list: Value = app
        .get_json(&format!("/api/v1/deals/{deal}/deliverables"), token)
        .await;
    list["items"].as_array().unwrap().clone()
}

async fn submit(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/deliverables/{id}/submissions");
    app.send(Method::POST, &path, token, Some(body)).await
}

async fn upload(app: &TestApp, token: &str, id: &str, form: Form) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/deliverables/{id}/submissions")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn review(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/submissions/{id}/review");
    app.send(Method::POST, &path, token, Some(body)).await
}

async fn ok(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    response.json().await.unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn drafts_are_reviewed_within_the_agreed_rounds_and_the_live_link_ends_it(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    // Before the contract is final there is nothing to deliver.
    let (brand, creator, deal) = confirmed_deal(&app).await;
    assert!(deliverables(&app, &deal, &brand).await.is_empty());
    make_final(&app, &brand, &creator, &deal).await;
    let items = deliverables(&app, &deal, &creator).await;
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item["platform"], "instagram");
    assert_eq!(item["format"], "Reel");
    assert_eq!(item["quantity"], 2);
    assert_eq!(item["due_on"], "2026-12-15");
    assert_eq!(item["draft_due_on"], "2026-12-08");
    assert_eq!(item["rounds_agreed"], 2);
    assert_eq!(item["status"], "pending");
    assert_eq!(item["allowed_actions"], json!(["submit_draft"]));
    assert_eq!(
        deliverables(&app, &deal, &brand).await[0]["allowed_actions"],
        json!([])
    );
    let id = item["id"].as_str().unwrap().to_owned();

    // Only the creator submits, and a draft is a link or a file.
    let link = json!({"url": "https://drive.example.com/d/1"});
    error_of(
        submit(&app, &brand, &id, link.clone()).await,
        403,
        "forbidden",
    )
    .await;
    let none = error_of(
        submit(&app, &creator, &id, json!({})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(field_names(&none), ["url"]);
    let bad = json!({"url": "javascript:alert(1)", "note": "x".repeat(1001)});
    let bad = error_of(
        submit(&app, &creator, &id, bad).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(field_names(&bad), ["url", "note"]);
    let exe = Form::new().part(
        "file",
        Part::bytes(b"MZ\x90\0rest".to_vec()).file_name("a.exe"),
    );
    let exe = error_of(
        upload(&app, &creator, &id, exe).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(exe["fields"][0]["reason"], "file_type_unsupported", "{exe}");
    let huge = Form::new().part("file", Part::bytes(vec![b'%'; 21 * 1024 * 1024]));
    error_of(
        upload(&app, &creator, &id, huge).await,
        413,
        "payload_too_large",
    )
    .await;

    // Draft 1, a link with a note in Hindi; the brand is told.
    let first =
        json!({"url": "https://drive.example.com/d/1", "note": "पहला ड्राफ़्ट — Müller's cut 🎬"});
    let made = ok(submit(&app, &creator, &id, first).await, 201).await;
    assert_eq!(made["deliverable"]["status"], "in_review");
    assert_eq!(made["submission"]["kind"], "draft");
    assert_eq!(made["submission"]["note"], "पहला ड्राफ़्ट — Müller's cut 🎬");
    let draft1 = made["submission"]["id"].as_str().unwrap().to_owned();
    error_of(
        submit(&app, &creator, &id, link.clone()).await,
        409,
        "conflict",
    )
    .await;
    assert!(notification_kinds(&app, &brand)
        .await
        .contains(&"deliverable_submitted".to_owned()));
    let bell: Value = app.get_json("/api/v1/notifications", &brand).await;
    let text = bell["items"][0]["text"].as_str().unwrap();
    assert!(text.contains("Instagram · Reel × 2"), "{text}");
    assert_eq!(
        deliverables(&app, &deal, &brand).await[0]["allowed_actions"],
        json!(["review"])
    );

    // The brand asks for changes, saying what; the creator is told.
    let changes = json!({"decision": "request_changes", "note": ""});
    let silent = error_of(
        review(&app, &brand, &draft1, changes).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(field_names(&silent), ["note"]);
    let approve = json!({"decision": "approve"});
    error_of(
        review(&app, &creator, &draft1, approve.clone()).await,
        403,
        "forbidden",
    )
    .await;
    let changes =
        json!({"decision": "request_changes", "note": "Show the pack in the first 3 seconds"});
    let reviewed = ok(review(&app, &brand, &draft1, changes.clone()).await, 200).await;
    assert_eq!(reviewed["deliverable"]["status"], "changes_requested");
    assert_eq!(reviewed["deliverable"]["rounds_used"], 1);
    assert_eq!(reviewed["submission"]["decision"], "request_changes");
    error_of(
        review(&app, &brand, &draft1, approve.clone()).await,
        409,
        "conflict",
    )
    .await;
    assert!(notification_kinds(&app, &creator)
        .await
        .contains(&"deliverable_changes_requested".to_owned()));

    // Draft 2, a file; both sides fetch it through a short-lived link.
    let cut = Form::new()
        .text("note", "Cut 2")
        .part("file", Part::bytes(MP4.to_vec()).file_name("cut2.mp4"));
    let made = ok(upload(&app, &creator, &id, cut).await, 201).await;
    assert_eq!(made["submission"]["file_type"], "video/mp4");
    assert_eq!(made["submission"]["url"], Value::Null);
    let draft2 = made["submission"]["id"].as_str().unwrap().to_owned();
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for token in [&brand, &creator] {
        let linked = no_redirect
            .get(app.url(&format!("/api/v1/submissions/{draft2}/file")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(linked.status(), 302);
        let to = linked.headers()["location"].to_str().unwrap().to_owned();
        let file = no_redirect.get(app.url(&to)).send().await.unwrap();
        assert_eq!(file.status(), 200);
        assert_eq!(file.headers()["content-type"], "video/mp4");
        assert_eq!(&file.bytes().await.unwrap()[..], MP4);
    }
    let no_file = app
        .get_bearer(&format!("/api/v1/submissions/{draft1}/file"), &brand)
        .await;
    error_of(no_file, 404, "not_found").await;

    // The second round is the last: then only approval is left.
    ok(review(&app, &brand, &draft2, changes.clone()).await, 200).await;
    let made = ok(submit(&app, &creator, &id, link.clone()).await, 201).await;
    let draft3 = made["submission"]["id"].as_str().unwrap().to_owned();
    let used = error_of(
        review(&app, &brand, &draft3, changes).await,
        409,
        "conflict",
    )
    .await;
    assert!(used["message"]
        .as_str()
        .unwrap()
        .contains("2 revision rounds"));
    let approved = ok(review(&app, &brand, &draft3, approve).await, 200).await;
    assert_eq!(approved["deliverable"]["status"], "approved");
    assert_eq!(approved["deliverable"]["rounds_used"], 2);
    assert!(notification_kinds(&app, &creator)
        .await
        .contains(&"deliverable_approved".to_owned()));

    // The live post is its link, never a file.
    let filed = Form::new()
        .text("url", "https://instagram.com/reel/abc")
        .part("file", Part::bytes(MP4.to_vec()));
    let filed = error_of(
        upload(&app, &creator, &id, filed).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(field_names(&filed), ["file"]);
    let live = json!({"url": "https://instagram.com/reel/abc"});
    let posted = ok(submit(&app, &creator, &id, live.clone()).await, 201).await;
    assert_eq!(posted["deliverable"]["status"], "live");
    assert_eq!(
        posted["deliverable"]["live_url"],
        "https://instagram.com/reel/abc"
    );
    assert_eq!(posted["deliverable"]["allowed_actions"], json!([]));
    assert_eq!(
        posted["deliverable"]["submissions"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    error_of(submit(&app, &creator, &id, live).await, 409, "conflict").await;
    assert!(notification_kinds(&app, &brand)
        .await
        .contains(&"deliverable_live".to_owned()));

    // Anyone else: 404 everywhere.
    let (_, stranger) = app.account("other@example.com", "Other", "brand").await;
    let path = format!("/api/v1/deals/{deal}/deliverables");
    error_of(app.get_bearer(&path, &stranger).await, 404, "not_found").await;
    error_of(submit(&app, &stranger, &id, link).await, 404, "not_found").await;
    let approve = json!({"decision": "approve"});
    error_of(
        review(&app, &stranger, &draft3, approve).await,
        404,
        "not_found",
    )
    .await;
    let path = format!("/api/v1/submissions/{draft2}/file");
    error_of(app.get_bearer(&path, &stranger).await, 404, "not_found").await;
}

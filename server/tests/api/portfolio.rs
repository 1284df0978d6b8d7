//! Portfolio samples over REST: multipart uploads, validation, the object
//! store and the public image route.

use crate::fake_s3::FakeS3;
use crate::helpers::{error_of, row_count, TestApp};
use app::server::storage::ObjectStore;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn upload(app: &TestApp, token: &str, form: Form) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/creator/portfolio"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn text_sample(title: &str) -> Form {
    Form::new()
        .text("kind", "text")
        .text("title", title.to_owned())
        .text("body", "दिवाली कैम्पेन: 2M views, 8% engagement 🎉")
}

fn image_sample(bytes: Vec<u8>, claimed: &str) -> Form {
    Form::new()
        .text("kind", "image")
        .text("title", "Studio shoot")
        .part(
            "file",
            Part::bytes(bytes)
                .file_name("shoot.png")
                .mime_str(claimed)
                .unwrap(),
        )
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_creator_builds_a_portfolio_and_completes_the_profile(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (id, token) = app.account("asha@example.com", "Asha", "creator").await;
    app.send(
        Method::PUT,
        "/api/v1/creator/profile",
        &token,
        Some(json!({"bio": "Fitness coach from Pune", "niches": ["fitness"]})),
    )
    .await;

    let text = upload(&app, &token, text_sample("Diwali campaign")).await;
    assert_eq!(text.status(), 201);
    let video = upload(
        &app,
        &token,
        Form::new()
            .text("kind", "video_link")
            .text("title", "Morning routine reel")
            .text("url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    )
    .await;
    assert_eq!(video.status(), 201);
    let image = upload(&app, &token, image_sample(PNG.to_vec(), "image/png")).await;
    assert_eq!(image.status(), 201);
    let image: Value = image.json().await.unwrap();
    let image_url = image["item"]["image_url"].as_str().unwrap().to_owned();

    let served = app.client.get(app.url(&image_url)).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);

    let me: Value = app.get_json("/api/v1/creator/profile", &token).await;
    assert_eq!(me["profile"]["completeness"]["percent"], 100);
    assert_eq!(me["profile"]["completeness"]["complete"], true);
    let kinds: Vec<&str> = me["portfolio"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["text", "video_link", "image"]);
    assert_eq!(
        me["portfolio"][0]["body"],
        "दिवाली कैम्पेन: 2M views, 8% engagement 🎉"
    );
    // Anyone signed in sees the samples with the profile.
    let (_, brand) = app.account("brand@example.com", "Brand", "brand").await;
    let seen: Value = app
        .get_json(&format!("/api/v1/creators/{id}"), &brand)
        .await;
    assert_eq!(seen["portfolio"].as_array().unwrap().len(), 3);

    // Deleting removes the row and the stored file.
    let item = image["item"]["id"].as_str().unwrap();
    let deleted = app
        .send(
            Method::DELETE,
            &format!("/api/v1/creator/portfolio/{item}"),
            &token,
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    let gone = app.client.get(app.url(&image_url)).send().await.unwrap();
    error_of(gone, 404, "not_found").await;
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn bad_uploads_are_refused_with_the_field_named_and_nothing_kept(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, token) = app.account("asha@example.com", "Asha", "creator").await;

    // Not an image, whatever the client claims.
    let fake = upload(
        &app,
        &token,
        image_sample(b"<svg onload=alert(1)>".to_vec(), "image/png"),
    )
    .await;
    let error = error_of(fake, 422, "validation_failed").await;
    assert_eq!(error["field"], "file");

    // 20 MB: refused before it is read, in the envelope, naming the file.
    let mut huge = PNG.to_vec();
    huge.resize(20 * 1024 * 1024, 0);
    let big = upload(&app, &token, image_sample(huge, "image/png")).await;
    let error = error_of(big, 413, "payload_too_large").await;
    assert_eq!(error["field"], "file");

    let long_title = upload(&app, &token, text_sample(&"x".repeat(10_000))).await;
    assert_eq!(
        error_of(long_title, 422, "validation_failed").await["field"],
        "title"
    );

    let no_file = upload(
        &app,
        &token,
        Form::new().text("kind", "image").text("title", "x"),
    )
    .await;
    assert_eq!(
        error_of(no_file, 422, "validation_failed").await["field"],
        "file"
    );

    let not_multipart = app
        .send(
            Method::POST,
            "/api/v1/creator/portfolio",
            &token,
            Some(json!({"kind": "text"})),
        )
        .await;
    error_of(not_multipart, 400, "bad_request").await;
    assert_eq!(row_count(&pool, "portfolio_items").await, 0);

    let (_, brand) = app.account("brand@example.com", "Brand", "brand").await;
    error_of(
        upload(&app, &brand, text_sample("Mine")).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(row_count(&pool, "portfolio_items").await, 0);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn only_the_owner_deletes_a_sample(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (_, owner) = app.account("asha@example.com", "Asha", "creator").await;
    let (_, other) = app.account("kavya@example.com", "Kavya", "creator").await;
    let created: Value = upload(&app, &owner, text_sample("Recap"))
        .await
        .json()
        .await
        .unwrap();
    let path = format!(
        "/api/v1/creator/portfolio/{}",
        created["item"]["id"].as_str().unwrap()
    );
    error_of(
        app.send(Method::DELETE, &path, &other, None).await,
        404,
        "not_found",
    )
    .await;
    error_of(
        app.send(
            Method::DELETE,
            "/api/v1/creator/portfolio/nope",
            &owner,
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(row_count(&pool, "portfolio_items").await, 1);
    // Every change queues the profile for re-embedding (once).
    let (jobs,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM jobs WHERE kind = 'embed_creator_profile' AND done_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(jobs, 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn images_go_to_an_s3_compatible_bucket_when_one_is_configured(pool: PgPool) {
    let s3 = FakeS3::start().await;
    let store = ObjectStore::s3(s3.config()).unwrap();
    let app = TestApp::spawn_with_objects(pool.clone(), store).await;
    let (id, token) = app.account("müller@example.com", "Müller", "creator").await;

    let image = upload(&app, &token, image_sample(PNG.to_vec(), "image/png")).await;
    assert_eq!(image.status(), 201);
    let image: Value = image.json().await.unwrap();
    let item = image["item"]["id"].as_str().unwrap().to_owned();
    let key = format!("portfolio/{id}/{item}.png");
    assert_eq!(s3.keys(), [key.as_str()]);
    assert_eq!(
        s3.object(&key).unwrap(),
        ("image/png".to_owned(), PNG.to_vec())
    );

    // Served back through our own route, from the bucket.
    let image_url = image["item"]["image_url"].as_str().unwrap();
    let served = app.client.get(app.url(image_url)).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);

    // With the bucket down, an upload is refused as unavailable, without
    // the service's words, and no sample is recorded.
    s3.set_down(true);
    let refused = upload(&app, &token, image_sample(PNG.to_vec(), "image/png")).await;
    let body = error_of(refused, 503, "service_unavailable").await;
    assert!(!body.to_string().contains("InternalError"), "{body}");
    assert_eq!(row_count(&pool, "portfolio_items").await, 1);

    // Deleting the sample deletes the object.
    s3.set_down(false);
    let deleted = app
        .send(
            Method::DELETE,
            &format!("/api/v1/creator/portfolio/{item}"),
            &token,
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    assert!(s3.keys().is_empty());
    let gone = app.client.get(app.url(image_url)).send().await.unwrap();
    error_of(gone, 404, "not_found").await;
}

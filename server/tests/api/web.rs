//! The browser side: server functions with session cookies, server-rendered
//! pages, and the cross-site refusal.

use crate::helpers::{row_count, TestApp, PASSWORD};
use sqlx::PgPool;

async fn sign_up_form(
    app: &TestApp,
    name: &str,
    email: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/auth/sign_up")).form(&[
        ("email", email),
        ("password", PASSWORD),
        ("display_name", name),
        ("role", "brand"),
    ]);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().await.unwrap()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn signing_up_in_the_browser_starts_a_session_that_renders_the_dashboard(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let origin = app.base.clone();
    let response = sign_up_form(
        &app,
        "Müller & Söhne",
        "muller@example.com",
        &[
            ("origin", &origin),
            ("host", &host),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert!(
        response.status().is_redirection() || response.status().is_success(),
        "{}",
        response.status()
    );
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let page = app.client.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Welcome, Müller &amp; Söhne"),
        "greeting missing"
    );
    assert!(html.contains("data-role=\"brand\""));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_cross_site_post_to_a_server_function_is_refused(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let by_origin = sign_up_form(
        &app,
        "Evil",
        "evil@example.com",
        &[("origin", "https://evil.example"), ("host", &host)],
    )
    .await;
    assert_eq!(by_origin.status(), 403);
    let by_fetch_site = sign_up_form(
        &app,
        "Evil",
        "evil2@example.com",
        &[("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(by_fetch_site.status(), 403);
    assert_eq!(
        row_count(&app.state.pool, "users").await,
        0,
        "a refused request must not create anything"
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_dashboard_sends_signed_out_visitors_to_sign_in(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let response = app
        .client
        .get(app.url("/dashboard"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/signin");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn the_landing_page_renders_and_unknown_pages_are_404(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let landing = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(landing.status(), 200);
    assert!(landing
        .text()
        .await
        .unwrap()
        .contains("Find the creator your brand has been looking for"));
    let missing = app
        .client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Page not found"));
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn forms_posted_before_the_page_hydrates_still_sign_in_and_out(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.register("plain@example.com", "Plain", "creator").await;
    let form = |path: &str| app.client.post(app.url(path)).header("accept", "text/html");

    let signed_in = form("/api/auth/sign_in")
        .form(&[("email", "plain@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 302);
    assert_eq!(signed_in.headers()["location"], "/dashboard");
    let dashboard = app
        .client
        .get(app.url("/dashboard"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(dashboard.status(), 200);

    let signed_out = form("/api/auth/sign_out").send().await.unwrap();
    assert_eq!(signed_out.status(), 302);
    assert_eq!(signed_out.headers()["location"], "/");
    let dashboard = app
        .client
        .get(app.url("/dashboard"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(dashboard.status(), 302, "the session must be gone");
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn server_function_errors_carry_their_http_status(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let wrong = app
        .client
        .post(app.url("/api/auth/sign_in"))
        .form(&[
            ("email", "nobody@example.com"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "invalid_credentials");
    let invalid = app
        .client
        .post(app.url("/api/auth/sign_up"))
        .form(&[
            ("email", "nope"),
            ("password", "short"),
            ("display_name", "A"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_cross_site_request_passes_only_with_a_valid_bearer_token_to_a_token_api(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, jwt) = app.account("a@example.com", "A", "brand").await;
    let add = |token: &str, path: &str| {
        app.client
            .post(app.url(path))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .bearer_auth(token)
            .json(&serde_json::json!({"title": "From another site"}))
            .send()
    };
    // A header that merely looks like a token proves nothing.
    assert_eq!(add("made-up", "/api/v1/tasks").await.unwrap().status(), 403);
    assert_eq!(row_count(&app.state.pool, "tasks").await, 0);
    // A valid token says who is calling; no cookie is involved.
    assert_eq!(add(&jwt, "/api/v1/tasks").await.unwrap().status(), 201);
    // Server functions run on the session cookie, so a token never exempts them.
    let server_fn = app
        .client
        .post(app.url("/api/auth/sign_up"))
        .header("origin", "https://evil.example")
        .bearer_auth(&jwt)
        .form(&[
            ("email", "evil@example.com"),
            ("password", PASSWORD),
            ("display_name", "Evil"),
            ("role", "brand"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(server_fn.status(), 403);
    assert_eq!(row_count(&app.state.pool, "users").await, 1);
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn pages_speak_the_browsers_language_the_cookies_or_the_accounts(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let page = |headers: &[(&str, &str)]| {
        let mut request = reqwest::Client::new().get(app.url("/"));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let english = page(&[]).await;
    assert!(
        english.contains(r#"<html lang="en""#),
        "{}",
        &english[..200]
    );
    let tamil = page(&[("accept-language", "ta-IN,ta;q=0.9,en;q=0.5")]).await;
    assert!(tamil.contains(r#"<html lang="ta""#));
    assert!(tamil.contains("உங்கள் பிராண்ட் தேடிக்கொண்டிருந்த கிரியேட்டரைக் கண்டறியுங்கள்"));
    // The menu's cookie wins over the browser.
    let marathi = page(&[("accept-language", "hi"), ("cookie", "i18n_pref_locale=mr")]).await;
    assert!(marathi.contains(r#"<html lang="mr""#));
    assert!(marathi.contains("तुमच्या ब्रँडला हवा असलेला क्रिएटर शोधा"));

    // Signing in hands the browser the account's language.
    app.register("bn@example.com", "বাংলা", "creator").await;
    sqlx::query("UPDATE users SET language = 'bn' WHERE email = 'bn@example.com'")
        .execute(&pool)
        .await
        .unwrap();
    let signed_in = app
        .client
        .post(app.url("/api/auth/sign_in"))
        .header("accept", "text/html")
        .form(&[("email", "bn@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookies: Vec<_> = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("i18n_pref_locale=bn; Path=/")),
        "{cookies:?}"
    );
}

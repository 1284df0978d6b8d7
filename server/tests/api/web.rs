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

/// Latin words on a page that are neither user content nor allowed names:
/// the text and the placeholder, label, title and alt attributes of the
/// server-rendered body, without scripts, styles and `translate="no"`
/// parts (identifiers such as time zones).
fn stray_latin(html: &str, allowed: &[&str]) -> Vec<String> {
    fn strip(mut s: String, open: &str, close: &str) -> String {
        while let Some(i) = s.find(open) {
            let Some(j) = s[i..].find(close) else { break };
            s.replace_range(i..i + j + close.len(), " ");
        }
        s
    }
    let body = html
        .split_once("<body")
        .and_then(|(_, b)| b.split_once('>'))
        .map_or(html, |(_, b)| b)
        .to_owned();
    let mut body = strip(body, "<script", "</script>");
    body = strip(body, "<style", "</style>");
    // A `<div translate="no">` (no div inside) is left out whole.
    while let Some(at) = body.find(" translate=\"no\"") {
        let start = body[..at].rfind('<').unwrap_or(at);
        let end = body[at..].find("</div>").map_or(body.len(), |e| at + e + 6);
        body.replace_range(start..end, " ");
    }
    let mut text = String::new();
    let mut rest = body.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attr in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
            if let Some(a) = tag.find(attr) {
                let value = &tag[a + attr.len()..];
                text.push_str(value.split('"').next().unwrap_or_default());
                text.push(' ');
            }
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"");
    let mut found: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !allowed.contains(w))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn every_page_reads_in_each_language_with_no_english_left(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    // Names in an Indian script; the e-mails are the only Latin user content.
    let (_, brand_token) = app.account("brand@example.com", "चाय घर", "brand").await;
    let (_, creator_token) = app
        .account("creator@example.com", "தமிழ்செல்வி", "creator")
        .await;
    // A request (written in Hindi) with an interest in it, so lists,
    // details, the edit form and a notification have something to show.
    let posted: serde_json::Value = app
        .send(
            reqwest::Method::POST,
            "/api/v1/requests",
            &brand_token,
            Some(serde_json::json!({
                "title": "दिवाली मिठाई बॉक्स",
                "description": "हिंदी या तमिल में त्योहार की रील।",
                "niches": ["food"],
                "deliverables": ["1 रील"],
                "budget_min": 10000, "budget_max": 30000, "budget_currency": "INR",
                "deadline": "2026-12-20"
            })),
        )
        .await
        .json()
        .await
        .unwrap();
    let request = posted["request"]["id"].as_str().unwrap().to_owned();
    let interest = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/requests/{request}/interests"),
            &creator_token,
            None,
        )
        .await;
    assert_eq!(interest.status(), 201);
    let detail = format!("/requests/{request}");
    let edit = format!("/requests/{request}/edit");
    let session = |email: &'static str| {
        let app = &app;
        async move {
            let response = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
                .post(app.url("/api/auth/sign_in"))
                .header("accept", "text/html")
                .form(&[("email", email), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            response
                .headers()
                .get_all("set-cookie")
                .iter()
                .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
                .find(|c| !c.starts_with("i18n_pref_locale="))
                .expect("a session cookie")
        }
    };
    let brand = session("brand@example.com").await;
    let creator = session("creator@example.com").await;
    let allowed = [
        // Brand and product names, units, keys and formats a reader sees as they are.
        "MAT",
        "CHA",
        "MCP",
        "API",
        "PNG",
        "JPEG",
        "WebP",
        "GIF",
        "MB",
        "KB",
        "IN",
        "GB",
        "Enter",
        "Shift",
        "YYYY",
        "MM",
        "DD",
        "English",
        "AI",
        "OAuth",
        "Instagram",
        "YouTube",
        "Facebook",
        "LinkedIn",
        "TikTok",
        "Twitter",
        "Snapchat",
        "Moj",
        "Josh",
        "ShareChat",
        "Swagger",
        "UI",
        "JSON",
        "REST",
        "URL",
        "ID",
        "OK",
        "UTC",
        "INR",
        "USD",
        "EUR",
        "GBP",
        "AED",
        "SGD",
        "Twitch",
        // Examples of identifiers typed as they are: a time zone, an app's name.
        "Asia",
        "Kolkata",
        "Claude",
        "Desktop",
        // The account e-mails.
        "brand",
        "creator",
        "example",
        "com",
    ];
    let pages: [(&str, Option<&str>); 27] = [
        (&detail, Some(&brand)),
        (&edit, Some(&brand)),
        (&detail, Some(&creator)),
        ("/", None),
        ("/signin", None),
        ("/signup", None),
        ("/no-such-page", None),
        ("/dashboard", Some(&brand)),
        ("/account", Some(&brand)),
        ("/requests", Some(&brand)),
        ("/requests/new", Some(&brand)),
        ("/search", Some(&brand)),
        ("/chats", Some(&brand)),
        ("/notifications", Some(&brand)),
        ("/tasks", Some(&brand)),
        ("/assistant", Some(&brand)),
        ("/settings", Some(&brand)),
        ("/dashboard", Some(&creator)),
        ("/account", Some(&creator)),
        ("/profile", Some(&creator)),
        ("/search", Some(&creator)),
        ("/chats", Some(&creator)),
        ("/notifications", Some(&creator)),
        ("/tasks", Some(&creator)),
        ("/assistant", Some(&creator)),
        ("/settings", Some(&creator)),
        ("/matches", Some(&creator)),
    ];
    let mut problems = Vec::new();
    for lang in ["hi", "ta", "te", "bn", "mr"] {
        for (path, session) in pages {
            let cookie = match session {
                Some(s) => format!("{s}; i18n_pref_locale={lang}"),
                None => format!("i18n_pref_locale={lang}"),
            };
            // A page that never finishes is a failure that names it, not a hang.
            let html = reqwest::Client::new()
                .get(app.url(path))
                .header("cookie", cookie)
                .timeout(std::time::Duration::from_secs(60))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{lang} {path}: {e}"))
                .text()
                .await
                .unwrap_or_else(|e| panic!("{lang} {path}: {e}"));
            if !html.contains(&format!("<html lang=\"{lang}\"")) {
                problems.push(format!("{lang} {path}: <html lang> is not {lang}"));
            }
            if path == detail || (path == "/requests" && session == Some(&brand)) {
                assert!(
                    html.contains("दिवाली मिठाई बॉक्स"),
                    "{lang} {path} shows the request"
                );
            }
            let stray = stray_latin(&html, &allowed);
            if !stray.is_empty() {
                problems.push(format!("{lang} {path}: {}", stray.join(" ")));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English left on pages:\n{}",
        problems.join("\n")
    );
}

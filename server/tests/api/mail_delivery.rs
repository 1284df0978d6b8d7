//! Mail through a real SMTP server (aiosmtpd, installed by `scripts/test`
//! with the other Python tools): what arrives, in the reader's language,
//! and a server that is down is tried again until it answers, once.

use crate::helpers::{TestApp, PASSWORD};
use app::server::{jobs, mail};
use mailparse::MailHeaderMap;
use serde_json::json;
use sqlx::PgPool;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// An SMTP server on 127.0.0.1:`port` keeping what it receives in a Maildir.
struct Smtpd {
    child: Child,
    maildir: PathBuf,
}

impl Smtpd {
    fn start(port: u16) -> Self {
        let python = std::env::var("MATCHA_TEST_SMTPD_PYTHON")
            .expect("MATCHA_TEST_SMTPD_PYTHON names a Python with aiosmtpd (scripts/test sets it)");
        let maildir = std::env::temp_dir().join(format!("matcha-maildir-{}", uuid::Uuid::new_v4()));
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-u",
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg("-l")
            .arg(format!("127.0.0.1:{port}"))
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        // Built first, so a server that never listens is still stopped.
        let smtpd = Self { child, maildir };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return smtpd;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("aiosmtpd did not listen on port {port}");
    }

    /// Every message received so far, as raw bytes.
    fn received(&self) -> Vec<Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect()
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn spawn_mailing_to(pool: PgPool, port: u16) -> TestApp {
    let mailer = mail::Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "MAT-CHA <no-reply@mat-cha.app>",
    )
    .unwrap();
    TestApp::spawn_with_mailer(pool, mailer).await
}

async fn ask_for_a_reset(app: &TestApp, email: &str, name: &str, language: &str) {
    let registered = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": name, "role": "creator", "language": language}),
        )
        .await;
    assert_eq!(registered.status(), 201);
    let asked = app
        .post_json("/api/v1/auth/password-reset", json!({ "email": email }))
        .await;
    assert_eq!(asked.status(), 202);
}

async fn status_of_newest(app: &TestApp) -> (String, i32, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM mail_outbox ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_mail_arrives_once_in_the_readers_language_with_both_parts(pool: PgPool) {
    let port = free_port();
    let smtpd = Smtpd::start(port);
    let app = spawn_mailing_to(pool, port).await;
    ask_for_a_reset(&app, "selvi.murugan@example.com", "செல்வி முருகன்", "ta").await;

    // Sign-up's verification mail and the reset mail, each once.
    let handlers = mail::register_jobs(jobs::Handlers::default());
    assert_eq!(jobs::work_once(&app.state, &handlers).await.unwrap(), 2);
    assert_eq!(status_of_newest(&app).await, ("sent".into(), 1, None));
    // A second pass finds nothing to do: one mail each, not two.
    jobs::work_once(&app.state, &handlers).await.unwrap();
    let received = smtpd.received();
    assert_eq!(received.len(), 2);
    let messages: Vec<_> = received
        .iter()
        .map(|raw| mailparse::parse_mail(raw).unwrap())
        .collect();
    let subject =
        |m: &mailparse::ParsedMail| m.headers.get_first_value("Subject").unwrap_or_default();
    let verify = messages
        .iter()
        .find(|m| subject(m) == "MAT-CHA-வுக்கான உங்கள் மின்னஞ்சல் முகவரியை உறுதிப்படுத்துங்கள்")
        .expect("the verification mail, in Tamil");
    assert!(verify.subparts[0]
        .get_body()
        .unwrap()
        .contains("/verify-email?token="));
    let message = messages
        .iter()
        .find(|m| subject(m) != subject(verify))
        .unwrap();
    let header = |name: &str| {
        message
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
    };
    assert_eq!(
        header("Subject").as_deref(),
        Some("உங்கள் MAT-CHA கடவுச்சொல்லை மீட்டமைக்கவும்")
    );
    let to = header("To").unwrap();
    assert!(
        to.contains("செல்வி முருகன்") && to.contains("<selvi.murugan@example.com>"),
        "{to}"
    );
    assert!(header("From").unwrap().contains("no-reply@mat-cha.app"));
    assert!(header("Message-ID").unwrap().ends_with("@127.0.0.1>"));
    // Security mail cannot be turned off, so it offers no unsubscribe.
    assert_eq!(header("List-Unsubscribe"), None);

    // Plain text and HTML, both with the link; no images, nothing tracked.
    assert_eq!(message.ctype.mimetype, "multipart/alternative");
    let parts: Vec<(String, String)> = message
        .subparts
        .iter()
        .map(|p| (p.ctype.mimetype.clone(), p.get_body().unwrap()))
        .collect();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0].0, "text/plain");
    assert_eq!(parts[1].0, "text/html");
    for (kind, body) in &parts {
        assert!(body.contains("/reset-password?token="), "{kind}: {body}");
    }
    assert!(
        parts[0].1.contains("செல்வி முருகன்"),
        "the greeting names the reader"
    );
    assert!(parts[1].1.contains(r#"<html lang="ta">"#));
    assert!(!parts[1].1.contains("<img"), "no images or tracking pixels");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_server_that_is_down_is_tried_again_later_and_the_mail_goes_once(pool: PgPool) {
    let port = free_port();
    let app = spawn_mailing_to(pool, port).await;
    ask_for_a_reset(&app, "o'brien@example.com", "Siobhan O'Brien", "en").await;
    let handlers = mail::register_jobs(jobs::Handlers::default());

    // Nothing listens: each attempt (the verification mail's and the reset
    // mail's) is recorded and its job waits its backoff.
    assert_eq!(jobs::work_once(&app.state, &handlers).await.unwrap(), 2);
    let (status, attempts, error) = status_of_newest(&app).await;
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert_eq!(
        jobs::work_once(&app.state, &handlers).await.unwrap(),
        0,
        "not again before the backoff"
    );

    // Still down at the second attempt, then the server comes up.
    app.state.clock.advance(time::Duration::minutes(5));
    assert_eq!(jobs::work_once(&app.state, &handlers).await.unwrap(), 2);
    assert_eq!(status_of_newest(&app).await.1, 2);
    let smtpd = Smtpd::start(port);
    app.state.clock.advance(time::Duration::minutes(5));
    assert_eq!(jobs::work_once(&app.state, &handlers).await.unwrap(), 2);
    let (status, attempts, error) = status_of_newest(&app).await;
    assert_eq!((status.as_str(), attempts, error), ("sent", 3, None));

    // Later passes send nothing more.
    app.state.clock.advance(time::Duration::hours(2));
    jobs::work_once(&app.state, &handlers).await.unwrap();
    assert_eq!(smtpd.received().len(), 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_interest_is_mailed_once_with_the_bells_words_and_one_click_stops_that_kind(
    pool: PgPool,
) {
    use reqwest::Method;
    let port = free_port();
    let smtpd = Smtpd::start(port);
    let app = spawn_mailing_to(pool, port).await;
    let registered = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "chai@example.com", "password": PASSWORD, "display_name": "चाय एंड कंपनी", "role": "brand", "language": "hi"}),
        )
        .await;
    assert_eq!(registered.status(), 201);
    sqlx::query("UPDATE users SET email_verified_at = now()")
        .execute(&app.state.pool)
        .await
        .unwrap();
    let brand = app.token("chai@example.com").await;
    let request = crate::interests::post_request(&app, &brand).await;
    let interest = |email: &'static str| {
        let app = &app;
        let path = format!("/api/v1/requests/{request}/interests");
        async move {
            let (_, creator) = app.account(email, "Siobhán O'Brien", "creator").await;
            let response = app.send(Method::POST, &path, &creator, None).await;
            assert_eq!(response.status(), 201);
        }
    };
    interest("obrien@example.com").await;
    let handlers = mail::register_jobs(jobs::Handlers::default());
    while jobs::work_once(&app.state, &handlers).await.unwrap() > 0 {}

    // The brand's one event mail (the others are sign-ups' confirmations).
    let received = smtpd.received();
    let messages: Vec<_> = received
        .iter()
        .map(|raw| mailparse::parse_mail(raw).unwrap())
        .collect();
    let to_brand: Vec<_> = messages
        .iter()
        .filter(|m| {
            m.headers
                .get_first_value("To")
                .is_some_and(|to| to.contains("chai@example.com"))
        })
        .collect();
    assert_eq!(to_brand.len(), 2, "the confirmation and the interest");
    let bell: serde_json::Value = app.get_json("/api/v1/notifications", &brand).await;
    let words = bell["items"][0]["text"].as_str().unwrap().to_owned();
    let message = to_brand
        .iter()
        .find(|m| m.headers.get_first_value("Subject").as_deref() == Some(words.as_str()))
        .unwrap_or_else(|| panic!("no mail with the bell's words {words:?}"));
    assert!(words.contains("Siobhán O'Brien"), "{words}");
    let text = message.subparts[0].get_body().unwrap();
    let html = message.subparts[1].get_body().unwrap();
    for body in [&text, &html] {
        assert!(body.contains(&format!("/requests/{request}")), "{body}");
        assert!(body.contains("/unsubscribe?token="), "{body}");
    }
    assert!(html.contains(r#"<html lang="hi">"#));
    let unsubscribe = message
        .headers
        .get_first_value("List-Unsubscribe")
        .expect("event mail can be stopped in one click");
    assert_eq!(
        message
            .headers
            .get_first_value("List-Unsubscribe-Post")
            .as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = unsubscribe.trim_matches(|c| c == '<' || c == '>');
    assert!(url.contains("/api/v1/unsubscribe?token="), "{url}");

    // One click as a mail program sends it; the next interest is not mailed.
    let done = app
        .client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    interest("second@example.com").await;
    while jobs::work_once(&app.state, &handlers).await.unwrap() > 0 {}
    let to_brand_now = smtpd
        .received()
        .iter()
        .filter(|raw| {
            mailparse::parse_mail(raw)
                .unwrap()
                .headers
                .get_first_value("To")
                .is_some_and(|to| to.contains("chai@example.com"))
        })
        .count();
    assert_eq!(to_brand_now, 2, "nothing more by mail");
    let bell: serde_json::Value = app.get_json("/api/v1/notifications", &brand).await;
    assert_eq!(
        bell["items"].as_array().unwrap().len(),
        2,
        "still in the app"
    );
}

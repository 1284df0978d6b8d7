//! Mailed links (issue 16). Password reset: the same answer for unknown
//! addresses, a single-use link that expires after an hour, other sign-ins
//! ended. E-mail verification: a link at sign-up, in the same transaction
//! as the account, that works once for two days; resends capped.

use crate::helpers::{error_of, row_count, TestApp, PASSWORD};
use app::server::{jobs, mail};
use serde_json::json;
use sqlx::PgPool;

/// The link's token in the newest kept `kind` mail to `to`, once
/// delivered, with the mail's subject.
async fn delivered(app: &TestApp, to: &str, kind: &str) -> (String, String) {
    let handlers = mail::register_jobs(jobs::Handlers::default());
    jobs::work_once(&app.state, &handlers).await.unwrap();
    let (status, subject, text): (String, String, String) = sqlx::query_as(
        "SELECT status, subject, text_body FROM mail_outbox
         WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .bind(kind)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(status, "kept", "no SMTP server: the outbox keeps it");
    let at = text.find("token=").expect("a link in the text part") + "token=".len();
    let token = text[at..].split_whitespace().next().unwrap().to_owned();
    (token, subject)
}

/// The reset link's token in the newest reset mail to `to` (in Hindi).
async fn delivered_token(app: &TestApp, to: &str) -> String {
    let (token, subject) = delivered(app, to, "password_reset").await;
    assert_eq!(
        subject, "अपना MAT-CHA पासवर्ड रीसेट करें",
        "in the reader's language"
    );
    token
}

async fn mails_of_kind(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM mail_outbox WHERE kind = $1")
        .bind(kind)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_link_works_once_within_the_hour_and_ends_other_sign_ins(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let email = "o'brien.müller@example.com";
    assert_eq!(
        app.post_json(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": "Ananya O'Brien", "role": "creator", "language": "hi"}),
        )
        .await
        .status(),
        201
    );
    let old_pair: serde_json::Value = app.login(email, PASSWORD).await.json().await.unwrap();

    // Known and unknown addresses get the same answer; only one mail exists.
    for address in [email, "nobody@example.com"] {
        let response = app
            .post_json("/api/v1/auth/password-reset", json!({ "email": address }))
            .await;
        assert_eq!(response.status(), 202, "{address}");
    }
    assert_eq!(mails_of_kind(&app, "password_reset").await, 1);
    let token = delivered_token(&app, email).await;

    // A weak password is refused and the token still works afterwards.
    let weak = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "short"}),
        )
        .await;
    error_of(weak, 422, "validation_failed").await;
    let new_password = "a brand new passphrase";
    let done = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(done.status(), 204);

    // The old password and the old API sign-in no longer work; the new one does.
    assert_eq!(app.login(email, PASSWORD).await.status(), 401);
    let refreshed = app
        .post_json(
            "/api/v1/auth/refresh",
            json!({"refresh_token": old_pair["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status(), 401);
    assert_eq!(app.login(email, new_password).await.status(), 200);

    // Used once: a second use is refused by name.
    let again = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "yet another passphrase"}),
        )
        .await;
    let error = error_of(again, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_used", "{error}");

    // A fresh link expires after an hour.
    app.post_json("/api/v1/auth/password-reset", json!({ "email": email }))
        .await;
    let late = delivered_token(&app, email).await;
    app.state.clock.advance(time::Duration::minutes(61));
    let expired = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": late, "password": "yet another passphrase"}),
        )
        .await;
    let error = error_of(expired, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_expired", "{error}");
}

#[sqlx::test(migrations = "../migrations")]
async fn admins_read_the_outbox_newest_first_filtered_and_paged_and_no_one_else_does(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    crate::admin::create_admin(&app).await;
    let admin = app.token("ops@example.com").await;
    let (_, creator) = app
        .account("tamil.selvi@example.com", "தமிழ்செல்வி", "creator")
        .await;
    let saved = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/settings",
            &creator,
            Some(json!({"language": "ta"})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    app.post_json(
        "/api/v1/auth/password-reset",
        json!({ "email": "tamil.selvi@example.com" }),
    )
    .await;

    // Queued, not yet written: the page says so.
    let page = app
        .get_json("/api/v1/admin/outbox?to=TAMIL.SELVI", &admin)
        .await;
    assert_eq!(page["items"][0]["status"], "queued", "{page}");
    assert!(page["items"][0]["subject"].is_null());

    let handlers = mail::register_jobs(jobs::Handlers::default());
    jobs::work_once(&app.state, &handlers).await.unwrap();
    let page = app
        .get_json("/api/v1/admin/outbox?to=tamil.selvi&status=kept", &admin)
        .await;
    let mail = &page["items"][0];
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    assert_eq!(mail["kind"], "password_reset");
    assert_eq!(page["items"][1]["kind"], "verify_email", "sign-up's, older");
    assert_eq!(mail["language"], "ta");
    assert_eq!(mail["subject"], "உங்கள் MAT-CHA கடவுச்சொல்லை மீட்டமைக்கவும்");
    assert!(mail["text_body"]
        .as_str()
        .unwrap()
        .contains("/reset-password?token="));
    assert!(mail["html_body"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"ta\""));
    let headers: Vec<(String, String)> =
        serde_json::from_value::<Vec<app::features::admin::MailHeader>>(mail["headers"].clone())
            .unwrap()
            .into_iter()
            .map(|h| (h.name, h.value))
            .collect();
    assert!(headers.contains(&("To".into(), "தமிழ்செல்வி <tamil.selvi@example.com>".into())));
    assert!(headers
        .iter()
        .any(|(n, v)| n == "Message-ID" && v.starts_with('<')));
    assert!(
        !headers.iter().any(|(n, _)| n == "List-Unsubscribe"),
        "security mail cannot be turned off"
    );
    assert!(page["next_before_id"].is_null());

    // Newest first, twenty a page, and the next page goes on from the last.
    for _ in 0..3 {
        app.post_json(
            "/api/v1/auth/password-reset",
            json!({ "email": "nobody@example.com" }),
        )
        .await;
    }
    assert_eq!(
        row_count(&app.state.pool, "mail_outbox").await,
        2,
        "unknown addresses get none"
    );
    sqlx::query(
        "INSERT INTO mail_outbox (user_id, to_address, to_name, kind, language, data, message_id, created_at)
         SELECT NULL, 'many' || n || '@example.com', 'Many', 'password_reset', 'en', '{}', '<' || n || '@test>', now()
         FROM generate_series(1, 22) AS n",
    )
    .execute(&app.state.pool)
    .await
    .unwrap();
    let first = app.get_json("/api/v1/admin/outbox", &admin).await;
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 20);
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert_eq!(first["next_before_id"], ids[19]);
    let rest = app
        .get_json(
            &format!("/api/v1/admin/outbox?before_id={}", ids[19]),
            &admin,
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 4, "{rest}");
    assert!(rest["items"][0]["id"].as_i64().unwrap() < ids[19]);
    assert!(rest["next_before_id"].is_null());

    // Bad filters are named; other users get 403.
    let response = app
        .get_bearer("/api/v1/admin/outbox?status=delivered&before_id=x", &admin)
        .await;
    let error = error_of(response, 422, "validation_failed").await;
    assert_eq!(
        crate::helpers::field_names(&error),
        ["status", "before_id"],
        "{error}"
    );
    let response = app.get_bearer("/api/v1/admin/outbox", &creator).await;
    error_of(response, 403, "forbidden").await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_account_verifies_its_address_once_with_the_mailed_link(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let email = "müller.o'brien@example.com";
    let created = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": "Jürgen Müller", "role": "brand", "language": "ta"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["user"]["email_verified"], false);
    let (token, _) = delivered(&app, email, "verify_email").await;
    let mail: (String, String) =
        sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE kind = 'verify_email'")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(
        mail.0, "MAT-CHA-வுக்கான உங்கள் மின்னஞ்சல் முகவரியை உறுதிப்படுத்துங்கள்",
        "in the reader's language"
    );
    assert!(mail.1.contains("/verify-email?token="), "{}", mail.1);
    let access = app.token(email).await;

    // A wrong token is refused by name and verifies nothing.
    let wrong = app
        .post_json("/api/v1/auth/verify-email", json!({"token": "not-a-token"}))
        .await;
    let error = error_of(wrong, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_invalid", "{error}");
    let me = app.get_json("/api/v1/me", &access).await;
    assert_eq!(me["user"]["email_verified"], false);

    // The right one verifies, once.
    let done = app
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(done.status(), 204, "{}", done.text().await.unwrap());
    let me = app.get_json("/api/v1/me", &access).await;
    assert_eq!(me["user"]["email_verified"], true);
    let again = app
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    let error = error_of(again, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_used", "{error}");

    // Verified: nothing more to send.
    let resend = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/verify-email/resend",
            &access,
            None,
        )
        .await;
    error_of(resend, 409, "conflict").await;
    assert_eq!(mails_of_kind(&app, "verify_email").await, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn verification_links_are_resent_three_an_hour_and_expire_after_two_days(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let (_, access) = app.account("ananya@example.com", "अनन्या", "creator").await;
    let resend = || {
        app.send(
            reqwest::Method::POST,
            "/api/v1/auth/verify-email/resend",
            &access,
            None,
        )
    };
    // Sign-up's link and two more; the fourth in the hour waits.
    for _ in 0..2 {
        assert_eq!(resend().await.status(), 202);
    }
    assert_eq!(mails_of_kind(&app, "verify_email").await, 3);
    let capped = resend().await;
    let wait: u64 = capped.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    error_of(capped, 429, "rate_limited").await;
    assert_eq!(mails_of_kind(&app, "verify_email").await, 3);
    let unsigned = app
        .post_json("/api/v1/auth/verify-email/resend", json!({}))
        .await;
    error_of(unsigned, 401, "unauthorized").await;

    // An hour on, one more; two days after it, its link has expired.
    app.state.clock.advance(time::Duration::minutes(61));
    let access = app.token("ananya@example.com").await;
    let response = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/verify-email/resend",
            &access,
            None,
        )
        .await;
    assert_eq!(response.status(), 202);
    let (token, _) = delivered(&app, "ananya@example.com", "verify_email").await;
    app.state.clock.advance(time::Duration::days(2));
    let late = app
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    let error = error_of(late, 422, "validation_failed").await;
    assert_eq!(error["fields"][0]["reason"], "token_expired", "{error}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_sign_up_that_fails_sends_no_mail_and_admins_need_none(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    assert_eq!(
        app.register("twice@example.com", "Twice", "creator")
            .await
            .status(),
        201
    );
    let again = app.register("twice@example.com", "Twice", "creator").await;
    error_of(again, 409, "conflict").await;
    assert_eq!(row_count(&app.state.pool, "mail_outbox").await, 1);
    let admin = crate::admin::create_admin(&app).await;
    assert!(admin.email_verified, "made on the command line");
    assert_eq!(row_count(&app.state.pool, "mail_outbox").await, 1);
}

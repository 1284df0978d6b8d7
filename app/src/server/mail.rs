//! E-mail (issue 16): messages are queued in the outbox inside the
//! transaction of the event that causes them and delivered by a job, in
//! the recipient's language. With no SMTP server configured (`SMTP_URL`
//! unset) a message is kept in the outbox, where the admin Outbox page
//! shows it as it would have been received.

use super::{db, AppState};
use crate::error::AppError;
use domain::mail::{after_failure, AfterFailure, MAX_ATTEMPTS};
use domain::Language;
use leptos_i18n::td_string;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

/// The job that delivers one message (`{"id": outbox id}`).
pub const DELIVER_JOB: &str = "deliver_mail";

/// Where mail goes.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    /// `None`: the embedded default, mail is kept in the outbox.
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("smtp", &self.smtp.is_some())
            .finish()
    }
}

impl Default for Mailer {
    fn default() -> Self {
        Self::outbox(default_from())
    }
}

fn default_from() -> Mailbox {
    Mailbox::new(
        Some("MAT-CHA".into()),
        "no-reply@mat-cha.app".parse().expect("a valid address"),
    )
}

impl Mailer {
    /// Keeps every message in the outbox (no SMTP server).
    pub fn outbox(from: Mailbox) -> Self {
        Self { from, smtp: None }
    }

    /// Delivers through the server at `url` (`smtp://user:pass@host:587`
    /// with STARTTLS, `smtps://…:465` with TLS; `?tls=required` etc. as
    /// lettre reads them).
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("MAIL_FROM is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL is not usable: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Self {
            from,
            smtp: Some(transport),
        })
    }

    /// A sender address for the outbox alone.
    pub fn outbox_from(from: &str) -> Result<Self, String> {
        from.parse()
            .map(Self::outbox)
            .map_err(|e| format!("MAIL_FROM is not an address: {e}"))
    }

    pub fn delivers(&self) -> bool {
        self.smtp.is_some()
    }
}

/// A message for one user, before it is rendered.
pub struct Outgoing<'a> {
    pub user: Uuid,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub language: Language,
    /// What the mail is about: `password_reset`, `verify_email`, …
    pub kind: &'a str,
    pub data: serde_json::Value,
}

/// Queues `mail` in `tx` with the job that delivers it: both exist only if
/// the transaction commits.
pub async fn queue(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    mail: Outgoing<'_>,
) -> Result<i64, AppError> {
    let now = state.clock.now();
    let host = state
        .settings
        .public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split([':', '/']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("mat-cha.app");
    let message_id = format!("<{}@{host}>", Uuid::new_v4());
    let id = db::mail::insert(
        &mut *tx,
        db::mail::NewMail {
            user_id: mail.user,
            to_address: mail.to_address,
            to_name: mail.to_name,
            kind: mail.kind,
            language: mail.language.code(),
            data: &mail.data,
            message_id: &message_id,
            now,
        },
    )
    .await?;
    db::jobs::enqueue_with_attempts(
        &mut *tx,
        DELIVER_JOB,
        &serde_json::json!({ "id": id }),
        MAX_ATTEMPTS,
        now,
    )
    .await?;
    Ok(id)
}

pub fn register_jobs(handlers: super::jobs::Handlers) -> super::jobs::Handlers {
    handlers.register(DELIVER_JOB, |state, payload| async move {
        let id = payload
            .get("id")
            .and_then(|v| v.as_i64())
            .ok_or("a mail job without an id")?;
        deliver(&state, id).await
    })
}

/// Renders and hands over one queued message. `Err` asks the job queue to
/// try again later; a message already delivered, kept, failed or gone is
/// left alone, so a repeated job never sends twice.
pub async fn deliver(state: &AppState, id: i64) -> Result<(), String> {
    let internal = |e: AppError| e.message;
    let Some(row) = db::mail::queued(&state.pool, id)
        .await
        .map_err(|e| AppError::from(e).message)?
    else {
        return Ok(());
    };
    let language = Language::parse(&row.language, "language").unwrap_or(Language::En);
    let Some(rendered) = render(language, &row.kind, &row.to_name, &row.data) else {
        let error = format!("no template for mail kind {:?}", row.kind);
        return db::mail::finish(&state.pool, id, "failed", Some(&error), state.clock.now())
            .await
            .map_err(|e| AppError::from(e).message);
    };
    let Some(attempts) = db::mail::start_attempt(
        &state.pool,
        id,
        (&rendered.subject, &rendered.text, &rendered.html),
    )
    .await
    .map_err(|e| AppError::from(e).message)?
    else {
        return Ok(());
    };
    let now = state.clock.now();
    let finish = |status: &'static str, error: Option<String>| async move {
        db::mail::finish(&state.pool, id, status, error.as_deref(), now)
            .await
            .map_err(|e| internal(AppError::from(e)))
    };
    let Some(smtp) = &state.mailer.smtp else {
        return finish("kept", None).await;
    };
    let message = match build(&state.mailer.from, &row, &rendered) {
        Ok(message) => message,
        Err(e) => return finish("failed", Some(e)).await,
    };
    match smtp.send(message).await {
        Ok(_) => finish("sent", None).await,
        Err(e) => {
            let error = e.to_string();
            match after_failure(attempts, e.is_permanent()) {
                AfterFailure::GiveUp => {
                    tracing::error!(mail = id, error, "mail given up");
                    finish("failed", Some(error)).await
                }
                AfterFailure::RetryLater => {
                    finish("queued", Some(error.clone())).await?;
                    Err(error)
                }
            }
        }
    }
}

/// A message in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The words of a `kind` mail in `locale`: subject, plain text and HTML
/// (one button, no images or tracking); `None` for a kind it does not know.
pub fn render(
    language: Language,
    kind: &str,
    name: &str,
    data: &serde_json::Value,
) -> Option<Rendered> {
    let locale = crate::components::locale_of(language);
    let text_of = |key: &str| {
        data.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let greeting = td_string!(locale, mail.greeting, name = name).to_string();
    let owned = |s: &str| s.to_owned();
    let event_footer = || Footer::Event {
        unsubscribe: text_of("unsubscribe_page"),
        preferences: text_of("preferences"),
    };
    // A digest's lines: each held event in the bell's words, with its page.
    let list: Vec<(String, String)> = data
        .get("items")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .map(|item| {
            let notification = item.get("notification").and_then(|v| v.as_str());
            let facts = item.get("facts").cloned().unwrap_or_default();
            let (text, path) = crate::words::notice(locale, notification.unwrap_or(""), &facts);
            let path = path.as_deref().unwrap_or("/notifications");
            (text, format!("{}{path}", text_of("base")))
        })
        .collect();
    let (subject, body, button, link, after, footer) = match kind {
        "password_reset" => (
            owned(td_string!(locale, mail.reset_subject)),
            owned(td_string!(locale, mail.reset_body)),
            owned(td_string!(locale, mail.reset_button)),
            text_of("link"),
            owned(td_string!(locale, mail.reset_ignore)),
            Footer::Security,
        ),
        "verify_email" => (
            owned(td_string!(locale, mail.verify_subject)),
            owned(td_string!(locale, mail.verify_body)),
            owned(td_string!(locale, mail.verify_button)),
            text_of("link"),
            owned(td_string!(locale, mail.verify_ignore)),
            Footer::Security,
        ),
        // An event the reader chose to be mailed about: the bell's words.
        "notification" => {
            let event = domain::notify::Event::from_key(&text_of("event"))?;
            let facts = data.get("facts").cloned().unwrap_or_default();
            let (text, path) = crate::words::notice(locale, &text_of("notification"), &facts);
            let label = crate::words::event_label(locale, event);
            (
                text.clone(),
                text,
                owned(td_string!(locale, mail.open_button)),
                format!(
                    "{}{}",
                    text_of("base"),
                    path.as_deref().unwrap_or("/notifications")
                ),
                td_string!(locale, mail.event_why, event = label).to_string(),
                event_footer(),
            )
        }
        // The morning's held event mail, in one.
        "digest" if !list.is_empty() => {
            let n = list.len() as u64;
            (
                td_string!(locale, mail.digest_subject, n, count = n).to_string(),
                owned(td_string!(locale, mail.digest_intro)),
                owned(td_string!(locale, mail.open_button)),
                format!("{}/notifications", text_of("base")),
                owned(td_string!(locale, mail.digest_why)),
                event_footer(),
            )
        }
        _ => return None,
    };
    let hint = td_string!(locale, mail.link_hint);
    let (footer_text, footer_html) = match &footer {
        Footer::Security => {
            let words = td_string!(locale, mail.security_footer);
            (words.to_owned(), escape(words))
        }
        Footer::Event {
            unsubscribe,
            preferences,
        } => {
            let stop = td_string!(locale, mail.unsubscribe);
            let manage = td_string!(locale, mail.preferences);
            (
                format!("{stop}: {unsubscribe}\n{manage}: {preferences}"),
                format!(
                    r#"<a href="{}" style="color:#6b7280">{}</a> · <a href="{}" style="color:#6b7280">{}</a>"#,
                    escape(unsubscribe),
                    escape(stop),
                    escape(preferences),
                    escape(manage)
                ),
            )
        }
    };
    let list_text: String = list
        .iter()
        .map(|(line, href)| format!("\n\n- {line}\n  {href}"))
        .collect();
    let text = format!(
        "{greeting}\n\n{body}{list_text}\n\n{button}: {link}\n\n{after}\n\n-- \n{footer_text}\n"
    );
    let e = escape;
    let list_html = if list.is_empty() {
        String::new()
    } else {
        let items: String = list
            .iter()
            .map(|(line, href)| {
                format!(
                    r#"<li style="margin:0 0 12px"><a href="{}" style="color:#1f2a1c">{}</a></li>"#,
                    e(href),
                    e(line)
                )
            })
            .collect();
        format!(r#"<ul style="padding-left:20px;margin:16px 0">{items}</ul>"#)
    };
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{subject}</title></head>
<body style="margin:0;padding:24px;background:#f5f7f2;font-family:system-ui,'Noto Sans',sans-serif;color:#1f2a1c">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:28px">
<p style="font-size:20px;font-weight:700;color:#3f6b2a;margin:0 0 20px">MAT-CHA</p>
<p>{greeting}</p><p>{body}</p>{list_html}
<p style="margin:28px 0"><a href="{link}" style="background:#3f6b2a;color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">{button}</a></p>
<p style="font-size:14px;color:#4b5563">{hint}<br><a href="{link}" style="color:#3f6b2a;word-break:break-all">{link}</a></p>
<p>{after}</p>
<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0"><p style="font-size:12px;color:#6b7280">{footer_html}</p>
</div></body></html>"#,
        lang = language.code(),
        subject = e(&subject),
        greeting = e(&greeting),
        body = e(&body),
        link = e(&link),
        button = e(&button),
        hint = e(hint),
        after = e(&after),
    );
    Some(Rendered {
        subject,
        text,
        html,
    })
}

/// What closes a mail: why security mail came, or how to stop event mail.
enum Footer {
    Security,
    Event {
        unsubscribe: String,
        preferences: String,
    },
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn build(
    from: &Mailbox,
    row: &db::mail::OutboxRow,
    rendered: &Rendered,
) -> Result<Message, String> {
    let to = Mailbox::new(
        Some(row.to_name.clone()),
        row.to_address
            .parse()
            .map_err(|e| format!("not an address: {e}"))?,
    );
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(row.message_id.clone()));
    for (name, value) in unsubscribe_headers(row) {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(name),
            value,
        ));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| format!("the message cannot be built: {e}"))
}

/// Mail a user may turn off says how, in one click (RFC 8058); security mail
/// has none.
fn unsubscribe_headers(row: &db::mail::OutboxRow) -> Vec<(&'static str, String)> {
    match row.data.get("unsubscribe").and_then(|v| v.as_str()) {
        Some(link) => vec![
            ("List-Unsubscribe", format!("<{link}>")),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()),
        ],
        None => Vec::new(),
    }
}

/// Kinds whose link gives control of the account.
const SECURITY_KINDS: [&str; 2] = ["password_reset", "verify_email"];

/// Messages per Outbox page.
pub const OUTBOX_PAGE: i64 = 20;

/// A page of the outbox, newest first (admins only; the look is logged, as
/// mail holds personal data). When an SMTP server delivers mail, the links
/// of security mail are hidden here: an admin cannot use someone's reset
/// link. Without one the outbox is where mail is read, links and all.
pub async fn outbox(
    state: &AppState,
    caller: &crate::features::auth::User,
    form: &domain::mail::OutboxForm,
) -> Result<crate::features::admin::OutboxPage, AppError> {
    super::moderation_queue::require_admin(caller)?;
    let query = form.parse().map_err(AppError::validation)?;
    super::moderation_queue::log_access(state, caller, None, "mail_outbox").await?;
    let mut rows = db::mail::list(&state.pool, &query, OUTBOX_PAGE + 1).await?;
    let more = rows.len() as i64 > OUTBOX_PAGE;
    rows.truncate(OUTBOX_PAGE as usize);
    let next_before_id = more.then(|| rows.last().map(|r| r.id)).flatten();
    let hide_links = state.mailer.delivers();
    let items = rows
        .into_iter()
        .map(|row| {
            let hidden = (hide_links && SECURITY_KINDS.contains(&row.kind.as_str()))
                .then(|| row.data.get("link").and_then(|v| v.as_str()))
                .flatten()
                .filter(|link| !link.is_empty());
            let shown = |body: &Option<String>| {
                body.as_ref().map(|b| match hidden {
                    Some(link) => b.replace(&escape(link), "[…]").replace(link, "[…]"),
                    None => b.clone(),
                })
            };
            let mut headers = vec![
                ("From", state.mailer.from.to_string()),
                ("To", format!("{} <{}>", row.to_name, row.to_address)),
            ];
            if let Some(subject) = &row.subject {
                headers.push(("Subject", subject.clone()));
            }
            headers.push(("Message-ID", row.message_id.clone()));
            headers.extend(unsubscribe_headers(&row));
            let headers = headers
                .into_iter()
                .map(|(name, value)| crate::features::admin::MailHeader {
                    name: name.to_owned(),
                    value,
                })
                .collect();
            crate::features::admin::OutboxMail {
                text_body: shown(&row.text_body),
                html_body: shown(&row.html_body),
                headers,
                id: row.id,
                to_address: row.to_address,
                to_name: row.to_name,
                kind: row.kind,
                language: row.language,
                status: row.status,
                attempts: row.attempts,
                last_error: row.last_error,
                subject: row.subject,
                created_at: row.created_at,
                sent_at: row.sent_at,
            }
        })
        .collect();
    Ok(crate::features::admin::OutboxPage {
        items,
        next_before_id,
    })
}

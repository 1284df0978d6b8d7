//! From an event to its recipient's channels (issue 16). One step reads
//! the recipient's preferences and shows the event in the app, mails it,
//! or both, so the bell and the inbox never disagree. Event mail goes only
//! to confirmed addresses, and each says how to stop that kind in one click
//! (RFC 8058): the link's token names the user and the event, signed with
//! the server's secret, so nothing is stored for it.

use super::{db, mail, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::settings::{EventSetting, NotificationSettings};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::notify::{Category, Delivery, Event, PreferencesForm};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// One event for one user.
pub struct Notice<'a> {
    pub user: Uuid,
    /// The in-app notification kind (`interest_received`, …).
    pub kind: &'a str,
    pub data: &'a serde_json::Value,
    /// Makes a repeated notice (a sweep on two instances) a no-op.
    pub once_key: Option<&'a str>,
}

/// Delivers `notice` in `tx` as its recipient chose; `false` when it was
/// a repeat and nothing was done.
pub async fn send(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    notice: Notice<'_>,
) -> Result<bool, AppError> {
    let event = Event::of_notification(notice.kind);
    let delivery = delivery(tx, notice.user, event).await?;
    if !show(tx, state, &notice, delivery).await? {
        return Ok(false);
    }
    if let Some(event) = event.filter(|_| delivery.email) {
        mail_or_hold(tx, state, &notice, event, delivery).await?;
    }
    Ok(true)
}

/// Shows `notice` in the app alone, if its recipient wants it there (the
/// daily summary when a digest mail carries it); `false` for a repeat.
pub async fn show_only(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    notice: Notice<'_>,
) -> Result<bool, AppError> {
    let delivery = delivery(tx, notice.user, Event::of_notification(notice.kind)).await?;
    show(tx, state, &notice, delivery).await
}

/// Mails `notice` if its recipient chose mail for its event, without a
/// notification in the app (the bell told of it already: unseen chat
/// messages).
pub async fn mail_only(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    notice: Notice<'_>,
) -> Result<(), AppError> {
    let Some(event) = Event::of_notification(notice.kind) else {
        return Ok(());
    };
    let delivery = delivery(tx, notice.user, Some(event)).await?;
    if delivery.email {
        mail_or_hold(tx, state, &notice, event, delivery).await?;
    }
    Ok(())
}

async fn delivery(
    tx: &mut sqlx::PgConnection,
    user: Uuid,
    event: Option<Event>,
) -> Result<Delivery, AppError> {
    Ok(match event {
        Some(event) => db::preferences::get(&mut *tx, user).await?.delivery(event),
        None => Delivery {
            in_app: true,
            email: false,
            digest: false,
        },
    })
}

async fn show(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    notice: &Notice<'_>,
    delivery: Delivery,
) -> Result<bool, AppError> {
    if !delivery.in_app {
        return Ok(true);
    }
    Ok(db::notifications::insert(
        &mut *tx,
        notice.user,
        notice.kind,
        notice.data,
        notice.once_key,
        state.clock.now(),
    )
    .await?)
}

/// Queues the mail now, or holds it for the morning digest.
async fn mail_or_hold(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    notice: &Notice<'_>,
    event: Event,
    delivery: Delivery,
) -> Result<(), AppError> {
    if delivery.digest {
        db::digest::hold(
            &mut *tx,
            notice.user,
            event.key(),
            notice.kind,
            notice.data,
            state.clock.now(),
        )
        .await?;
        return Ok(());
    }
    queue_event_mail(
        tx,
        state,
        notice.user,
        Category::Event(event),
        serde_json::json!({
            "notification": notice.kind,
            "facts": notice.data,
            "event": event.key(),
        }),
    )
    .await
}

/// The digest of what `user` held, with `summary` (the daily reminder's
/// facts) first when their summary is mailed; items whose event's mail was
/// turned off since are left out, and nothing goes when nothing is left.
pub async fn queue_digest(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: Uuid,
    summary: Option<&serde_json::Value>,
    held: Vec<db::digest::Held>,
) -> Result<(), AppError> {
    let prefs = db::preferences::get(&mut *tx, user).await?;
    let summary = summary
        .filter(|_| prefs.delivery(Event::DailySummary).email)
        .map(|facts| serde_json::json!({"notification": "daily_summary", "facts": facts}));
    let items: Vec<serde_json::Value> = summary
        .into_iter()
        .chain(
            held.into_iter()
                .filter(|h| Event::from_key(&h.event).is_some_and(|e| prefs.delivery(e).email))
                .map(|h| serde_json::json!({"notification": h.notification, "facts": h.facts})),
        )
        .collect();
    if items.is_empty() {
        return Ok(());
    }
    queue_event_mail(
        tx,
        state,
        user,
        Category::Digest,
        serde_json::json!({ "items": items }),
    )
    .await
}

/// Queues event mail of `kind` `notification` or `digest` to a confirmed
/// address, with the links that stop `category`.
async fn queue_event_mail(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: Uuid,
    category: Category,
    mut data: serde_json::Value,
) -> Result<(), AppError> {
    let Some(to) = db::users::mail_recipient(&mut *tx, user).await? else {
        return Ok(());
    };
    if !to.verified {
        return Ok(());
    }
    let base = &state.settings.public_url;
    let token = unsubscribe_token(&state.settings.jwt_secret, user, category);
    let links = serde_json::json!({
        "base": base,
        "unsubscribe": format!("{base}/api/v1/unsubscribe?token={token}"),
        "unsubscribe_page": format!("{base}/unsubscribe?token={token}"),
        "preferences": format!("{base}/settings#notifications"),
    });
    if let (Some(data), serde_json::Value::Object(links)) = (data.as_object_mut(), links) {
        data.extend(links);
    }
    let kind = match category {
        Category::Event(_) => "notification",
        Category::Digest => "digest",
    };
    mail::queue(
        tx,
        state,
        mail::Outgoing {
            user,
            to_address: &to.email,
            to_name: &to.display_name,
            language: to.language(),
            kind,
            data,
        },
    )
    .await?;
    Ok(())
}

fn mac(secret: &[u8], user: Uuid, category: Category) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"unsubscribe\0");
    mac.update(user.as_bytes());
    mac.update(category.key().as_bytes());
    mac
}

/// `<user>.<category>.<signature>`: stable, so every mail of a kind
/// carries the same link.
pub fn unsubscribe_token(secret: &[u8], user: Uuid, category: Category) -> String {
    let signature = mac(secret, user, category).finalize().into_bytes();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(user.as_bytes()),
        category.key(),
        URL_SAFE_NO_PAD.encode(&signature[..16])
    )
}

/// The user and category a token was made for, if its signature holds.
pub fn read_unsubscribe_token(secret: &[u8], token: &str) -> Option<(Uuid, Category)> {
    let mut parts = token.trim().split('.');
    let (user, category, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let user = Uuid::from_slice(&URL_SAFE_NO_PAD.decode(user).ok()?).ok()?;
    let category = Category::from_key(category)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(secret, user, category)
        .verify_truncated_left(&signature)
        .ok()?;
    (signature.len() == 16).then_some((user, category))
}

fn invalid_token() -> AppError {
    AppError::validation(vec![domain::FieldError::new(
        "token",
        "token_invalid",
        "This unsubscribe link is not valid. Change what you get by e-mail in Settings.",
    )])
}

/// What an unsubscribe link would turn off, and whether it already is.
pub async fn unsubscribe_target(
    state: &AppState,
    token: &str,
) -> Result<crate::features::settings::Unsubscribe, AppError> {
    let (user, category) =
        read_unsubscribe_token(&state.settings.jwt_secret, token).ok_or_else(invalid_token)?;
    db::users::find_by_id(&state.pool, user)
        .await?
        .ok_or_else(invalid_token)?;
    let prefs = db::preferences::get(&state.pool, user).await?;
    Ok(crate::features::settings::Unsubscribe {
        event: category.key().to_owned(),
        email: prefs.mails(category),
    })
}

/// Turns off the mail of the token's event, or of every event in the
/// digest (the one click); in-app notifications stay as they were.
pub async fn unsubscribe(
    state: &AppState,
    token: &str,
) -> Result<crate::features::settings::Unsubscribe, AppError> {
    let (user, category) =
        read_unsubscribe_token(&state.settings.jwt_secret, token).ok_or_else(invalid_token)?;
    db::users::find_by_id(&state.pool, user)
        .await?
        .ok_or_else(invalid_token)?;
    let mut tx = state.pool.begin().await?;
    let mut prefs = db::preferences::get_for_update(&mut tx, user).await?;
    prefs.stop(category);
    db::preferences::save(&mut *tx, user, &prefs, state.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user = %user, category = category.key(), "unsubscribed");
    Ok(crate::features::settings::Unsubscribe {
        event: category.key().to_owned(),
        email: false,
    })
}

fn matrix(caller: &User, prefs: &domain::notify::Preferences) -> NotificationSettings {
    NotificationSettings {
        email: prefs.email,
        email_verified: caller.email_verified,
        events: prefs
            .rows()
            .into_iter()
            .map(|(event, setting)| EventSetting {
                event: event.key().to_owned(),
                in_app: setting.in_app,
                email: setting.email,
                frequency: setting.frequency.key().to_owned(),
            })
            .collect(),
    }
}

/// The caller's matrix: every event, each with its channels.
pub async fn preferences(
    state: &AppState,
    caller: &User,
) -> Result<NotificationSettings, AppError> {
    let prefs = db::preferences::get(&state.pool, caller.id).await?;
    Ok(matrix(caller, &prefs))
}

/// Changes what the form names; the rest stays.
pub async fn save_preferences(
    state: &AppState,
    caller: &User,
    form: &PreferencesForm,
) -> Result<NotificationSettings, AppError> {
    let mut tx = state.pool.begin().await?;
    let current = db::preferences::get_for_update(&mut tx, caller.id).await?;
    let next = form.apply(&current).map_err(AppError::validation)?;
    db::preferences::save(&mut *tx, caller.id, &next, state.clock.now()).await?;
    tx.commit().await?;
    Ok(matrix(caller, &next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsubscribe_token_names_its_user_and_event_and_cannot_be_changed() {
        let user = Uuid::now_v7();
        let token = unsubscribe_token(b"secret", user, Category::Event(Event::InterestReceived));
        assert_eq!(
            read_unsubscribe_token(b"secret", &token),
            Some((user, Category::Event(Event::InterestReceived)))
        );
        let digest = unsubscribe_token(b"secret", user, Category::Digest);
        assert_eq!(
            read_unsubscribe_token(b"secret", &digest),
            Some((user, Category::Digest))
        );
        assert_eq!(
            read_unsubscribe_token(b"secret", &token.replace("interest_received", "digest")),
            None
        );
        assert_eq!(read_unsubscribe_token(b"another secret", &token), None);
        let other = token.replace("interest_received", "deal_proposed");
        assert_eq!(read_unsubscribe_token(b"secret", &other), None);
        assert_eq!(read_unsubscribe_token(b"secret", "a.b"), None);
        assert_eq!(read_unsubscribe_token(b"secret", ""), None);
    }
}

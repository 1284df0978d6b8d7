//! The user's own settings (issue 5): time zone, notifications (issue 16:
//! which events in the app and by e-mail, and the unsubscribe page), personal API tokens for
//! outside agents (REST and MCP), and the apps allowed to sign in with
//! OAuth (issue 13), with the consent page that allows them.

pub mod api;
mod consent;
mod notifications;
mod page;
mod unsubscribe_page;

pub use consent::ConsentPage;
pub use page::SettingsPage;
pub use unsubscribe_page::UnsubscribePage;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A personal API token as its owner sees it later: never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<OffsetDateTime>,
}

/// A token just made: the secret is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`; it cannot be shown again.
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSettings {
    /// An IANA time zone name, e.g. `Asia/Kolkata`; "tomorrow" is read in it.
    pub time_zone: String,
    /// The language pages, notifications, match reasons, the assistant and
    /// REST error messages use: `en`, `hi`, `ta`, `te`, `bn` or `mr`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "hi"))]
    pub language: domain::Language,
}

/// A change of settings: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsUpdate {
    /// An IANA time zone name, e.g. `Asia/Kolkata`.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// `en`, `hi`, `ta`, `te`, `bn` or `mr`; anything else is a 422.
    #[serde(default)]
    pub language: Option<String>,
}

/// Who hears of what: the master switch for event mail and every event's
/// row (`GET/PUT /api/v1/settings/notifications`). Security mail (password
/// reset, e-mail verification) always goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// Off: no event mail at all.
    pub email: bool,
    /// Event mail goes only to a confirmed address.
    pub email_verified: bool,
    /// In the Settings page's order.
    pub events: Vec<EventSetting>,
}

/// One event's channels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventSetting {
    /// `interest_received`, `interest_accepted`, `interest_rejected`,
    /// `new_message`, `chat_ending`, `deal_proposed`, `deal_confirmed`,
    /// `contract_ready`, `contract_accepted`, `milestone_due`,
    /// `milestone_overdue`, `milestone_paid`, `deliverable_update`,
    /// `moderation`, `daily_summary`.
    pub event: String,
    pub in_app: bool,
    pub email: bool,
    /// `immediately`, or `daily`: held for one mail at 09:00 in the user's
    /// time zone (`daily_summary` is always `immediately`).
    pub frequency: String,
}

/// What an unsubscribe link turns off, and whether its mail is on now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Unsubscribe {
    /// The event's key, or `digest` (every event whose mail waits for the
    /// daily digest).
    pub event: String,
    pub email: bool,
}

/// An app the user allowed to use their account (OAuth), as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizedApp {
    pub client_id: String,
    pub name: String,
    /// `tasks:read`, `tasks:write`.
    pub scopes: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub authorized_at: OffsetDateTime,
}

/// A deleted account's answer: when its data will be erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    #[serde(with = "time::serde::rfc3339")]
    pub purge_after: OffsetDateTime,
}

/// What the consent page shows about an app that asks to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    pub client_name: String,
    /// Where the app will receive its answer: a host, or the app's own scheme.
    pub return_to: String,
    pub scopes: Vec<String>,
}

/// A step of the consent page: ask the user, or send the browser back to
/// the app (with a code or a refusal), or explain a request that cannot go
/// back to the app at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentStep {
    Ask(ConsentRequest),
    Redirect(String),
    Refused(String),
}

//! Administration: the accounts list, the moderation queue and the outbox.

pub mod api;
mod moderation_page;
mod outbox_page;
mod users_page;

pub use moderation_page::{item_label, state_label, ModerationPage};
pub use outbox_page::MailOutboxPage;
pub use users_page::UsersPage;

use crate::features::auth::User;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub user: User,
    /// Locked by repeated wrong passwords right now.
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPage {
    pub items: Vec<AccountSummary>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl AccountPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// The author of a moderated item, as the queue shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseAuthor {
    pub id: Uuid,
    pub display_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub role: domain::Role,
    /// `active`, `pending_review` or `suspended`.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::moderation::report::AccountStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub joined_at: OffsetDateTime,
    /// Flags that count now (thirty days).
    pub flags: u32,
    /// Cases about this author before this one.
    pub earlier_cases: u32,
}

/// A report on the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseReport {
    pub reporter_name: String,
    pub reason: String,
    pub note: Option<String>,
    /// `open`, `upheld` or `dismissed`.
    pub state: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A decision or appeal on the case: who, when, what, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseAction {
    pub action: String,
    pub note: String,
    pub by_name: Option<String>,
    pub from_state: String,
    pub to_state: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// One item in the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModerationCase {
    pub id: Uuid,
    /// `request`, `profile`, `portfolio_item`, `message`, `account` or `deal`.
    pub target_type: String,
    pub target_id: String,
    /// Where the item is seen in context, when it has a page.
    pub target_path: Option<String>,
    /// `open`, `approved`, `warned`, `removed`, `suspended`, `appealed`,
    /// `reinstated` or `upheld`.
    pub state: String,
    /// Why it is here, with what matched (moderators only).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub reasons: Vec<domain::moderation::Reason>,
    /// The text as it read when flagged.
    pub excerpt: String,
    pub appeal: Option<String>,
    pub author: CaseAuthor,
    pub reports: Vec<CaseReport>,
    pub actions: Vec<CaseAction>,
    /// The decisions this case can take now.
    pub allowed_actions: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// A page of the queue; `next_before_id` asks for the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CasePage {
    pub items: Vec<ModerationCase>,
    pub next_before_id: Option<Uuid>,
}

/// One line of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessEntry {
    pub id: i64,
    pub admin_name: Option<String>,
    pub subject_id: Option<Uuid>,
    pub subject_name: Option<String>,
    /// What was seen: `accounts_list`, `creator_rates`, `moderation_case`, `mail_outbox`.
    pub what: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A message in the outbox, as the admin Outbox page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: i64,
    pub to_address: String,
    pub to_name: String,
    /// What it is about: `password_reset`, …
    pub kind: String,
    /// The recipient's language, which it is written in.
    pub language: String,
    /// `queued`, `sent`, `kept` (no SMTP server: it stays here) or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The header lines it is sent with (`From`, `To`, `Subject`,
    /// `Message-ID`, `List-Unsubscribe`…), decoded.
    pub headers: Vec<MailHeader>,
    /// `None` until its first delivery attempt writes it. Links in security
    /// mail that an SMTP server delivered are hidden.
    pub subject: Option<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<OffsetDateTime>,
}

/// One header line of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MailHeader {
    pub name: String,
    pub value: String,
}

/// One page of the outbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutboxPage {
    pub items: Vec<OutboxMail>,
    /// Pass as `before_id` for the next page; `None` on the last.
    pub next_before_id: Option<i64>,
}

//! Trust and safety as users meet it: reporting what they see, and
//! appealing a decision about their own.

pub mod api;
mod appeals_page;
mod report_button;

pub use appeals_page::AppealsPage;
pub use report_button::ReportButton;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A filed report, as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FiledReport {
    pub id: Uuid,
    /// `request`, `profile`, `portfolio_item`, `message` or `account`.
    pub target_type: String,
    /// A uuid, or a chat message's number.
    pub target_id: String,
    /// `spam_or_scam`, `abusive`, `sexual`, `hateful`, `impersonation` or `other`.
    pub reason: String,
    /// `open` until a moderator decides: `upheld` or `dismissed`.
    pub state: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A decided case about something of the caller's, as its author sees it:
/// what was decided and why, and whether an appeal is still open to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorCase {
    pub id: Uuid,
    pub target_type: String,
    pub target_path: Option<String>,
    /// `removed`, `suspended`, `appealed`, `reinstated`, `upheld` or `warned`.
    pub state: String,
    /// The moderator's last note.
    pub note: String,
    pub appeal: Option<String>,
    pub can_appeal: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

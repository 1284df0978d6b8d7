//! Interests, chat windows, deals and notifications (issue 4): the types the
//! pages, the server functions and the REST API share.

use domain::{InterestEvent, InterestStatus};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A creator's interest in a request, as either side sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Interest {
    pub id: Uuid,
    pub request_id: Uuid,
    pub request_title: String,
    pub brand_id: Uuid,
    pub brand_name: String,
    pub creator_id: Uuid,
    pub creator_name: String,
    pub note: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "pending"))]
    pub status: InterestStatus,
    /// What the caller may do now (`accept`, `reject`; the brand only).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub allowed_events: Vec<InterestEvent>,
    /// The chat window opened by accepting it.
    pub chat_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
}

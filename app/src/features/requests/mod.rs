//! Collaboration requests: what brands post for creators.

pub mod api;
pub mod pages;

pub use pages::{EditRequestPage, NewRequestPage, RequestPage, RequestsPage};

use domain::money::MoneyRange;
use domain::{Niche, RequestEvent, RequestStatus};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CollabRequest {
    pub id: Uuid,
    pub brand_id: Uuid,
    pub brand_name: String,
    /// Whether the brand has confirmed its e-mail address.
    #[serde(default)]
    pub brand_verified: bool,
    pub title: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub niches: Vec<Niche>,
    pub deliverables: Vec<String>,
    /// `{min, max, currency}` in whole units.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub budget: MoneyRange,
    pub target_countries: Vec<String>,
    pub target_languages: Vec<String>,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "active"))]
    pub status: RequestStatus,
    /// What the caller may do now (`pause`, `resume`, `close`): one button each.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub allowed_events: Vec<RequestEvent>,
    /// True until the latest version is embedded and matchable.
    pub indexing: bool,
    /// `{status: approved | pending_review | removed, reasons: [{category,
    /// source}]}`; anything but approved is seen by its brand only.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub moderation: domain::moderation::Standing,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

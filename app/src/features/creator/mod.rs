//! Creator profiles: what a creator tells brands about themselves.

pub mod api;
mod profile_page;
mod public_page;

pub use profile_page::ProfilePage;
pub use public_page::CreatorPage;

use domain::money::MoneyRange;
use domain::profile::Completeness;
use domain::profile_input::SocialAccount;
use domain::Niche;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A creator's profile as anyone signed in may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreatorProfile {
    pub user_id: Uuid,
    pub display_name: String,
    /// Whether the creator has confirmed their e-mail address.
    #[serde(default)]
    pub verified: bool,
    pub bio: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>, example = json!(["fitness", "food"])))]
    pub niches: Vec<Niche>,
    pub country: Option<String>,
    pub state: Option<String>,
    pub city: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub socials: Vec<SocialAccount>,
    pub total_followers: u64,
    /// Percent.
    pub engagement_rate: Option<f64>,
    /// `{min, max, currency}` in whole units.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub rate: Option<MoneyRange>,
    pub portfolio_count: u64,
    /// Bio, at least one niche and three portfolio samples make it complete.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub completeness: Completeness,
    /// True until the latest version is embedded and searchable.
    pub indexing: bool,
    /// The bio's standing: `{status: approved | pending_review | removed,
    /// reasons: [{category, source}]}`; anything but approved keeps the
    /// profile out of search, matches and its public page for others.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub moderation: domain::moderation::Standing,
    /// `None` until the creator first saves a profile.
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub updated_at: Option<OffsetDateTime>,
}

impl CreatorProfile {
    /// Rates are for brands (and admins, and the creator); other creators
    /// see the profile without them.
    pub fn for_viewer(mut self, viewer: Uuid, role: domain::Role) -> Self {
        if role == domain::Role::Creator && viewer != self.user_id {
            self.rate = None;
        }
        self
    }
}

/// One portfolio sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PortfolioItem {
    pub id: Uuid,
    /// `text`, `image` or `video_link`.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::portfolio::PortfolioKind,
    pub title: String,
    /// The text of a text sample; a caption otherwise.
    pub body: Option<String>,
    /// The link of a video sample.
    pub url: Option<String>,
    /// Where an image sample is served.
    pub image_url: Option<String>,
    pub content_type: Option<String>,
    /// Its title's and text's standing; anything but approved is shown to
    /// its creator only.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub moderation: domain::moderation::Standing,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl PortfolioItem {
    /// The path an image sample is served at.
    pub fn image_path(id: Uuid) -> String {
        format!("/media/portfolio/{id}")
    }
}

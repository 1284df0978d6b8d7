//! Ranked matches between collaboration requests and creators, and search.

use crate::features::creator::CreatorProfile;
use crate::features::requests::CollabRequest;
use domain::match_filters::{MatchFilters, Relax};
use domain::matching::{Breakdown, Explanation};
use domain::search::SearchKind;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// One creator ranked for a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreatorMatch {
    pub creator: CreatorProfile,
    /// 0–100, the weighted total of the breakdown.
    pub score: u8,
    /// Each part 0–100: `semantic`, `niche`, `budget`, `location`, `language`, `total`.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub breakdown: Breakdown,
    /// One sentence on why, in the caller's language.
    pub explanation: String,
    /// The facts the sentence is made of (band, topic, shared niches,
    /// budget, location, languages), for clients that word it themselves.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub reasons: Explanation,
}

/// One request ranked for a creator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RequestMatch {
    pub request: CollabRequest,
    pub score: u8,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub breakdown: Breakdown,
    pub explanation: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub reasons: Explanation,
}

/// Ranked creators for a request, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreatorMatches {
    pub items: Vec<CreatorMatch>,
    /// True while the request is not embedded yet, so nothing can be ranked.
    pub indexing: bool,
    /// When nothing passes: which filter to relax, and how many would show.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub suggestion: Option<Relax>,
}

/// Ranked requests for a creator, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RequestMatches {
    pub items: Vec<RequestMatch>,
    /// True while the creator's profile is not embedded yet (or not saved).
    pub indexing: bool,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub suggestion: Option<Relax>,
}

/// One search result: a creator or a request, with how it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<CreatorProfile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<CollabRequest>,
    /// How close in meaning, 0–100 (absent when found by keyword only).
    pub similarity: Option<u8>,
    /// Whether the words of the query occur in it.
    pub keyword_match: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub q: String,
    /// `creators` or `requests`.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: SearchKind,
    /// Keyword and semantic results fused into one ranking, best first.
    pub items: Vec<SearchHit>,
    /// False when no embedding model is configured: keyword results only.
    pub semantic: bool,
}

/// A named search the user can run again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SavedSearch {
    pub id: Uuid,
    pub name: String,
    pub q: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: SearchKind,
    /// The filters, as they would appear in a query string.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub filters: MatchFilters,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

pub mod api;
mod pages;

pub use pages::{MatchFilterForm, MatchesPage, RequestMatchList, SearchPage, SuggestionLink};

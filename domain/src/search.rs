//! Search (seed 004, requirements 10.x): a query, what to search, filters,
//! and the fusion of keyword and semantic result lists into one ranking.

use crate::match_filters::{MatchFilters, MatchQuery};
use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_NAME_CHARS: usize = 80;
/// Reciprocal-rank-fusion constant; 60 is the value from the original paper
/// and damps the influence of the very top ranks.
pub const RRF_K: f32 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Creators,
    Requests,
}

impl SearchKind {
    pub fn key(self) -> &'static str {
        match self {
            SearchKind::Creators => "creators",
            SearchKind::Requests => "requests",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "creators" => Ok(SearchKind::Creators),
            "requests" => Ok(SearchKind::Requests),
            _ => Err(FieldError::new(
                "kind",
                "kind_unknown",
                "Search either \"creators\" or \"requests\".",
            )),
        }
    }
}

/// A search as a client sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
    pub kind: String,
    #[serde(flatten)]
    pub filters: MatchQuery,
}

/// A valid search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchSpec {
    pub q: BoundedText,
    pub kind: SearchKind,
    pub filters: MatchFilters,
}

impl SearchForm {
    pub fn parse(&self) -> Result<SearchSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let q = BoundedText::parse(&self.q, "q", 1, MAX_QUERY_CHARS).map_err(|e| errors.push(e));
        let kind = SearchKind::parse(&self.kind).map_err(|e| errors.push(e));
        let filters = self.filters.parse().map_err(|e| errors.extend(e));
        match (q, kind, filters) {
            (Ok(q), Ok(kind), Ok(filters)) => Ok(SearchSpec { q, kind, filters }),
            _ => Err(errors),
        }
    }
}

/// A saved search as a client sends it: a name and the search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SavedSearchForm {
    pub name: String,
    #[serde(flatten)]
    pub search: SearchForm,
}

impl SavedSearchForm {
    pub fn parse(&self) -> Result<(BoundedText, SearchSpec), Vec<FieldError>> {
        let name = BoundedText::parse(&self.name, "name", 1, MAX_NAME_CHARS);
        match (name, self.search.parse()) {
            (Ok(name), Ok(spec)) => Ok((name, spec)),
            (name, spec) => {
                let mut errors: Vec<FieldError> = name.err().into_iter().collect();
                errors.extend(spec.err().unwrap_or_default());
                Err(errors)
            }
        }
    }
}

/// Fuses ranked lists (best first) by reciprocal rank: an item's score is
/// the sum of `1 / (RRF_K + rank)` over the lists it appears in, so items
/// found by both keyword and meaning rise to the top. Ties keep the order
/// of the ids.
pub fn fuse<Id: Clone + Eq + Hash + Ord>(lists: &[Vec<Id>]) -> Vec<(Id, f32)> {
    let mut scores: HashMap<Id, f32> = HashMap::new();
    for list in lists {
        for (rank, id) in list.iter().enumerate() {
            *scores.entry(id.clone()).or_default() += 1.0 / (RRF_K + rank as f32 + 1.0);
        }
    }
    let mut fused: Vec<(Id, f32)> = scores.into_iter().collect();
    fused.sort_by(|(a_id, a), (b_id, b)| b.total_cmp(a).then_with(|| a_id.cmp(b_id)));
    fused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_needs_a_query_and_a_kind() {
        let fields: Vec<String> = SearchForm::default()
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["q", "kind"]);
        let long = SearchForm {
            q: "x".repeat(MAX_QUERY_CHARS + 1),
            kind: "creators".into(),
            ..SearchForm::default()
        };
        assert_eq!(long.parse().unwrap_err()[0].field, "q");
        let ok = SearchForm {
            q: " योग trainer ".into(),
            kind: "Requests".into(),
            ..SearchForm::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            (ok.q.as_str(), ok.kind),
            ("योग trainer", SearchKind::Requests)
        );
    }

    #[test]
    fn a_saved_search_names_every_bad_field() {
        let form = SavedSearchForm {
            name: String::new(),
            search: SearchForm {
                q: "food".into(),
                kind: "creators".into(),
                filters: MatchQuery {
                    limit: Some("1000".into()),
                    ..MatchQuery::default()
                },
            },
        };
        let fields: Vec<String> = form
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "limit"]);
    }

    #[test]
    fn items_in_both_lists_rank_first() {
        let keyword = vec!["a", "b", "c"];
        let semantic = vec!["d", "c", "a"];
        let fused: Vec<&str> = fuse(&[keyword, semantic])
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(fused, ["a", "c", "d", "b"]);
    }

    #[test]
    fn fusion_of_nothing_is_empty_and_one_list_keeps_its_order() {
        assert!(fuse::<u8>(&[]).is_empty());
        let fused: Vec<u8> = fuse(&[vec![3, 1, 2]])
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(fused, [3, 1, 2]);
    }
}

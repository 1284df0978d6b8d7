//! Filters on ranked matches (seed 004, requirements 4.3–4.6): parsed from a
//! query string, checked against a candidate, and — when nothing passes —
//! turned into a suggestion of which filter to relax.

use crate::profile_input::LANGUAGES;
use crate::{FieldError, Niche};
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: u16 = 20;
pub const MAX_LIMIT: u16 = 100;
pub const MAX_LOCATION_CHARS: usize = 80;

/// The raw filters of a match or search request, from a query string or
/// JSON. Every value is kept as text (numbers and booleans too) so a bad
/// one becomes a field error, not a refused request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct MatchQuery {
    /// 0–100; matches below are left out (default 0).
    #[serde(deserialize_with = "crate::lenient::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>))]
    pub min_score: Option<String>,
    /// A niche key, like `fitness`.
    #[serde(deserialize_with = "crate::lenient::text")]
    pub niche: Option<String>,
    /// A country code, state or city (any case).
    #[serde(deserialize_with = "crate::lenient::text")]
    pub location: Option<String>,
    /// An ISO 639-1 code, like `hi`.
    #[serde(deserialize_with = "crate::lenient::text")]
    pub language: Option<String>,
    /// Only creators with at least this many followers on one platform.
    #[serde(deserialize_with = "crate::lenient::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub min_followers: Option<String>,
    /// Only creators with at most this many followers.
    #[serde(deserialize_with = "crate::lenient::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub max_followers: Option<String>,
    /// Only creators whose lowest rate is within the budget.
    #[serde(deserialize_with = "crate::lenient::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub budget_fit: Option<String>,
    /// 1–100 (default 20).
    #[serde(deserialize_with = "crate::lenient::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u16>))]
    pub limit: Option<String>,
}

/// Validated filters; `None` and `false` mean "not filtered".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchFilters {
    pub min_score: u8,
    pub niche: Option<Niche>,
    /// A country code, state or city, compared without regard to case.
    pub location: Option<String>,
    pub language: Option<String>,
    pub min_followers: Option<u64>,
    pub max_followers: Option<u64>,
    pub budget_fit: bool,
    pub limit: u16,
}

impl Default for MatchFilters {
    fn default() -> Self {
        Self {
            min_score: 0,
            niche: None,
            location: None,
            language: None,
            min_followers: None,
            max_followers: None,
            budget_fit: false,
            limit: DEFAULT_LIMIT,
        }
    }
}

fn blank_to_none(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A whole number, or `None` for a missing or blank value.
fn integer(raw: &Option<String>, field: &str) -> Result<Option<i64>, FieldError> {
    blank_to_none(raw)
        .map(|s| {
            s.parse::<i64>()
                .map_err(|_| FieldError::new(field, "not_a_number", "Give a whole number."))
        })
        .transpose()
}

fn followers(raw: &Option<String>, field: &str) -> Result<Option<u64>, FieldError> {
    match integer(raw, field)? {
        None => Ok(None),
        Some(n) if n < 0 => Err(FieldError::new(
            field,
            "negative",
            "Follower counts cannot be negative.",
        )),
        Some(n) => Ok(Some(n as u64)),
    }
}

impl MatchQuery {
    /// Every bad parameter at once, in query order.
    pub fn parse(&self) -> Result<MatchFilters, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut filters = MatchFilters::default();
        match integer(&self.min_score, "min_score") {
            Err(e) => errors.push(e),
            Ok(None) => {}
            Ok(Some(s @ 0..=100)) => filters.min_score = s as u8,
            Ok(Some(_)) => errors.push(
                FieldError::new(
                    "min_score",
                    "out_of_range",
                    "The minimum score is between 0 and 100.",
                )
                .with("min", 0)
                .with("max", 100),
            ),
        }
        if let Some(raw) = blank_to_none(&self.niche) {
            match Niche::parse(raw, "niche") {
                Ok(n) => filters.niche = Some(n),
                Err(e) => errors.push(e),
            }
        }
        if let Some(raw) = blank_to_none(&self.location) {
            if let Err(e) = crate::text::single_line(raw, "location") {
                errors.push(e);
            } else if raw.chars().count() > MAX_LOCATION_CHARS {
                errors.push(
                    FieldError::new(
                        "location",
                        "too_long",
                        format!("A location has at most {MAX_LOCATION_CHARS} characters."),
                    )
                    .with("max", MAX_LOCATION_CHARS),
                );
            } else {
                filters.location = Some(raw.to_owned());
            }
        }
        if let Some(raw) = blank_to_none(&self.language) {
            let code = raw.to_lowercase();
            if LANGUAGES.contains(&code.as_str()) {
                filters.language = Some(code);
            } else {
                errors.push(
                    FieldError::new(
                        "language",
                        "language_unknown",
                        format!("{raw:?} is not a supported language code."),
                    )
                    .with("value", raw),
                );
            }
        }
        let min = followers(&self.min_followers, "min_followers");
        let max = followers(&self.max_followers, "max_followers");
        match (min, max) {
            (Ok(Some(lo)), Ok(Some(hi))) if lo > hi => errors.push(FieldError::new(
                "min_followers",
                "min_above_max",
                "The minimum follower count cannot be above the maximum.",
            )),
            (min, max) => {
                match min {
                    Ok(v) => filters.min_followers = v,
                    Err(e) => errors.push(e),
                }
                match max {
                    Ok(v) => filters.max_followers = v,
                    Err(e) => errors.push(e),
                }
            }
        }
        match blank_to_none(&self.budget_fit)
            .map(str::to_lowercase)
            .as_deref()
        {
            None | Some("false" | "0" | "off" | "no") => {}
            Some("true" | "1" | "on" | "yes") => filters.budget_fit = true,
            Some(_) => errors.push(FieldError::new(
                "budget_fit",
                "not_a_boolean",
                "Give true or false.",
            )),
        }
        match integer(&self.limit, "limit") {
            Err(e) => errors.push(e),
            Ok(None) => {}
            Ok(Some(n)) if (1..=MAX_LIMIT as i64).contains(&n) => filters.limit = n as u16,
            Ok(Some(_)) => errors.push(
                FieldError::new(
                    "limit",
                    "out_of_range",
                    format!("The limit is between 1 and {MAX_LIMIT}."),
                )
                .with("min", 1)
                .with("max", MAX_LIMIT),
            ),
        }
        if errors.is_empty() {
            Ok(filters)
        } else {
            Err(errors)
        }
    }
}

/// One filter a candidate can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterKind {
    MinScore,
    Niche,
    Location,
    Language,
    MinFollowers,
    MaxFollowers,
    BudgetFit,
}

impl FilterKind {
    /// Every filter, in the order suggestions prefer them on a tie.
    pub const ALL: [FilterKind; 7] = [
        FilterKind::MinScore,
        FilterKind::Niche,
        FilterKind::Location,
        FilterKind::Language,
        FilterKind::MinFollowers,
        FilterKind::MaxFollowers,
        FilterKind::BudgetFit,
    ];

    /// The query-string name.
    pub fn key(self) -> &'static str {
        match self {
            FilterKind::MinScore => "min_score",
            FilterKind::Niche => "niche",
            FilterKind::Location => "location",
            FilterKind::Language => "language",
            FilterKind::MinFollowers => "min_followers",
            FilterKind::MaxFollowers => "max_followers",
            FilterKind::BudgetFit => "budget_fit",
        }
    }
}

/// What the filters need to know about one candidate.
#[derive(Debug, Clone, Copy)]
pub struct CandidateFacts<'a> {
    pub score: u8,
    pub niches: &'a [Niche],
    pub country: Option<&'a str>,
    pub state: Option<&'a str>,
    pub city: Option<&'a str>,
    pub languages: &'a [String],
    pub followers: u64,
    /// `Some(true)` when the rate is within budget, `None` when unknown.
    pub within_budget: Option<bool>,
}

impl MatchFilters {
    /// The filters `c` fails, in a fixed order.
    pub fn failures(&self, c: &CandidateFacts<'_>) -> Vec<FilterKind> {
        let mut failed = Vec::new();
        if c.score < self.min_score {
            failed.push(FilterKind::MinScore);
        }
        if self.niche.is_some_and(|n| !c.niches.contains(&n)) {
            failed.push(FilterKind::Niche);
        }
        if let Some(place) = &self.location {
            let place = place.to_lowercase();
            let here = [c.country, c.state, c.city]
                .into_iter()
                .flatten()
                .any(|p| p.to_lowercase() == place);
            if !here {
                failed.push(FilterKind::Location);
            }
        }
        if self
            .language
            .as_ref()
            .is_some_and(|l| !c.languages.contains(l))
        {
            failed.push(FilterKind::Language);
        }
        if self.min_followers.is_some_and(|m| c.followers < m) {
            failed.push(FilterKind::MinFollowers);
        }
        if self.max_followers.is_some_and(|m| c.followers > m) {
            failed.push(FilterKind::MaxFollowers);
        }
        if self.budget_fit && c.within_budget != Some(true) {
            failed.push(FilterKind::BudgetFit);
        }
        failed
    }

    /// The same filters without `kind`.
    pub fn without(&self, kind: FilterKind) -> MatchFilters {
        let mut f = self.clone();
        match kind {
            FilterKind::MinScore => f.min_score = 0,
            FilterKind::Niche => f.niche = None,
            FilterKind::Location => f.location = None,
            FilterKind::Language => f.language = None,
            FilterKind::MinFollowers => f.min_followers = None,
            FilterKind::MaxFollowers => f.max_followers = None,
            FilterKind::BudgetFit => f.budget_fit = false,
        }
        f
    }
}

/// Which single filter to relax so that matches appear, and how many would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relax {
    pub filter: FilterKind,
    pub would_show: usize,
    /// For `min_score`: the best score there is, a threshold that shows it.
    pub suggested_min_score: Option<u8>,
    /// The advice in words, filled in by the edge in the reader's language
    /// (`app::words::relax`); empty as the domain returns it.
    pub message: String,
}

/// Given the filters each unfiltered candidate fails, the single filter whose
/// removal would show the most candidates (ties: the earlier filter in
/// `FilterKind` order). `None` when relaxing one filter would not help.
pub fn suggest_relax(failures: &[(u8, Vec<FilterKind>)]) -> Option<Relax> {
    let only = |kind: FilterKind| {
        failures
            .iter()
            .filter(|(_, f)| f.as_slice() == [kind])
            .count()
    };
    let (filter, would_show) = FilterKind::ALL.into_iter().map(|k| (k, only(k))).fold(
        None,
        |best: Option<(FilterKind, usize)>, (k, n)| match best {
            Some((_, m)) if m >= n => best,
            _ if n == 0 => best,
            _ => Some((k, n)),
        },
    )?;
    // For the score, suggest the best score there is as the threshold, and
    // count what that threshold would show.
    let (would_show, suggested_min_score) = if filter == FilterKind::MinScore {
        let scores = failures
            .iter()
            .filter(|(_, f)| f.as_slice() == [FilterKind::MinScore])
            .map(|(s, _)| *s);
        let best = scores.clone().max();
        let at_best = scores.filter(|s| Some(*s) == best).count();
        (at_best, best)
    } else {
        (would_show, None)
    };
    Some(Relax {
        filter,
        would_show,
        suggested_min_score,
        message: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> MatchQuery {
        MatchQuery::default()
    }

    #[test]
    fn an_empty_query_means_no_filters_and_twenty_results() {
        assert_eq!(q().parse().unwrap(), MatchFilters::default());
        let blank = MatchQuery {
            niche: Some(" ".into()),
            location: Some(String::new()),
            ..q()
        };
        assert_eq!(blank.parse().unwrap(), MatchFilters::default());
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let bad = MatchQuery {
            min_score: Some("101".into()),
            niche: Some("knitting".into()),
            location: Some("x".repeat(81)),
            language: Some("klingon".into()),
            min_followers: Some("-1".into()),
            max_followers: Some("many".into()),
            limit: Some("0".into()),
            budget_fit: Some("maybe".into()),
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "min_score",
                "niche",
                "location",
                "language",
                "min_followers",
                "max_followers",
                "budget_fit",
                "limit"
            ]
        );
        let inverted = MatchQuery {
            min_followers: Some("10".into()),
            max_followers: Some("5".into()),
            ..q()
        };
        assert_eq!(inverted.parse().unwrap_err()[0].reason, "min_above_max");
    }

    #[test]
    fn json_numbers_and_query_strings_read_alike() {
        let from_json: MatchQuery =
            serde_json::from_str(r#"{"min_score": 40, "budget_fit": true, "niche": null}"#)
                .unwrap();
        let from_text: MatchQuery =
            serde_json::from_str(r#"{"min_score": "40", "budget_fit": "true"}"#).unwrap();
        assert_eq!(from_json, from_text);
        assert_eq!(from_json.parse().unwrap().min_score, 40);
    }

    #[test]
    fn values_are_normalised() {
        let f = MatchQuery {
            niche: Some("Fitness".into()),
            language: Some("HI".into()),
            location: Some(" Chennai ".into()),
            limit: Some("100".into()),
            budget_fit: Some("on".into()),
            min_score: Some("".into()),
            ..q()
        }
        .parse()
        .unwrap();
        assert_eq!(f.niche, Some(Niche::Fitness));
        assert_eq!(f.language.as_deref(), Some("hi"));
        assert_eq!(f.location.as_deref(), Some("Chennai"));
        assert_eq!((f.limit, f.budget_fit, f.min_score), (100, true, 0));
    }

    fn facts<'a>(score: u8, niches: &'a [Niche], languages: &'a [String]) -> CandidateFacts<'a> {
        CandidateFacts {
            score,
            niches,
            country: Some("IN"),
            state: Some("Tamil Nadu"),
            city: Some("Chennai"),
            languages,
            followers: 50_000,
            within_budget: None,
        }
    }

    #[test]
    fn failures_list_each_filter_missed() {
        let ta = vec!["ta".to_owned()];
        let c = facts(40, &[Niche::Food], &ta);
        assert!(MatchFilters::default().failures(&c).is_empty());
        let f = MatchFilters {
            min_score: 50,
            niche: Some(Niche::Fitness),
            location: Some("chennai".into()),
            language: Some("hi".into()),
            min_followers: Some(100_000),
            max_followers: Some(10),
            budget_fit: true,
            limit: 20,
        };
        assert_eq!(
            f.failures(&c),
            [
                FilterKind::MinScore,
                FilterKind::Niche,
                FilterKind::Language,
                FilterKind::MinFollowers,
                FilterKind::MaxFollowers,
                FilterKind::BudgetFit
            ]
        );
        assert_eq!(f.without(FilterKind::Niche).niche, None);
        let in_state = MatchFilters {
            location: Some("TAMIL NADU".into()),
            ..MatchFilters::default()
        };
        assert!(in_state.failures(&c).is_empty());
    }

    #[test]
    fn the_suggestion_is_the_filter_that_frees_the_most() {
        use FilterKind::*;
        let failures = vec![
            (80, vec![Niche]),
            (70, vec![Niche]),
            (60, vec![Language]),
            (90, vec![Niche, Language]),
        ];
        let r = suggest_relax(&failures).unwrap();
        assert_eq!((r.filter, r.would_show), (Niche, 2));

        let scores = vec![
            (42, vec![MinScore]),
            (37, vec![MinScore]),
            (90, vec![Niche, MinScore]),
        ];
        let r = suggest_relax(&scores).unwrap();
        assert_eq!(
            (r.filter, r.suggested_min_score, r.would_show),
            (MinScore, Some(42), 1)
        );

        assert_eq!(suggest_relax(&[(50, vec![Niche, Language])]), None);
        assert_eq!(suggest_relax(&[]), None);
    }

    #[test]
    fn a_location_with_control_characters_is_a_field_error() {
        let query = MatchQuery {
            location: Some("Chen\u{0}nai".into()),
            ..Default::default()
        };
        let errors = query.parse().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].reason.as_str()),
            ("location", "invalid_characters")
        );
    }
}

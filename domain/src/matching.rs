//! Match scores (seed 004, requirements 4.x): a documented, monotone mapping
//! from embedding similarity to 0–100, blended with niche, budget, location
//! and language fit, and broken down so every score explains itself.

use crate::money::MoneyRange;
use crate::Niche;
use serde::{Deserialize, Serialize};

/// Where a model's cosine similarities fall: `unrelated` maps to 0 and
/// `strong` to 100, linearly, clamped. multilingual-e5 bunches cosines in a
/// narrow band, so its calibration is narrow (see `E5_SMALL`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub unrelated: f32,
    pub strong: f32,
}

impl Calibration {
    /// multilingual-e5-small, 4-bit, a request embedded as "query: " against
    /// a profile as "passage: ". Measured 2026-11-22 on bare bios: unrelated
    /// pairs at 0.77–0.80, matching ones in any language (English, Hindi,
    /// Tamil bios for an English brief) at 0.86–0.90. On the demo data (the
    /// stored texts, with niche, language and place lines): for a fitness
    /// brief, fitness profiles at 0.80–0.88 (mean 0.83), profiles of unrelated
    /// niches at 0.77–0.83 (mean 0.80). `app/tests/local_embeddings.rs`
    /// checks the band against the real model.
    pub const E5_SMALL: Calibration = Calibration {
        unrelated: 0.79,
        strong: 0.87,
    };

    /// Any other model (an OpenAI-compatible endpoint): a wide band, since
    /// such models spread cosines further apart (general-purpose models put
    /// unrelated texts near 0.1–0.2 and closely related ones above 0.6).
    /// Not measured on this machine (no network); re-measure with the
    /// model in use and adjust.
    pub const GENERAL: Calibration = Calibration {
        unrelated: 0.15,
        strong: 0.65,
    };

    /// Similarity as a fraction in 0..=1; non-decreasing in `cosine`.
    pub fn semantic(self, cosine: f32) -> f32 {
        if !cosine.is_finite() {
            return 0.0;
        }
        let span = (self.strong - self.unrelated).max(f32::EPSILON);
        ((cosine - self.unrelated) / span).clamp(0.0, 1.0)
    }
}

/// How much each part counts; the parts sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub semantic: f32,
    pub niche: f32,
    pub budget: f32,
    pub location: f32,
    pub language: f32,
}

impl Weights {
    pub const DEFAULT: Weights = Weights {
        semantic: 0.5,
        niche: 0.2,
        budget: 0.15,
        location: 0.075,
        language: 0.075,
    };
}

/// Each part of a score as 0–100, and the weighted total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub semantic: u8,
    pub niche: u8,
    pub budget: u8,
    pub location: u8,
    pub language: u8,
    pub total: u8,
}

/// The facts a score is made of, each already a fraction in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub cosine: f32,
    pub niche: f32,
    pub budget: f32,
    pub location: f32,
    pub language: f32,
}

fn percent(fraction: f32) -> u8 {
    (fraction.clamp(0.0, 1.0) * 100.0).round() as u8
}

pub fn score(fit: Fit, calibration: Calibration, weights: Weights) -> Breakdown {
    let semantic = calibration.semantic(fit.cosine);
    let parts = [
        (semantic, weights.semantic),
        (fit.niche, weights.niche),
        (fit.budget, weights.budget),
        (fit.location, weights.location),
        (fit.language, weights.language),
    ];
    let weight_sum: f32 = parts.iter().map(|(_, w)| w).sum::<f32>().max(f32::EPSILON);
    let total = parts
        .iter()
        .map(|(v, w)| v.clamp(0.0, 1.0) * w)
        .sum::<f32>()
        / weight_sum;
    Breakdown {
        semantic: percent(semantic),
        niche: percent(fit.niche),
        budget: percent(fit.budget),
        location: percent(fit.location),
        language: percent(fit.language),
        total: percent(total),
    }
}

/// Share of the wanted items the other side has; 1 when nothing is wanted.
pub fn overlap<T: PartialEq>(wanted: &[T], offered: &[T]) -> f32 {
    if wanted.is_empty() {
        return 1.0;
    }
    wanted.iter().filter(|w| offered.contains(w)).count() as f32 / wanted.len() as f32
}

/// How well a creator's rate range fits a budget range (same currency):
/// 1 when the creator's minimum is within budget, falling linearly to 0 when
/// the minimum is twice the budget's maximum.
pub fn budget_fit(budget_max: u64, creator_min: u64) -> f32 {
    if creator_min <= budget_max {
        return 1.0;
    }
    if budget_max == 0 {
        return 0.0;
    }
    let over = (creator_min - budget_max) as f32 / budget_max as f32;
    (1.0 - over).clamp(0.0, 1.0)
}

/// Sorts matches best first; equal scores keep a stable order by id.
pub fn rank<Id: Ord>(matches: &mut [(Id, Breakdown)]) {
    matches.sort_by(|(a_id, a), (b_id, b)| b.total.cmp(&a.total).then_with(|| a_id.cmp(b_id)));
}

/// What a collaboration request asks for.
#[derive(Debug, Clone, Copy)]
pub struct Brief<'a> {
    pub niches: &'a [Niche],
    pub budget: Option<MoneyRange>,
    /// ISO country codes; empty means anywhere.
    pub countries: &'a [String],
    /// ISO language codes; empty means any language.
    pub languages: &'a [String],
}

/// What a creator offers.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub niches: &'a [Niche],
    pub country: Option<&'a str>,
    pub languages: &'a [String],
    pub rate: Option<MoneyRange>,
}

/// A rate that cannot be compared (not given, another currency) counts half.
const UNKNOWN_BUDGET_FIT: f32 = 0.5;

/// How a creator's rate relates to a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetRelation {
    Within,
    Above,
    Unknown,
}

pub fn budget_relation(budget: Option<MoneyRange>, rate: Option<MoneyRange>) -> BudgetRelation {
    match (budget, rate) {
        (Some(b), Some(r)) if b.currency() == r.currency() => {
            if r.min() <= b.max() {
                BudgetRelation::Within
            } else {
                BudgetRelation::Above
            }
        }
        _ => BudgetRelation::Unknown,
    }
}

/// Whether the creator publishes in one of the wanted languages (1 when
/// none are wanted).
fn language_fit(wanted: &[String], offered: &[String]) -> f32 {
    if wanted.is_empty() || wanted.iter().any(|w| offered.contains(w)) {
        1.0
    } else {
        0.0
    }
}

fn location_fit(countries: &[String], country: Option<&str>) -> f32 {
    match country {
        _ if countries.is_empty() => 1.0,
        Some(c) if countries.iter().any(|t| t == c) => 1.0,
        _ => 0.0,
    }
}

/// The facts behind a score, from the embedding similarity of brief and
/// profile and what each side states.
pub fn fit(cosine: f32, brief: Brief<'_>, offer: Offer<'_>) -> Fit {
    let budget = match (brief.budget, offer.rate) {
        (Some(b), Some(r)) if b.currency() == r.currency() => budget_fit(b.max(), r.min()),
        _ => UNKNOWN_BUDGET_FIT,
    };
    Fit {
        cosine,
        niche: overlap(brief.niches, offer.niches),
        budget,
        location: location_fit(brief.countries, offer.country),
        language: language_fit(brief.languages, offer.languages),
    }
}

/// How strong a match is overall, from its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Strong,
    Good,
    Partial,
    Weak,
}

/// How close the profile and the brief are in meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Same,
    Related,
    Distant,
}

/// The niches of a brief the creator also covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedNiches {
    pub shared: Vec<Niche>,
    pub wanted: usize,
}

/// Why a pair scored what it did, strongest facts first: structured, so
/// each reader gets it in their own language. A part is absent when the
/// brief asks nothing of it (no niches, countries or languages wanted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub band: Band,
    pub topic: Topic,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub niches: Option<SharedNiches>,
    pub budget: BudgetRelation,
    /// Whether the creator is based in one of the target countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_target_country: Option<bool>,
    /// The wanted languages the creator publishes in (ISO 639-1 codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
}

pub fn explain(breakdown: &Breakdown, brief: Brief<'_>, offer: Offer<'_>) -> Explanation {
    let band = match breakdown.total {
        75.. => Band::Strong,
        50..=74 => Band::Good,
        25..=49 => Band::Partial,
        _ => Band::Weak,
    };
    let topic = match breakdown.semantic {
        70.. => Topic::Same,
        35..=69 => Topic::Related,
        _ => Topic::Distant,
    };
    let niches = (!brief.niches.is_empty()).then(|| SharedNiches {
        shared: brief
            .niches
            .iter()
            .copied()
            .filter(|n| offer.niches.contains(n))
            .collect(),
        wanted: brief.niches.len(),
    });
    let languages = (!brief.languages.is_empty()).then(|| {
        brief
            .languages
            .iter()
            .filter(|l| offer.languages.contains(l))
            .cloned()
            .collect()
    });
    Explanation {
        band,
        topic,
        niches,
        budget: budget_relation(brief.budget, offer.rate),
        in_target_country: (!brief.countries.is_empty()).then_some(breakdown.location == 100),
        languages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn full(cosine: f32) -> Fit {
        Fit {
            cosine,
            niche: 1.0,
            budget: 1.0,
            location: 1.0,
            language: 1.0,
        }
    }

    #[test]
    fn calibration_maps_the_ends_to_0_and_100() {
        let c = Calibration::E5_SMALL;
        assert_eq!(c.semantic(0.5), 0.0);
        assert_eq!(c.semantic(0.79), 0.0);
        assert_eq!(c.semantic(0.87), 1.0);
        assert_eq!(c.semantic(0.99), 1.0);
        assert_eq!(c.semantic(f32::NAN), 0.0);
    }

    #[test]
    fn a_perfect_fit_scores_100_and_nothing_scores_0() {
        assert_eq!(
            score(full(0.95), Calibration::E5_SMALL, Weights::DEFAULT).total,
            100
        );
        let none = Fit {
            cosine: 0.0,
            niche: 0.0,
            budget: 0.0,
            location: 0.0,
            language: 0.0,
        };
        assert_eq!(
            score(none, Calibration::E5_SMALL, Weights::DEFAULT).total,
            0
        );
    }

    #[test]
    fn the_default_weights_sum_to_one() {
        let w = Weights::DEFAULT;
        assert!((w.semantic + w.niche + w.budget + w.location + w.language - 1.0).abs() < 1e-6);
    }

    #[test]
    fn overlap_counts_wanted_items() {
        assert_eq!(overlap(&[1, 2, 3, 4], &[2, 4, 9]), 0.5);
        assert_eq!(overlap::<u8>(&[], &[1]), 1.0);
        assert_eq!(overlap(&[1], &[]), 0.0);
    }

    #[test]
    fn budget_fit_falls_off_above_the_budget() {
        assert_eq!(budget_fit(50_000, 30_000), 1.0);
        assert_eq!(budget_fit(50_000, 75_000), 0.5);
        assert_eq!(budget_fit(50_000, 100_000), 0.0);
        assert_eq!(budget_fit(0, 1), 0.0);
    }

    #[test]
    fn ranking_is_best_first_and_stable_on_ties() {
        let b = |total| Breakdown {
            semantic: 0,
            niche: 0,
            budget: 0,
            location: 0,
            language: 0,
            total,
        };
        let mut list = vec![(3, b(50)), (1, b(80)), (2, b(50))];
        rank(&mut list);
        assert_eq!(
            list.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    fn range(min: i64, max: i64, currency: &str) -> Option<MoneyRange> {
        Some(MoneyRange::parse(min, max, currency, "budget").unwrap())
    }

    #[test]
    fn fit_compares_what_each_side_states() {
        let countries = vec!["IN".to_owned()];
        let languages = vec!["hi".to_owned(), "ta".to_owned()];
        let brief = Brief {
            niches: &[Niche::Fitness, Niche::Food],
            budget: range(10_000, 50_000, "inr"),
            countries: &countries,
            languages: &languages,
        };
        let spoken = vec!["ta".to_owned()];
        let offer = Offer {
            niches: &[Niche::Fitness],
            country: Some("IN"),
            languages: &spoken,
            rate: range(75_000, 90_000, "inr"),
        };
        let f = fit(0.85, brief, offer);
        assert_eq!(
            (f.niche, f.budget, f.location, f.language),
            (0.5, 0.5, 1.0, 1.0)
        );

        let abroad = Offer {
            country: Some("US"),
            rate: range(1, 2, "usd"),
            languages: &[],
            ..offer
        };
        let f = fit(0.85, brief, abroad);
        assert_eq!(
            (f.budget, f.location, f.language),
            (UNKNOWN_BUDGET_FIT, 0.0, 0.0)
        );
        assert_eq!(
            budget_relation(brief.budget, abroad.rate),
            BudgetRelation::Unknown
        );
    }

    #[test]
    fn an_open_brief_fits_anyone_on_location_and_language() {
        let brief = Brief {
            niches: &[],
            budget: None,
            countries: &[],
            languages: &[],
        };
        let offer = Offer {
            niches: &[],
            country: None,
            languages: &[],
            rate: None,
        };
        let f = fit(0.9, brief, offer);
        assert_eq!((f.niche, f.location, f.language), (1.0, 1.0, 1.0));
    }

    #[test]
    fn the_explanation_names_shared_niches_budget_and_languages() {
        let languages = vec!["hi".to_owned()];
        let brief = Brief {
            niches: &[Niche::Fitness, Niche::Food],
            budget: range(10_000, 50_000, "inr"),
            countries: &[],
            languages: &languages,
        };
        let offer = Offer {
            niches: &[Niche::Fitness, Niche::Travel],
            country: Some("IN"),
            languages: &languages,
            rate: range(20_000, 30_000, "inr"),
        };
        let b = score(
            fit(0.89, brief, offer),
            Calibration::E5_SMALL,
            Weights::DEFAULT,
        );
        assert_eq!(
            explain(&b, brief, offer),
            Explanation {
                band: Band::Strong,
                topic: Topic::Same,
                niches: Some(SharedNiches {
                    shared: vec![Niche::Fitness],
                    wanted: 2
                }),
                budget: BudgetRelation::Within,
                in_target_country: None,
                languages: Some(languages.clone()),
            }
        );
        let bare = Offer {
            niches: &[],
            rate: None,
            languages: &[],
            ..offer
        };
        let weak = score(
            fit(0.5, brief, bare),
            Calibration::E5_SMALL,
            Weights::DEFAULT,
        );
        let why = explain(&weak, brief, bare);
        assert_eq!((why.band, why.topic), (Band::Weak, Topic::Distant));
        assert_eq!(why.niches.unwrap().shared, []);
        assert_eq!(why.budget, BudgetRelation::Unknown);
        assert_eq!(why.languages, Some(vec![]));
        // Nothing is said about what the brief does not ask for.
        let open = Brief {
            niches: &[],
            countries: &[],
            languages: &[],
            ..brief
        };
        let why = explain(&b, open, offer);
        assert_eq!(
            (why.niches, why.in_target_country, why.languages),
            (None, None, None)
        );
    }

    proptest! {
        #[test]
        fn scores_are_bounded(cos in -1.0f32..1.0, n in 0.0f32..1.0, b in 0.0f32..1.0, l in 0.0f32..1.0, g in 0.0f32..1.0) {
            let s = score(Fit { cosine: cos, niche: n, budget: b, location: l, language: g }, Calibration::E5_SMALL, Weights::DEFAULT);
            prop_assert!(s.total <= 100 && s.semantic <= 100);
        }

        #[test]
        fn scores_never_fall_as_similarity_rises(a in -1.0f32..1.0, b in -1.0f32..1.0, n in 0.0f32..1.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let f = |cos| score(Fit { cosine: cos, niche: n, budget: 0.5, location: 0.0, language: 1.0 }, Calibration::E5_SMALL, Weights::DEFAULT).total;
            prop_assert!(f(lo) <= f(hi));
        }

        #[test]
        fn budget_fit_never_rises_as_the_creator_asks_more(max in 0u64..1_000_000, a in 0u64..2_000_000, b in 0u64..2_000_000) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(budget_fit(max, lo) >= budget_fit(max, hi));
        }
    }
}

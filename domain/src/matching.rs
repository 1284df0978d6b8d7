//! Match scores (seed 004, requirements 4.x): a documented, monotone mapping
//! from embedding similarity to 0–100, blended with niche, budget, location
//! and language fit, and broken down so every score explains itself.

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
    /// multilingual-e5-small, 4-bit, "query: " brief against "passage: "
    /// profile. Measured 2026-11-22: unrelated brief/bio pairs (fitness brief
    /// vs tech or travel bios, tech brief vs fitness bios) at 0.77–0.80,
    /// loosely related ones at 0.82–0.85, matching ones in any language
    /// (English, Hindi, Tamil bios for an English brief) at 0.86–0.90.
    /// `app/tests/local_embeddings.rs` checks this against the real model.
    pub const E5_SMALL: Calibration = Calibration {
        unrelated: 0.80,
        strong: 0.89,
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fit(cosine: f32) -> Fit {
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
        assert_eq!(c.semantic(0.80), 0.0);
        assert_eq!(c.semantic(0.89), 1.0);
        assert_eq!(c.semantic(0.99), 1.0);
        assert_eq!(c.semantic(f32::NAN), 0.0);
    }

    #[test]
    fn a_perfect_fit_scores_100_and_nothing_scores_0() {
        assert_eq!(
            score(fit(0.95), Calibration::E5_SMALL, Weights::DEFAULT).total,
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

//! Creator profile completeness (seed 004, requirement 2.6): a profile counts
//! as complete with a bio, at least one niche and at least three portfolio
//! samples.

use serde::{Deserialize, Serialize};

pub const MIN_PORTFOLIO_SAMPLES: usize = 3;

/// Something a profile still lacks, in the order the UI lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    Bio,
    Niche,
    PortfolioSamples { have: usize, need: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub complete: bool,
    /// 0–100, one third for each requirement (samples count pro rata).
    pub percent: u8,
    pub missing: Vec<Missing>,
}

pub fn completeness(bio: &str, niches: usize, portfolio_samples: usize) -> Completeness {
    let mut missing = Vec::new();
    let has_bio = !bio.trim().is_empty();
    if !has_bio {
        missing.push(Missing::Bio);
    }
    if niches == 0 {
        missing.push(Missing::Niche);
    }
    let samples = portfolio_samples.min(MIN_PORTFOLIO_SAMPLES);
    if samples < MIN_PORTFOLIO_SAMPLES {
        missing.push(Missing::PortfolioSamples {
            have: portfolio_samples,
            need: MIN_PORTFOLIO_SAMPLES,
        });
    }
    let parts = f32::from(u8::from(has_bio))
        + f32::from(u8::from(niches > 0))
        + samples as f32 / MIN_PORTFOLIO_SAMPLES as f32;
    Completeness {
        complete: missing.is_empty(),
        percent: (parts / 3.0 * 100.0).round() as u8,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bio_a_niche_and_three_samples_make_a_complete_profile() {
        let c = completeness("Fitness coach in Pune", 1, 3);
        assert_eq!((c.complete, c.percent, c.missing.len()), (true, 100, 0));
    }

    #[test]
    fn an_empty_profile_lists_everything_missing_in_order() {
        let c = completeness("   ", 0, 0);
        assert_eq!(c.percent, 0);
        assert_eq!(
            c.missing,
            [
                Missing::Bio,
                Missing::Niche,
                Missing::PortfolioSamples { have: 0, need: 3 }
            ]
        );
    }

    #[test]
    fn samples_count_pro_rata_and_extra_samples_do_not_overflow() {
        assert_eq!(completeness("bio", 1, 1).percent, 78);
        assert_eq!(completeness("bio", 1, 10).percent, 100);
        assert!(!completeness("bio", 1, 2).complete);
    }
}

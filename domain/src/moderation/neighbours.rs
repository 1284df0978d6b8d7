//! The embedding step's decision: a text is held back for a category when
//! its nearest labelled examples (by cosine similarity under the embedding
//! model) are mostly of that category and the nearest of them is close.
//! This catches threats and scams phrased without a listed word. It only
//! ever sends a text to review: a likeness is not proof.

use super::Category;

/// How close is close, for one model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Neighbours that vote.
    pub k: usize,
    /// The nearest example of the category must be at least this similar.
    pub min_similarity: f32,
    /// Of the `k` votes (weighted by similarity), at least this share.
    pub min_share: f32,
}

impl Calibration {
    /// multilingual-e5-small (4-bit), texts embedded as "query:"; chosen by
    /// leave-one-out on the labelled table (`server bench moderation
    /// --calibrate`): the most the step holds on its own (57 % of harmful
    /// rows) while the table's clean rows held stay under 2 % (1.6 %).
    pub const E5_SMALL: Calibration = Calibration {
        k: 7,
        min_similarity: 0.88,
        min_share: 0.6,
    };
}

/// The category `similarities` (each labelled example's label, `None` for
/// clean, and its similarity to the text) point to, with the nearest
/// example's similarity; `None` when the neighbours are clean or unsure.
pub fn decide(
    similarities: &[(Option<Category>, f32)],
    calibration: Calibration,
) -> Option<(Category, f32)> {
    let mut nearest: Vec<(Option<Category>, f32)> = similarities.to_vec();
    nearest.sort_by(|a, b| b.1.total_cmp(&a.1));
    nearest.truncate(calibration.k);
    let total: f32 = nearest.iter().map(|(_, s)| s.max(0.0)).sum();
    if total <= 0.0 {
        return None;
    }
    let mut best: Option<(Category, f32, f32)> = None; // category, share, nearest
    for (label, _) in &nearest {
        let Some(category) = label else { continue };
        let share: f32 = nearest
            .iter()
            .filter(|(l, _)| l == label)
            .map(|(_, s)| s.max(0.0))
            .sum::<f32>()
            / total;
        let closest = nearest
            .iter()
            .filter(|(l, _)| l == label)
            .map(|(_, s)| *s)
            .fold(f32::MIN, f32::max);
        if best.is_none_or(|(_, s, _)| share > s) {
            best = Some((*category, share, closest));
        }
    }
    best.filter(|(_, share, closest)| {
        *share >= calibration.min_share && *closest >= calibration.min_similarity
    })
    .map(|(category, _, closest)| (category, closest))
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Calibration = Calibration {
        k: 3,
        min_similarity: 0.9,
        min_share: 0.6,
    };

    #[test]
    fn close_neighbours_of_one_category_decide() {
        let s = [
            (Some(Category::Threat), 0.95),
            (Some(Category::Threat), 0.93),
            (None, 0.91),
            (None, 0.5),
        ];
        assert_eq!(decide(&s, C), Some((Category::Threat, 0.95)));
    }

    #[test]
    fn clean_or_split_or_distant_neighbours_do_not() {
        let clean = [(None, 0.97), (None, 0.96), (Some(Category::Scam), 0.95)];
        assert_eq!(decide(&clean, C), None);
        let split = [
            (Some(Category::Scam), 0.95),
            (Some(Category::Threat), 0.95),
            (None, 0.95),
        ];
        assert_eq!(decide(&split, C), None);
        let distant = [(Some(Category::Scam), 0.85); 3];
        assert_eq!(decide(&distant, C), None);
        assert_eq!(decide(&[], C), None);
    }
}

//! Labelled texts and how well the scanner reads them: the test table
//! (`labelled.tsv`), the held-out table (`tests/moderation_heldout.tsv`)
//! and `server bench moderation` all go through here.

use super::{scan, Category, Context, Status, Verdict};

/// A labelled text: `language<TAB>context<TAB>expected<TAB>text`, where
/// context is `L` (listing) or `C` (chat) and expected `clean` or a
/// category key.
#[derive(Debug, Clone)]
pub struct Labelled<'a> {
    pub language: &'a str,
    pub context: Context,
    /// `None` for clean text.
    pub expected: Option<Category>,
    pub text: &'a str,
}

/// The rows of a table; `#` lines are comments.
pub fn parse(table: &str) -> Result<Vec<Labelled<'_>>, String> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.splitn(4, '\t').collect();
            let [language, context, expected, text] = cols[..] else {
                return Err(format!("not four columns: {line}"));
            };
            Ok(Labelled {
                language,
                context: match context {
                    "L" => Context::Listing,
                    "C" => Context::Chat,
                    _ => return Err(format!("context {context}: {line}")),
                },
                expected: match expected {
                    "clean" => None,
                    key => Some(Category::from_key(key).ok_or(format!("category {key}: {line}"))?),
                },
                text,
            })
        })
        .collect()
}

/// One row the scanner read wrongly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// Harmful, let through.
    Missed,
    /// Severe in a listing and held for review, not refused.
    NotRefused,
    /// Harmful and held back, but not for its category.
    WrongCategory,
    /// Clean and held back.
    HeldClean,
}

/// Counts over a table, overall and per language and per expected label.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub harmful: usize,
    pub clean: usize,
    pub misses: Vec<(Miss, String, String)>,
}

impl Report {
    pub fn missed(&self) -> usize {
        self.count(&Miss::Missed)
    }

    pub fn held_clean(&self) -> usize {
        self.count(&Miss::HeldClean)
    }

    pub fn not_refused(&self) -> usize {
        self.count(&Miss::NotRefused)
    }

    pub fn wrong_category(&self) -> usize {
        self.count(&Miss::WrongCategory)
    }

    fn count(&self, miss: &Miss) -> usize {
        self.misses.iter().filter(|(m, _, _)| m == miss).count()
    }

    /// Harmful texts held back (refused or sent to review), of all harmful.
    pub fn recall(&self) -> f64 {
        ratio(self.harmful - self.missed(), self.harmful)
    }

    /// Clean texts held back, of all clean.
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.held_clean(), self.clean)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// How the offline scanner reads `rows`.
pub fn evaluate(rows: &[Labelled<'_>]) -> Report {
    let verdicts: Vec<Verdict> = rows.iter().map(|r| scan(r.text, r.context)).collect();
    grade(rows, &verdicts)
}

/// How `verdicts` (one per row, in order) read `rows`.
pub fn grade(rows: &[Labelled<'_>], verdicts: &[Verdict]) -> Report {
    let mut report = Report::default();
    for (row, verdict) in rows.iter().zip(verdicts) {
        let note = |miss: Miss| {
            (
                miss,
                row.language.to_owned(),
                format!("{:?} → {:?}: {}", row.expected, verdict.reasons, row.text),
            )
        };
        match row.expected {
            Some(category) => {
                report.harmful += 1;
                let severe_listing = row.context == Context::Listing && category.is_severe();
                if verdict.status == Status::Approved {
                    report.misses.push(note(Miss::Missed));
                } else if !verdict.reasons.iter().any(|r| r.category == category) {
                    report.misses.push(note(Miss::WrongCategory));
                } else if severe_listing && verdict.status != Status::Rejected {
                    report.misses.push(note(Miss::NotRefused));
                }
            }
            None => {
                report.clean += 1;
                if verdict.status != Status::Approved {
                    report.misses.push(note(Miss::HeldClean));
                }
            }
        }
    }
    report
}

//! Trust and safety (seed 004, requirement 17): what the scanner decides
//! about a text, the life of a moderation case, and when an account's
//! flags put it under review.
//!
//! The scanner is offline and pure: the text is normalised (disguises
//! removed, see [`normalise`]), matched against word lists per language and
//! script ([`lexicon`], the lists under `lexicon/`) and read for shapes such
//! as phone numbers and UPI ids ([`patterns`]). The server may add what the
//! embedding model finds; the categories and their weight are decided here.

pub mod case;
pub mod flags;
pub mod lexicon;
pub mod neighbours;
pub mod normalise;
pub mod patterns;
pub mod queue;
pub mod report;
pub mod table;

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Reads an enum from its key with the `String` reader every page already
/// has, instead of a derived visitor per enum (bytes in the WASM chunks).
macro_rules! from_key_string {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = String::deserialize(d)?;
                <$t>::from_key(&key).ok_or_else(|| serde::de::Error::custom("an unknown key"))
            }
        }
    )*};
}
from_key_string!(
    Category,
    Source,
    Status,
    report::ReportReason,
    report::AccountStatus
);

/// Why a text is held back. The keys are a public contract (REST
/// `moderation.reasons[].category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Explicit sexual content.
    Sexual,
    /// Slurs and severe abuse.
    Abuse,
    /// Threats of violence.
    Threat,
    /// Fees to apply, money doubling, fake jobs.
    Scam,
    /// Selling followers, likes or views.
    FollowerSelling,
    /// Taking contact off the platform: phone numbers, e-mail, messaging apps.
    OffPlatform,
    /// Taking payment off the platform: UPI ids, payment apps, "pay me directly".
    OffPlatformPayment,
    /// Excluding people by religion, caste or skin colour.
    Discrimination,
    /// Milder swearing and other borderline words.
    Profanity,
    /// Pretending to be someone else (reports only).
    Impersonation,
    /// Anything else a reporter names (reports only).
    Other,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::Sexual,
        Category::Abuse,
        Category::Threat,
        Category::Scam,
        Category::FollowerSelling,
        Category::OffPlatform,
        Category::OffPlatformPayment,
        Category::Discrimination,
        Category::Profanity,
        Category::Impersonation,
        Category::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Sexual => "sexual",
            Category::Abuse => "abuse",
            Category::Threat => "threat",
            Category::Scam => "scam",
            Category::FollowerSelling => "follower_selling",
            Category::OffPlatform => "off_platform",
            Category::OffPlatformPayment => "off_platform_payment",
            Category::Discrimination => "discrimination",
            Category::Profanity => "profanity",
            Category::Impersonation => "impersonation",
            Category::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Severe content is refused outright; the rest waits for a person.
    pub fn is_severe(self) -> bool {
        matches!(self, Category::Sexual | Category::Abuse | Category::Threat)
    }
}

/// Where a reason came from. Keys are public (`reasons[].source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The word lists.
    Lexicon,
    /// Phone numbers, addresses, links.
    Pattern,
    /// Likeness to labelled examples under the embedding model.
    Embedding,
    /// Another user's report.
    Report,
    /// An outside moderation model (`MODERATION_PROVIDER=openai`).
    Model,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Lexicon => "lexicon",
            Source::Pattern => "pattern",
            Source::Embedding => "embedding",
            Source::Report => "report",
            Source::Model => "model",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            Source::Lexicon,
            Source::Pattern,
            Source::Embedding,
            Source::Report,
            Source::Model,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Whether a finding from here may refuse a text at save. Only the
    /// shipped lists and patterns do, so that every refusal names a listed
    /// term or rule; what a model finds (likeness or an outside model)
    /// waits for a person.
    pub fn may_refuse(self) -> bool {
        matches!(self, Source::Lexicon | Source::Pattern)
    }
}

/// The category an outside moderation model's category stands for
/// (OpenAI's names and their `/…` refinements); `None` for names this
/// product does not act on.
pub fn model_category(name: &str) -> Option<Category> {
    let (family, refinement) = name.split_once('/').unwrap_or((name, ""));
    match (family, refinement) {
        ("sexual", _) => Some(Category::Sexual),
        ("hate" | "harassment", "threatening") | ("violence", _) | ("illicit", "violent") => {
            Some(Category::Threat)
        }
        ("hate", _) => Some(Category::Discrimination),
        ("harassment", _) => Some(Category::Abuse),
        ("illicit", _) => Some(Category::Scam),
        ("self-harm", _) => Some(Category::Other),
        _ => None,
    }
}

/// One reason a text is held back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub category: Category,
    pub source: Source,
    /// What matched (a list's term or a rule's name), for moderators.
    pub evidence: String,
}

/// An item's standing. Keys are public (`moderation.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Published.
    Approved,
    /// Kept and shown only to its author until a moderator decides.
    PendingReview,
    /// Refused at save; never stored.
    Rejected,
    /// Taken down by a moderator; its author still sees it.
    Removed,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::PendingReview => "pending_review",
            Status::Rejected => "rejected",
            Status::Removed => "removed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            Status::Approved,
            Status::PendingReview,
            Status::Rejected,
            Status::Removed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Whether people other than the author see the item.
    pub fn is_public(self) -> bool {
        self == Status::Approved
    }
}

/// Why an item is held, as its author and REST clients see it (no
/// evidence: that is for moderators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    pub category: Category,
    pub source: Source,
}

/// An item's moderation as REST shows it: `moderation: {status, reasons}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub status: Status,
    pub reasons: Vec<Cause>,
}

impl Standing {
    pub fn approved() -> Self {
        Self {
            status: Status::Approved,
            reasons: Vec::new(),
        }
    }

    /// The standing stored as `status` and `reasons` (the stored reasons
    /// carry evidence; unreadable ones are skipped).
    pub fn from_stored(status: &str, reasons: &[Reason]) -> Self {
        let mut causes: Vec<Cause> = Vec::new();
        for r in reasons {
            let cause = Cause {
                category: r.category,
                source: r.source,
            };
            if !causes.contains(&cause) {
                causes.push(cause);
            }
        }
        Self {
            status: Status::from_key(status).unwrap_or(Status::PendingReview),
            reasons: causes,
        }
    }
}

/// What kind of text is scanned: listings (requests, profiles, portfolio
/// items, names, deal terms) are published, so severe content is refused
/// and anything doubtful waits; chat messages are private and always sent,
/// and only scams, off-platform payment and threats in them are flagged.
/// A display name is shown beside everything its account does and cannot
/// wait hidden for a moderator, so whatever the lists or patterns find in
/// it refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Listing,
    Chat,
    Name,
}

/// The scanner's decision on one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    pub fn approved() -> Self {
        Self {
            status: Status::Approved,
            reasons: Vec::new(),
        }
    }

    /// The verdict for `reasons` found in a text of `context`. Only what
    /// the lists and patterns find refuses a listing; a likeness found by
    /// the embedding step sends it to review.
    pub fn from_reasons(context: Context, reasons: Vec<Reason>) -> Self {
        let reasons: Vec<Reason> = match context {
            Context::Listing | Context::Name => reasons,
            Context::Chat => reasons
                .into_iter()
                .filter(|r| {
                    matches!(
                        r.category,
                        Category::Scam
                            | Category::FollowerSelling
                            | Category::OffPlatformPayment
                            | Category::Threat
                    )
                })
                .collect(),
        };
        // Only what the lists and patterns find refuses: a name for
        // anything, a listing for severe content.
        let refuses = |r: &Reason| {
            r.source.may_refuse()
                && match context {
                    Context::Name => true,
                    Context::Listing => r.category.is_severe(),
                    Context::Chat => false,
                }
        };
        let status = if reasons.is_empty() {
            Status::Approved
        } else if reasons.iter().any(refuses) {
            Status::Rejected
        } else {
            Status::PendingReview
        };
        Self { status, reasons }
    }

    /// The category a refusal names first (the most severe).
    pub fn main_category(&self) -> Option<Category> {
        self.reasons.iter().map(|r| r.category).min()
    }

    /// What a refused text is refused for: the most severe category the
    /// lists or patterns found (a likeness never refuses). `None` unless
    /// the verdict is a refusal.
    pub fn refused_for(&self) -> Option<Category> {
        if self.status != Status::Rejected {
            return None;
        }
        self.reasons
            .iter()
            .filter(|r| r.source.may_refuse())
            .map(|r| r.category)
            .min()
    }
}

/// The word lists shipped with the product, one file per language (each
/// with its script and its romanised forms).
pub const LISTS: [(&str, &str); 6] = [
    ("en", include_str!("lexicon/en.txt")),
    ("hi", include_str!("lexicon/hi.txt")),
    ("ta", include_str!("lexicon/ta.txt")),
    ("te", include_str!("lexicon/te.txt")),
    ("bn", include_str!("lexicon/bn.txt")),
    ("mr", include_str!("lexicon/mr.txt")),
];

/// The labelled table (see `table`), also the embedding step's examples.
pub const LABELLED: &str = include_str!("labelled.tsv");

fn shipped() -> &'static lexicon::Lexicon {
    static LEXICON: OnceLock<lexicon::Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let lists: Vec<&str> = LISTS.iter().map(|(_, list)| *list).collect();
        lexicon::Lexicon::parse(&lists).expect("the shipped word lists parse (tested)")
    })
}

/// What the word lists and patterns find in `text`.
pub fn reasons(text: &str) -> Vec<Reason> {
    let light = normalise::light(text);
    let mut reasons: Vec<Reason> = shipped()
        .find(text)
        .into_iter()
        .map(|hit| Reason {
            category: hit.category,
            source: Source::Lexicon,
            evidence: hit.term,
        })
        .collect();
    reasons.extend(patterns::find(&light).into_iter().map(|shape| Reason {
        category: shape.category,
        source: Source::Pattern,
        evidence: shape.rule.to_owned(),
    }));
    reasons
}

/// The offline scanner: word lists and patterns, no model.
pub fn scan(text: &str, context: Context) -> Verdict {
    Verdict::from_reasons(context, reasons(text))
}

#[cfg(test)]
mod tests;

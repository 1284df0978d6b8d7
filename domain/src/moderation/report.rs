//! A user's report of something they saw (requirement 17): what is
//! reported, why, and the account standing that three flags lead to.

use super::Category;
use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a user reports something. Keys are public (`POST /api/v1/reports
/// {reason}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    SpamOrScam,
    Abusive,
    Sexual,
    Hateful,
    Impersonation,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] = [
        ReportReason::SpamOrScam,
        ReportReason::Abusive,
        ReportReason::Sexual,
        ReportReason::Hateful,
        ReportReason::Impersonation,
        ReportReason::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportReason::SpamOrScam => "spam_or_scam",
            ReportReason::Abusive => "abusive",
            ReportReason::Sexual => "sexual",
            ReportReason::Hateful => "hateful",
            ReportReason::Impersonation => "impersonation",
            ReportReason::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The queue's category for a report with this reason.
    pub fn category(self) -> Category {
        match self {
            ReportReason::SpamOrScam => Category::Scam,
            ReportReason::Abusive => Category::Abuse,
            ReportReason::Sexual => Category::Sexual,
            ReportReason::Hateful => Category::Discrimination,
            ReportReason::Impersonation => Category::Impersonation,
            ReportReason::Other => Category::Other,
        }
    }
}

/// What a report (or a case) is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Request(Uuid),
    /// A creator's profile, by the creator's user id.
    Profile(Uuid),
    PortfolioItem(Uuid),
    /// A chat message, by its number.
    Message(i64),
    Account(Uuid),
    Deal(Uuid),
}

impl Target {
    /// The kinds a user may report (a deal's terms reach a moderator through
    /// the scanner or a report of the chat).
    pub const REPORTABLE: [&'static str; 5] =
        ["request", "profile", "portfolio_item", "message", "account"];

    /// `target_type`: a public key.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Request(_) => "request",
            Target::Profile(_) => "profile",
            Target::PortfolioItem(_) => "portfolio_item",
            Target::Message(_) => "message",
            Target::Account(_) => "account",
            Target::Deal(_) => "deal",
        }
    }

    /// `target_id` as stored: a uuid, or a message's number.
    pub fn id(self) -> String {
        match self {
            Target::Request(id)
            | Target::Profile(id)
            | Target::PortfolioItem(id)
            | Target::Account(id)
            | Target::Deal(id) => id.to_string(),
            Target::Message(n) => n.to_string(),
        }
    }

    /// The target named by a stored or submitted kind and id.
    pub fn parse(kind: &str, id: &str) -> Result<Self, FieldError> {
        let id = id.trim();
        let bad_id = || FieldError::new("target_id", "id_invalid", "This is not a valid id.");
        let uuid = || Uuid::parse_str(id).map_err(|_| bad_id());
        Ok(match kind.trim() {
            "request" => Target::Request(uuid()?),
            "profile" => Target::Profile(uuid()?),
            "portfolio_item" => Target::PortfolioItem(uuid()?),
            "account" => Target::Account(uuid()?),
            "deal" => Target::Deal(uuid()?),
            "message" => Target::Message(id.parse().ok().filter(|n| *n > 0).ok_or_else(bad_id)?),
            _ => return Err(Self::unknown_kind()),
        })
    }

    fn unknown_kind() -> FieldError {
        let choices = Self::REPORTABLE.join(", ");
        FieldError::new(
            "target_type",
            "not_allowed",
            format!("Choose one of: {choices}."),
        )
        .with("choices", choices)
    }
}

/// A message's number or a uuid, as JSON gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IdForm {
    Number(i64),
    Text(String),
}

impl Default for IdForm {
    fn default() -> Self {
        IdForm::Text(String::new())
    }
}

impl IdForm {
    fn text(&self) -> String {
        match self {
            IdForm::Number(n) => n.to_string(),
            IdForm::Text(t) => t.clone(),
        }
    }
}

/// `POST /api/v1/reports` as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportForm {
    /// `request`, `profile`, `portfolio_item`, `message` or `account`.
    #[serde(default)]
    pub target_type: String,
    /// The item's id: a uuid, or a chat message's number.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub target_id: IdForm,
    /// `spam_or_scam`, `abusive`, `sexual`, `hateful`, `impersonation` or `other`.
    #[serde(default)]
    pub reason: String,
    /// Up to 1 000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// A report ready to file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub target: Target,
    pub reason: ReportReason,
    pub note: Option<BoundedText>,
}

pub const NOTE_MAX: usize = 1000;

impl ReportForm {
    /// Every failure at once, in form order.
    pub fn parse(&self) -> Result<Report, Vec<FieldError>> {
        let kind = self.target_type.trim();
        let target = if Target::REPORTABLE.contains(&kind) {
            Target::parse(kind, &self.target_id.text())
        } else {
            Err(Target::unknown_kind())
        };
        let reason = ReportReason::from_key(self.reason.trim()).ok_or_else(|| {
            let keys: Vec<&str> = ReportReason::ALL.iter().map(|r| r.key()).collect();
            if self.reason.trim().is_empty() {
                FieldError::new("reason", "required", "This field is required.")
            } else {
                FieldError::new(
                    "reason",
                    "not_allowed",
                    format!("Choose one of: {}.", keys.join(", ")),
                )
                .with("choices", keys.join(", "))
            }
        });
        let note = match self.note.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => BoundedText::parse(text, "note", 0, NOTE_MAX).map(Some),
        };
        match (target, reason, note) {
            (Ok(target), Ok(reason), Ok(note)) => Ok(Report {
                target,
                reason,
                note,
            }),
            (target, reason, note) => Err([target.err(), reason.err(), note.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// An account's standing (`users.status`): under review after three flags
/// (or suspended by a moderator), it may sign in and read but not publish,
/// express interest, accept or send messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    #[default]
    Active,
    /// Put under review by three flags; an admin decides.
    PendingReview,
    /// Suspended by an admin.
    Suspended,
}

impl AccountStatus {
    pub fn key(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::PendingReview => "pending_review",
            AccountStatus::Suspended => "suspended",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            AccountStatus::Active,
            AccountStatus::PendingReview,
            AccountStatus::Suspended,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Whether the account may publish, express interest, accept and send.
    pub fn may_act(self) -> bool {
        self == AccountStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, id: IdForm, reason: &str, note: Option<&str>) -> ReportForm {
        ReportForm {
            target_type: kind.into(),
            target_id: id,
            reason: reason.into(),
            note: note.map(Into::into),
        }
    }

    #[test]
    fn a_report_names_its_target_reason_and_note() {
        let id = Uuid::from_u128(7);
        let report = form(
            "request",
            IdForm::Text(id.to_string()),
            "spam_or_scam",
            Some("  fee to apply  "),
        )
        .parse()
        .unwrap();
        assert_eq!(report.target, Target::Request(id));
        assert_eq!(report.reason.category(), Category::Scam);
        assert_eq!(report.note.unwrap().as_str(), "fee to apply");
        let message = form("message", IdForm::Number(42), "abusive", None)
            .parse()
            .unwrap();
        assert_eq!(message.target, Target::Message(42));
        assert_eq!(message.target.id(), "42");
        let text_number = form("message", IdForm::Text("42".into()), "other", Some(""))
            .parse()
            .unwrap();
        assert_eq!(text_number.target, Target::Message(42));
        assert_eq!(text_number.note, None);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let fields = |f: ReportForm| -> Vec<(String, String)> {
            f.parse()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.reason))
                .collect()
        };
        let note = "x".repeat(NOTE_MAX + 1);
        assert_eq!(
            fields(form("deal", IdForm::Text("1".into()), "rude", Some(&note))),
            [
                ("target_type", "not_allowed"),
                ("reason", "not_allowed"),
                ("note", "too_long")
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        for id in [
            IdForm::Number(-1),
            IdForm::Text("12; DROP".into()),
            IdForm::Text(String::new()),
        ] {
            assert_eq!(
                fields(form("message", id, "", None)),
                [("target_id", "id_invalid"), ("reason", "required")]
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
            );
        }
        assert_eq!(
            fields(form(
                "account",
                IdForm::Text("not-a-uuid".into()),
                "other",
                Some("a\u{0}b")
            )),
            [("target_id", "id_invalid"), ("note", "invalid_characters")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn keys_round_trip() {
        for r in ReportReason::ALL {
            assert_eq!(ReportReason::from_key(r.key()), Some(r));
        }
        for s in [
            AccountStatus::Active,
            AccountStatus::PendingReview,
            AccountStatus::Suspended,
        ] {
            assert_eq!(AccountStatus::from_key(s.key()), Some(s));
        }
        assert!(AccountStatus::Active.may_act());
        assert!(!AccountStatus::PendingReview.may_act());
        for kind in Target::REPORTABLE {
            let id = if kind == "message" {
                "5".to_owned()
            } else {
                Uuid::nil().to_string()
            };
            assert_eq!(Target::parse(kind, &id).unwrap().kind(), kind);
        }
    }
}

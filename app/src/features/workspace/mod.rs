//! The deal workspace after the handshake (issue 17): the contract both
//! sides accept, and later the script, deliverables and payments. The
//! types the pages, the server functions and the REST API share.

pub mod api;
mod deliverables;
mod page;

pub use page::DealWorkspacePage;

use domain::contract::ContractDetailsForm;
use domain::contract_text::{DiffLine, Document};
use domain::FieldError;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A confirmed deal's workspace (`GET /api/v1/deals/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Workspace {
    pub deal: crate::features::collab::Deal,
    /// `null` until either side generates it.
    pub contract: Option<Contract>,
}

/// A deal's contract as one of its parties sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: Uuid,
    pub deal_id: Uuid,
    /// `open` (versions may change; acceptances are being collected) or
    /// `final` (both sides accepted `final_version`).
    pub status: String,
    pub latest_version: i32,
    pub final_version: Option<i32>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub finalized_at: Option<OffsetDateTime>,
    /// Whether each side accepted the latest version.
    pub brand_accepted: bool,
    pub creator_accepted: bool,
    /// What the caller may do now: `revise`, `accept`, `download_pdf`.
    pub allowed_actions: Vec<String>,
    /// SHA-256 of the final PDF, hex, once it is made.
    pub pdf_sha256: Option<String>,
    /// The latest version, whole.
    pub latest: ContractVersion,
    /// Every version, oldest first.
    pub versions: Vec<VersionSummary>,
}

/// One version, whole: the details it was made from, its documents
/// (English, the reference, first; then the creator's language), and the
/// fingerprint of its exact text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractVersion {
    pub version: i32,
    pub details: ContractDetailsForm,
    pub documents: Vec<Document>,
    /// The exact text each side accepts (English, then the translation).
    pub text: String,
    /// SHA-256 of `text`, hex.
    pub sha256: String,
    pub proposed_by: Uuid,
    pub proposed_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// What changed from the version before (none for version 1).
    pub diff: Option<Vec<DiffLine>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionSummary {
    pub version: i32,
    pub sha256: String,
    pub proposed_by: Uuid,
    pub proposed_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Who accepted this version, and the names they typed.
    pub acceptances: Vec<Acceptance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Acceptance {
    /// `brand` or `creator`.
    pub party: String,
    pub full_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub accepted_at: OffsetDateTime,
}

/// A payment of a final contract's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: Uuid,
    pub deal_id: Uuid,
    /// 1, 2, … in the schedule's order.
    pub position: i32,
    pub label: String,
    /// Whole units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// `scheduled`, `due`, `marked_paid`, `completed`, `disputed`, `resolved`.
    pub status: String,
    /// Days an unpaid milestone is past its date, in the caller's day.
    pub days_late: Option<u32>,
    /// The payment's UPI / NEFT / IMPS reference, once recorded.
    pub reference: Option<String>,
    pub paid_on: Option<String>,
    /// The dispute's reason, then the settlement's note.
    pub note: Option<String>,
    /// What the caller may do now: `mark_paid`, `confirm`, `dispute`, `resolve`.
    pub allowed_events: Vec<String>,
}

/// What a party does to a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum MilestoneAction {
    MarkPaid { reference: String, paid_on: String },
    Confirm,
    Dispute { reason: String },
    Resolve { note: String },
}

/// An action's parts once checked: what it records on the milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAction {
    pub event: domain::payment::MilestoneEvent,
    pub reference: Option<String>,
    pub paid_on: Option<time::Date>,
    pub note: Option<String>,
}

impl MilestoneAction {
    /// The action's parts, or every field that is wrong; `today` is the
    /// reader's day (a payment is not recorded for a day to come). The page
    /// checks before sending; the service checks again.
    pub fn check(&self, today: time::Date) -> Result<CheckedAction, Vec<FieldError>> {
        use domain::payment::MilestoneEvent;
        let words = |raw: &str, field: &str, max: usize| {
            domain::text::single_line(raw, field)
                .and_then(|_| domain::text::BoundedText::parse(raw, field, 1, max))
                .map(|t| t.as_str().to_owned())
        };
        let prose = |raw: &str, field: &str| {
            domain::text::BoundedText::parse(raw, field, 1, 1000).map(|t| t.as_str().to_owned())
        };
        let bare = |event| CheckedAction {
            event,
            reference: None,
            paid_on: None,
            note: None,
        };
        match self {
            MilestoneAction::MarkPaid { reference, paid_on } => {
                let reference = words(reference, "reference", 64);
                let paid = match domain::format::parse_iso_day(paid_on) {
                    Some(day) if day > today => Err(FieldError::new(
                        "paid_on",
                        "in_the_future",
                        "A payment cannot be recorded for a day that has not come.",
                    )),
                    Some(day) => Ok(day),
                    None => Err(FieldError::new(
                        "paid_on",
                        "date_invalid",
                        "Write the date as YYYY-MM-DD.",
                    )),
                };
                match (reference, paid) {
                    (Ok(reference), Ok(paid)) => Ok(CheckedAction {
                        reference: Some(reference),
                        paid_on: Some(paid),
                        ..bare(MilestoneEvent::MarkPaid)
                    }),
                    (r, p) => Err(r.err().into_iter().chain(p.err()).collect()),
                }
            }
            MilestoneAction::Confirm => Ok(bare(MilestoneEvent::Confirm)),
            MilestoneAction::Dispute { reason } => Ok(CheckedAction {
                note: Some(prose(reason, "reason").map_err(|e| vec![e])?),
                ..bare(MilestoneEvent::Dispute)
            }),
            MilestoneAction::Resolve { note } => Ok(CheckedAction {
                note: Some(prose(note, "note").map_err(|e| vec![e])?),
                ..bare(MilestoneEvent::Resolve)
            }),
        }
    }
}

/// `POST /api/v1/contracts/{id}/accept`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AcceptForm {
    /// The version read; 409 when it is no longer the latest.
    pub version: Option<i32>,
    /// Typed by the person accepting.
    pub full_name: String,
    /// Must be `true`.
    pub consent: bool,
}

impl AcceptForm {
    /// The version and the typed name, or every missing part (the page
    /// checks before sending; the service checks again).
    pub fn check(&self) -> Result<(i32, &str), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match domain::text::single_line(&self.full_name, "full_name") {
            Ok(name) if (2..=120).contains(&name.chars().count()) => Some(name),
            Ok(_) => {
                errors.push(FieldError::new(
                    "full_name",
                    "required",
                    "Type your full name to accept.",
                ));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if !self.consent {
            errors.push(FieldError::new(
                "consent",
                "required",
                "Tick the box to confirm that you accept this contract.",
            ));
        }
        if self.version.is_none() {
            errors.push(FieldError::new(
                "version",
                "required",
                "Name the version you read.",
            ));
        }
        match (self.version, name) {
            (Some(version), Some(name)) if errors.is_empty() => Ok((version, name)),
            _ => Err(errors),
        }
    }
}

/// One line of a final contract's deliverables table, with its drafts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Deliverable {
    pub id: Uuid,
    pub deal_id: Uuid,
    /// 1, 2, … in the contract's order.
    pub position: i32,
    /// `instagram`, `youtube`, … (the contract's platforms).
    pub platform: String,
    pub format: String,
    pub quantity: i32,
    /// The post's date, `YYYY-MM-DD`.
    pub due_on: String,
    /// When the first draft reaches the brand, `YYYY-MM-DD`.
    pub draft_due_on: String,
    /// `pending`, `in_review`, `changes_requested`, `approved`, `live`.
    pub status: String,
    pub rounds_agreed: i32,
    /// Changes asked for so far.
    pub rounds_used: i32,
    pub live_url: Option<String>,
    /// What the caller may do now: `submit_draft`, `submit_live`, `review`.
    pub allowed_actions: Vec<String>,
    /// Every draft and the live link, oldest first.
    pub submissions: Vec<Submission>,
}

/// A draft (a link or a file) or the live post's link, and the brand's
/// decision on a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Submission {
    pub id: Uuid,
    pub deliverable_id: Uuid,
    /// `draft` or `live`.
    pub kind: String,
    pub url: Option<String>,
    /// The uploaded file's type (`video/mp4`, …); fetch it from
    /// `GET /api/v1/submissions/{id}/file`.
    pub file_type: Option<String>,
    pub file_bytes: Option<i64>,
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub submitted_at: OffsetDateTime,
    /// `approve` or `request_changes`, once the brand answered.
    pub decision: Option<String>,
    pub review_note: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = DateTime))]
    pub reviewed_at: Option<OffsetDateTime>,
}

//! A deliverable of a deal (issue 17): the creator submits a draft, the
//! brand approves it or asks for changes within the revision rounds the
//! contract agreed, and the creator then gives the live post's link.

use crate::deal::Party;
use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliverableStatus {
    /// Nothing submitted yet.
    Pending,
    /// A draft waits for the brand's review.
    InReview,
    /// The brand asked for changes; the creator sends a new draft.
    ChangesRequested,
    /// The brand approved the draft; the creator posts it.
    Approved,
    /// Posted; the link is recorded.
    Live,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliverableEvent {
    SubmitDraft,
    RequestChanges,
    Approve,
    SubmitLive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeliverableError {
    #[error("Only the creator submits drafts and live links.")]
    CreatorSubmits,
    #[error("Only the brand reviews a draft.")]
    BrandReviews,
    #[error("All {agreed} revision rounds agreed in the contract are used; approve this draft or agree more rounds in a new contract version.")]
    RoundsUsed { agreed: u8 },
    #[error("This deliverable cannot do that now.")]
    NotNow,
}

use DeliverableEvent::*;
use DeliverableStatus::*;

/// Every allowed move: from, event, who, to.
pub const TRANSITIONS: &[(
    DeliverableStatus,
    DeliverableEvent,
    Party,
    DeliverableStatus,
)] = &[
    (Pending, SubmitDraft, Party::Creator, InReview),
    (ChangesRequested, SubmitDraft, Party::Creator, InReview),
    (InReview, RequestChanges, Party::Brand, ChangesRequested),
    (InReview, Approve, Party::Brand, Approved),
    (Approved, SubmitLive, Party::Creator, Live),
];

impl DeliverableStatus {
    pub const ALL: [DeliverableStatus; 5] = [Pending, InReview, ChangesRequested, Approved, Live];

    pub fn key(self) -> &'static str {
        match self {
            Pending => "pending",
            InReview => "in_review",
            ChangesRequested => "changes_requested",
            Approved => "approved",
            Live => "live",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The state after `party` does `event`, having asked for changes
    /// `rounds_used` times out of `rounds_agreed`.
    pub fn apply(
        self,
        event: DeliverableEvent,
        party: Party,
        rounds_used: u8,
        rounds_agreed: u8,
    ) -> Result<Self, DeliverableError> {
        let Some((.., to)) = TRANSITIONS
            .iter()
            .find(|(from, e, who, _)| *from == self && *e == event && *who == party)
        else {
            let someone = TRANSITIONS
                .iter()
                .find(|(from, e, ..)| *from == self && *e == event);
            return Err(match someone {
                Some((_, _, Party::Creator, _)) => DeliverableError::CreatorSubmits,
                Some((_, _, Party::Brand, _)) => DeliverableError::BrandReviews,
                None => DeliverableError::NotNow,
            });
        };
        if event == RequestChanges && rounds_used >= rounds_agreed {
            return Err(DeliverableError::RoundsUsed {
                agreed: rounds_agreed,
            });
        }
        Ok(*to)
    }

    /// Whose move it is, if anyone's: the task list shows it to them.
    pub fn waiting_for(self) -> Option<Party> {
        match self {
            Pending | ChangesRequested | Approved => Some(Party::Creator),
            InReview => Some(Party::Brand),
            Live => None,
        }
    }
}

/// "Instagram · Reel × 2": a deliverable as the workspace and the notices
/// name it, the same in every language (`platform` is its key).
pub fn label(platform: &str, format: &str, quantity: i32) -> String {
    let platform = crate::contract::Platform::parse(platform, "platform")
        .map(|p| p.name())
        .unwrap_or("—");
    match quantity {
        1 => format!("{platform} · {format}"),
        n => format!("{platform} · {format} × {n}"),
    }
}

/// What a submission is: a draft for review, or the live post's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    Draft,
    Live,
}

impl SubmissionKind {
    pub fn key(self) -> &'static str {
        match self {
            SubmissionKind::Draft => "draft",
            SubmissionKind::Live => "live",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [SubmissionKind::Draft, SubmissionKind::Live]
            .into_iter()
            .find(|k| k.key() == key)
    }

    pub fn event(self) -> DeliverableEvent {
        match self {
            SubmissionKind::Draft => SubmitDraft,
            SubmissionKind::Live => SubmitLive,
        }
    }
}

impl DeliverableStatus {
    /// What the creator's next submission is from this state, if any.
    pub fn next_submission(self) -> Option<SubmissionKind> {
        match self {
            Pending | ChangesRequested => Some(SubmissionKind::Draft),
            Approved => Some(SubmissionKind::Live),
            InReview | Live => None,
        }
    }
}

/// The largest draft file: a short cut, a set of images or a PDF. Longer
/// videos go as a link (Drive, an unlisted YouTube video).
pub const MAX_DRAFT_BYTES: usize = 20 * 1024 * 1024;

/// What is said of a larger file (the page says it before sending).
pub const TOO_LARGE: &str = "A draft file can be at most 20 MB; send a longer video as a link.";

pub fn too_large() -> FieldError {
    FieldError::new("file", "too_large", TOO_LARGE)
        .with("max", format!("{} MB", MAX_DRAFT_BYTES / (1024 * 1024)))
}

/// A draft file type we store and hand back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftFile {
    Image(crate::portfolio::ImageType),
    Pdf,
    Mp4,
    Mov,
    Webm,
}

impl DraftFile {
    pub fn content_type(self) -> &'static str {
        match self {
            DraftFile::Image(i) => i.content_type(),
            DraftFile::Pdf => "application/pdf",
            DraftFile::Mp4 => "video/mp4",
            DraftFile::Mov => "video/quicktime",
            DraftFile::Webm => "video/webm",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DraftFile::Image(i) => i.extension(),
            DraftFile::Pdf => "pdf",
            DraftFile::Mp4 => "mp4",
            DraftFile::Mov => "mov",
            DraftFile::Webm => "webm",
        }
    }

    /// Recognises a file by its first bytes, never by its name.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if let Some(image) = crate::portfolio::ImageType::sniff(bytes) {
            return Some(DraftFile::Image(image));
        }
        match bytes {
            [b'%', b'P', b'D', b'F', b'-', ..] => Some(DraftFile::Pdf),
            [0x1A, 0x45, 0xDF, 0xA3, ..] => Some(DraftFile::Webm),
            [_, _, _, _, b'f', b't', b'y', b'p', b'q', b't', ..] => Some(DraftFile::Mov),
            [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some(DraftFile::Mp4),
            _ => None,
        }
    }

    /// Checks an uploaded draft: not empty, not too large, a known type.
    pub fn check(bytes: &[u8]) -> Result<Self, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new(
                "file",
                "required",
                "Choose a file to upload.",
            ));
        }
        if bytes.len() > MAX_DRAFT_BYTES {
            return Err(too_large());
        }
        Self::sniff(bytes).ok_or_else(|| {
            FieldError::new(
                "file",
                "file_type_unsupported",
                "Upload an image (PNG, JPEG, WebP, GIF), a video (MP4, MOV, WebM) or a PDF.",
            )
        })
    }
}

/// A submission as a client sends it (`POST /api/v1/deliverables/{id}/
/// submissions`): a link, and a note for the brand. A draft's file comes
/// as a multipart part beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SubmissionForm {
    /// `https://…`: the draft (Drive, an unlisted video) or the live post.
    pub url: String,
    /// Optional, at most 1 000 characters.
    pub note: String,
}

/// A submission once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionInput {
    pub url: Option<String>,
    pub note: Option<BoundedText>,
}

impl SubmissionForm {
    /// Every failure at once, for a submission of `kind`; `has_file` says
    /// whether a file came with it (checked on its own by [`DraftFile`]).
    /// A draft is a link or a file; the live post is always its link.
    pub fn parse(
        &self,
        kind: SubmissionKind,
        has_file: bool,
    ) -> Result<SubmissionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let url = if self.url.trim().is_empty() {
            match (kind, has_file) {
                (SubmissionKind::Draft, true) => None,
                (SubmissionKind::Draft, false) => {
                    errors.push(FieldError::new(
                        "url",
                        "required",
                        "Give the draft's link or choose a file.",
                    ));
                    None
                }
                (SubmissionKind::Live, _) => {
                    errors.push(FieldError::new(
                        "url",
                        "required",
                        "Give the link of the live post.",
                    ));
                    None
                }
            }
        } else {
            crate::portfolio::parse_link(&self.url)
                .map_err(|e| errors.push(e))
                .ok()
        };
        if kind == SubmissionKind::Live && has_file {
            errors.push(
                FieldError::new(
                    "file",
                    "not_allowed",
                    "The live post is given as its link, not a file.",
                )
                .with("choices", "url"),
            );
        }
        let note = BoundedText::parse(&self.note, "note", 0, 1000)
            .map_err(|e| errors.push(e))
            .ok()
            .filter(|n| !n.as_str().is_empty());
        if errors.is_empty() {
            Ok(SubmissionInput { url, note })
        } else {
            Err(errors)
        }
    }
}

/// The brand's answer to a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    RequestChanges,
}

impl Decision {
    pub fn key(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::RequestChanges => "request_changes",
        }
    }

    pub fn event(self) -> DeliverableEvent {
        match self {
            Decision::Approve => Approve,
            Decision::RequestChanges => RequestChanges,
        }
    }
}

/// `POST /api/v1/submissions/{id}/review`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReviewForm {
    /// `approve` or `request_changes`.
    pub decision: String,
    /// What should change (required when asking for changes).
    pub note: String,
}

impl ReviewForm {
    pub fn parse(&self) -> Result<(Decision, Option<BoundedText>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let decision = match self.decision.trim() {
            "approve" => Some(Decision::Approve),
            "request_changes" => Some(Decision::RequestChanges),
            _ => {
                errors.push(
                    FieldError::new(
                        "decision",
                        "not_allowed",
                        "A decision is approve or request_changes.",
                    )
                    .with("choices", "approve, request_changes"),
                );
                None
            }
        };
        let note = if decision == Some(Decision::RequestChanges) && self.note.trim().is_empty() {
            errors.push(FieldError::new(
                "note",
                "required",
                "Say what should change in the next draft.",
            ));
            None
        } else {
            BoundedText::parse(&self.note, "note", 0, 1000)
                .map_err(|e| errors.push(e))
                .ok()
                .filter(|n| !n.as_str().is_empty())
        };
        match decision {
            Some(d) if errors.is_empty() => Ok((d, note)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transition_table_is_the_whole_story() {
        let events = [SubmitDraft, RequestChanges, Approve, SubmitLive];
        let mut allowed = 0;
        for from in DeliverableStatus::ALL {
            for event in events {
                for party in [Party::Brand, Party::Creator] {
                    let listed = TRANSITIONS
                        .iter()
                        .find(|(f, e, p, _)| *f == from && *e == event && *p == party);
                    match (from.apply(event, party, 0, 2), listed) {
                        (Ok(to), Some((.., listed_to))) => {
                            assert_eq!(to, *listed_to);
                            allowed += 1;
                        }
                        (Err(_), None) => {}
                        (got, listed) => {
                            panic!("{from:?} {event:?} {party:?}: {got:?} vs {listed:?}")
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
        assert_eq!(Live.waiting_for(), None);
        assert_eq!(InReview.waiting_for(), Some(Party::Brand));
        for status in DeliverableStatus::ALL {
            assert_eq!(DeliverableStatus::from_key(status.key()), Some(status));
        }
    }

    #[test]
    fn changes_stop_at_the_agreed_rounds_and_the_wrong_side_is_told() {
        assert_eq!(
            InReview.apply(RequestChanges, Party::Brand, 1, 2),
            Ok(ChangesRequested)
        );
        assert_eq!(
            InReview.apply(RequestChanges, Party::Brand, 2, 2),
            Err(DeliverableError::RoundsUsed { agreed: 2 })
        );
        assert_eq!(InReview.apply(Approve, Party::Brand, 2, 2), Ok(Approved));
        assert_eq!(
            InReview.apply(Approve, Party::Creator, 0, 2),
            Err(DeliverableError::BrandReviews)
        );
        assert_eq!(
            Pending.apply(SubmitDraft, Party::Brand, 0, 2),
            Err(DeliverableError::CreatorSubmits)
        );
        assert_eq!(
            Pending.apply(SubmitLive, Party::Creator, 0, 2),
            Err(DeliverableError::NotNow)
        );
    }
    #[test]
    fn a_draft_is_a_link_or_a_file_and_the_live_post_is_a_link() {
        let form = |url: &str, note: &str| SubmissionForm {
            url: url.into(),
            note: note.into(),
        };
        let reasons = |r: Result<SubmissionInput, Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.reason))
                .collect::<Vec<_>>()
        };
        let draft = form(" https://drive.example.com/d/1 ", "Cut 1 — ठीक है?")
            .parse(SubmissionKind::Draft, false)
            .unwrap();
        assert_eq!(draft.url.as_deref(), Some("https://drive.example.com/d/1"));
        assert_eq!(draft.note.unwrap().as_str(), "Cut 1 — ठीक है?");
        let file_only = form("", "  ").parse(SubmissionKind::Draft, true).unwrap();
        assert_eq!(
            file_only,
            SubmissionInput {
                url: None,
                note: None
            }
        );
        assert_eq!(
            reasons(form("", "").parse(SubmissionKind::Draft, false)),
            [("url".to_owned(), "required".to_owned())]
        );
        assert_eq!(
            reasons(form("", "").parse(SubmissionKind::Live, true)),
            [
                ("url".to_owned(), "required".to_owned()),
                ("file".to_owned(), "not_allowed".to_owned())
            ]
        );
        assert_eq!(
            reasons(
                form("javascript:alert(1)", &"x".repeat(1001)).parse(SubmissionKind::Live, false)
            ),
            [
                ("url".to_owned(), "url_invalid".to_owned()),
                ("note".to_owned(), "too_long".to_owned())
            ]
        );
        assert_eq!(label("instagram", "Reel", 2), "Instagram · Reel × 2");
        assert_eq!(
            label("youtube", "Dedicated video", 1),
            "YouTube · Dedicated video"
        );
        assert_eq!(Pending.next_submission(), Some(SubmissionKind::Draft));
        assert_eq!(Approved.next_submission(), Some(SubmissionKind::Live));
        assert_eq!(InReview.next_submission(), None);
    }

    #[test]
    fn draft_files_are_known_by_their_bytes() {
        assert_eq!(DraftFile::sniff(b"%PDF-1.7\n"), Some(DraftFile::Pdf));
        assert_eq!(
            DraftFile::sniff(b"\0\0\0\x18ftypmp42rest"),
            Some(DraftFile::Mp4)
        );
        assert_eq!(
            DraftFile::sniff(b"\0\0\0\x14ftypqt  "),
            Some(DraftFile::Mov)
        );
        assert_eq!(
            DraftFile::sniff(&[0x1A, 0x45, 0xDF, 0xA3, 1]),
            Some(DraftFile::Webm)
        );
        assert!(matches!(
            DraftFile::sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(DraftFile::Image(_))
        ));
        assert_eq!(
            DraftFile::check(b"MZ\x90\0").unwrap_err().reason,
            "file_type_unsupported"
        );
        assert_eq!(DraftFile::check(b"").unwrap_err().reason, "required");
        let big = vec![b'%'; MAX_DRAFT_BYTES + 1];
        assert_eq!(DraftFile::check(&big).unwrap_err().reason, "too_large");
    }

    #[test]
    fn asking_for_changes_says_what_and_a_decision_is_one_of_two() {
        let form = |d: &str, n: &str| ReviewForm {
            decision: d.into(),
            note: n.into(),
        };
        assert_eq!(
            form("approve", "").parse().unwrap(),
            (Decision::Approve, None)
        );
        let (d, note) = form("request_changes", "Show the pack in the first 3 seconds")
            .parse()
            .unwrap();
        assert_eq!(d, Decision::RequestChanges);
        assert!(note.is_some());
        let reasons: Vec<_> = form("request_changes", " ")
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.reason)
            .collect();
        assert_eq!(reasons, ["required"]);
        let reasons: Vec<_> = form("maybe", "")
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.reason)
            .collect();
        assert_eq!(reasons, ["not_allowed"]);
    }
}

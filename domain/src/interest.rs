//! A creator's interest in a collaboration request (seed 004, requirements
//! 6.2 and 6.5): pending until the brand accepts (a chat window opens) or
//! rejects it; either decision is final. One interest per creator and
//! request; a second one is refused (the database enforces it too).

use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The longest note a creator may send with an interest, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestStatus {
    Pending,
    Accepted,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestEvent {
    Accept,
    Reject,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterestError {
    #[error("This interest was already {0}; the decision cannot change.")]
    Decided(&'static str),
}

impl InterestStatus {
    pub const ALL: [InterestStatus; 3] = [
        InterestStatus::Pending,
        InterestStatus::Accepted,
        InterestStatus::Rejected,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InterestStatus::Pending => "pending",
            InterestStatus::Accepted => "accepted",
            InterestStatus::Rejected => "rejected",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The brand's decision. Only a pending interest can be decided.
    pub fn apply(self, event: InterestEvent) -> Result<Self, InterestError> {
        match (self, event) {
            (InterestStatus::Pending, InterestEvent::Accept) => Ok(InterestStatus::Accepted),
            (InterestStatus::Pending, InterestEvent::Reject) => Ok(InterestStatus::Rejected),
            (decided, _) => Err(InterestError::Decided(decided.key())),
        }
    }

    /// What the brand may do now; the UI shows one button for each.
    pub fn allowed_events(self) -> &'static [InterestEvent] {
        match self {
            InterestStatus::Pending => &[InterestEvent::Accept, InterestEvent::Reject],
            InterestStatus::Accepted | InterestStatus::Rejected => &[],
        }
    }
}

/// The optional note: trimmed, empty means none, at most
/// [`MAX_NOTE_CHARS`] characters in any script.
pub fn parse_note(raw: Option<&str>) -> Result<Option<BoundedText>, FieldError> {
    match raw {
        None => Ok(None),
        Some(raw) => {
            let note = BoundedText::parse(raw, "note", 0, MAX_NOTE_CHARS)?;
            Ok((!note.is_empty()).then_some(note))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InterestEvent::*;
    use InterestStatus::*;

    #[test]
    fn the_whole_transition_table() {
        let table = [
            (Pending, Accept, Some(Accepted)),
            (Pending, Reject, Some(Rejected)),
            (Accepted, Accept, None),
            (Accepted, Reject, None),
            (Rejected, Accept, None),
            (Rejected, Reject, None),
        ];
        for (from, event, to) in table {
            assert_eq!(from.apply(event).ok(), to, "{from:?} {event:?}");
            assert_eq!(
                from.allowed_events().contains(&event),
                to.is_some(),
                "{from:?} {event:?}"
            );
        }
        assert_eq!(
            Accepted.apply(Reject).unwrap_err().to_string(),
            "This interest was already accepted; the decision cannot change."
        );
    }

    #[test]
    fn keys_round_trip() {
        for s in InterestStatus::ALL {
            assert_eq!(InterestStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(InterestStatus::from_key("maybe"), None);
    }

    #[test]
    fn notes_are_optional_and_bounded() {
        assert_eq!(parse_note(None).unwrap(), None);
        assert_eq!(parse_note(Some("   ")).unwrap(), None);
        let tamil = "உங்கள் பிரச்சாரத்தில் ஆர்வம் 🎉";
        assert_eq!(parse_note(Some(tamil)).unwrap().unwrap().as_str(), tamil);
        let long = "अ".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(parse_note(Some(&long)).unwrap_err().reason, "too_long");
        assert!(parse_note(Some(&"अ".repeat(MAX_NOTE_CHARS))).is_ok());
    }
}

//! A deliverable of a deal (issue 17): the creator submits a draft, the
//! brand approves it or asks for changes within the revision rounds the
//! contract agreed, and the creator then gives the live post's link.

use crate::deal::Party;
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
}

//! The life of a moderation case: an item (or an account) that the scanner
//! or a report put in the queue, the moderator's decision, and at most one
//! appeal by its author.
//!
//! ```text
//! open ──approve──▶ approved                      (content up, flag void)
//! open ──warn─────▶ warned                        (content up, author warned, flag counts)
//! open ──remove───▶ removed ──appeal──▶ appealed  (content down)
//! open ──suspend──▶ suspended ─appeal─▶ appealed  (content down, account suspended)
//! removed | suspended ──reinstate──▶ reinstated   (a moderator changes their mind)
//! appealed ──reinstate──▶ reinstated              (content and account back)
//! appealed ──remove | suspend──▶ upheld           (final)
//! ```
//!
//! Approved, warned, reinstated and upheld are final. An appeal is the
//! author's; every other event is a moderator's.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Open,
    Approved,
    Warned,
    Removed,
    Suspended,
    Appealed,
    Reinstated,
    Upheld,
}

/// What a moderator decides, or the author's appeal. Keys are public
/// (`POST /api/v1/admin/moderation/{id}/decision {action}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseEvent {
    Approve,
    Remove,
    Warn,
    Suspend,
    Reinstate,
    Appeal,
}

/// Who acts on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseActor {
    Moderator,
    Author,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("This case is closed.")]
    Closed,
    #[error("Only the author can appeal, and only a moderator can decide.")]
    NotYours,
    #[error("A case that is {from} cannot take {event}.")]
    NotAllowed {
        from: &'static str,
        event: &'static str,
    },
}

impl CaseError {
    /// The stable code the API answers with.
    pub fn code(&self) -> &'static str {
        match self {
            CaseError::Closed => "case_closed",
            CaseError::NotYours => "forbidden",
            CaseError::NotAllowed { .. } => "invalid_transition",
        }
    }
}

impl CaseState {
    pub const ALL: [CaseState; 8] = [
        CaseState::Open,
        CaseState::Approved,
        CaseState::Warned,
        CaseState::Removed,
        CaseState::Suspended,
        CaseState::Appealed,
        CaseState::Reinstated,
        CaseState::Upheld,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::Approved => "approved",
            CaseState::Warned => "warned",
            CaseState::Removed => "removed",
            CaseState::Suspended => "suspended",
            CaseState::Appealed => "appealed",
            CaseState::Reinstated => "reinstated",
            CaseState::Upheld => "upheld",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// No event changes a final case.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseState::Approved | CaseState::Warned | CaseState::Reinstated | CaseState::Upheld
        )
    }

    /// Waiting for a moderator (the queue's "to do").
    pub fn needs_moderator(self) -> bool {
        matches!(self, CaseState::Open | CaseState::Appealed)
    }

    /// Whether the item is down (hidden from everyone but its author).
    pub fn takes_content_down(self) -> bool {
        matches!(
            self,
            CaseState::Removed | CaseState::Suspended | CaseState::Appealed | CaseState::Upheld
        )
    }

    /// Whether the case counts towards the author's flags (see `flags`):
    /// open (pending review) and decided against the author; an approved or
    /// reinstated case does not count.
    pub fn counts_as_flag(self) -> bool {
        !matches!(self, CaseState::Approved | CaseState::Reinstated)
    }

    /// Where `event` by `actor` takes the case.
    pub fn apply(self, event: CaseEvent, actor: CaseActor) -> Result<CaseState, CaseError> {
        use CaseEvent::*;
        use CaseState::*;
        if self.is_final() {
            return Err(CaseError::Closed);
        }
        let needs = if event == Appeal {
            CaseActor::Author
        } else {
            CaseActor::Moderator
        };
        if actor != needs {
            return Err(CaseError::NotYours);
        }
        let next = match (self, event) {
            (Open, Approve) => Approved,
            (Open, Warn) => Warned,
            (Open, Remove) => Removed,
            (Open, Suspend) => Suspended,
            (Removed | Suspended, Appeal) => Appealed,
            (Removed | Suspended | Appealed, Reinstate) => Reinstated,
            (Appealed, Remove | Suspend) => Upheld,
            _ => {
                return Err(CaseError::NotAllowed {
                    from: self.key(),
                    event: event.key(),
                })
            }
        };
        Ok(next)
    }
}

impl CaseEvent {
    pub const ALL: [CaseEvent; 6] = [
        CaseEvent::Approve,
        CaseEvent::Remove,
        CaseEvent::Warn,
        CaseEvent::Suspend,
        CaseEvent::Reinstate,
        CaseEvent::Appeal,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CaseEvent::Approve => "approve",
            CaseEvent::Remove => "remove",
            CaseEvent::Warn => "warn",
            CaseEvent::Suspend => "suspend",
            CaseEvent::Reinstate => "reinstate",
            CaseEvent::Appeal => "appeal",
        }
    }

    /// A moderator's decision by its key (`appeal` is not one).
    pub fn decision(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.key() == key && *e != CaseEvent::Appeal)
    }
}

#[cfg(test)]
mod tests {
    use super::CaseActor::{Author, Moderator};
    use super::CaseEvent::*;
    use super::CaseState::*;
    use super::*;

    /// Every state × event by the actor who may take it: where it goes, or
    /// `None` when it is refused.
    #[test]
    fn the_full_transition_table() {
        let table: [(CaseState, [Option<CaseState>; 6]); 8] = [
            //            approve         remove           warn          suspend          reinstate         appeal
            (
                Open,
                [
                    Some(Approved),
                    Some(Removed),
                    Some(Warned),
                    Some(Suspended),
                    None,
                    None,
                ],
            ),
            (Approved, [None, None, None, None, None, None]),
            (Warned, [None, None, None, None, None, None]),
            (
                Removed,
                [None, None, None, None, Some(Reinstated), Some(Appealed)],
            ),
            (
                Suspended,
                [None, None, None, None, Some(Reinstated), Some(Appealed)],
            ),
            (
                Appealed,
                [
                    None,
                    Some(Upheld),
                    None,
                    Some(Upheld),
                    Some(Reinstated),
                    None,
                ],
            ),
            (Reinstated, [None, None, None, None, None, None]),
            (Upheld, [None, None, None, None, None, None]),
        ];
        for (from, row) in table {
            for (event, expected) in CaseEvent::ALL.into_iter().zip(row) {
                let actor = if event == Appeal { Author } else { Moderator };
                assert_eq!(
                    from.apply(event, actor).ok(),
                    expected,
                    "{from:?} + {event:?}"
                );
            }
        }
    }

    #[test]
    fn final_cases_are_closed_and_actors_keep_to_their_events() {
        assert_eq!(Approved.apply(Remove, Moderator), Err(CaseError::Closed));
        assert_eq!(Open.apply(Approve, Author), Err(CaseError::NotYours));
        assert_eq!(Removed.apply(Appeal, Moderator), Err(CaseError::NotYours));
        // One appeal: an upheld case cannot be appealed again.
        let upheld = Removed
            .apply(Appeal, Author)
            .and_then(|s| s.apply(Remove, Moderator))
            .unwrap();
        assert_eq!(upheld.apply(Appeal, Author), Err(CaseError::Closed));
    }

    #[test]
    fn what_each_state_means_for_the_content_and_the_flags() {
        for state in CaseState::ALL {
            assert_eq!(CaseState::from_key(state.key()), Some(state));
        }
        assert!(Open.counts_as_flag() && Warned.counts_as_flag() && Upheld.counts_as_flag());
        assert!(!Approved.counts_as_flag() && !Reinstated.counts_as_flag());
        assert!(Appealed.takes_content_down() && !Warned.takes_content_down());
        assert_eq!(CaseEvent::decision("appeal"), None);
        assert_eq!(CaseEvent::decision("warn"), Some(Warn));
    }
}

//! The life of a collaboration request (seed 004, requirement 3.5):
//! active ⇄ paused → closed; closed is final.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Active,
    Paused,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestEvent {
    Pause,
    Resume,
    Close,
}

/// Who is acting on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestActor {
    /// The brand that posted it.
    Owner,
    /// A moderator: may close a request, nothing else.
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("This request is closed; a closed request cannot change.")]
    Closed,
    #[error("The request is already {0}.")]
    Already(&'static str),
    #[error("A request that is {from} cannot be {event}.")]
    NotAllowed {
        from: &'static str,
        event: &'static str,
    },
}

impl RequestStatus {
    pub fn key(self) -> &'static str {
        match self {
            RequestStatus::Active => "active",
            RequestStatus::Paused => "paused",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            RequestStatus::Active,
            RequestStatus::Paused,
            RequestStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.key() == key.trim().to_lowercase())
    }

    pub fn apply(self, event: RequestEvent, actor: RequestActor) -> Result<Self, TransitionError> {
        use RequestEvent::*;
        use RequestStatus::*;
        if self == Closed {
            return Err(TransitionError::Closed);
        }
        if !self.allowed_events(actor).contains(&event) {
            return Err(match (self, event) {
                (Active, Resume) => TransitionError::Already("active"),
                (Paused, Pause) => TransitionError::Already("paused"),
                _ => TransitionError::NotAllowed {
                    from: self.key(),
                    event: event.past_tense(),
                },
            });
        }
        Ok(match event {
            Pause => Paused,
            Resume => Active,
            Close => Closed,
        })
    }

    /// The events `actor` may apply now; the UI shows one button for each.
    pub fn allowed_events(self, actor: RequestActor) -> &'static [RequestEvent] {
        use RequestEvent::*;
        match (self, actor) {
            (RequestStatus::Active, RequestActor::Owner) => &[Pause, Close],
            (RequestStatus::Paused, RequestActor::Owner) => &[Resume, Close],
            (RequestStatus::Active | RequestStatus::Paused, RequestActor::Admin) => &[Close],
            (RequestStatus::Closed, _) => &[],
        }
    }

    /// The event that moves this status to `target` (the REST API takes a
    /// target status, the state machine takes events).
    pub fn event_towards(self, target: RequestStatus) -> Result<RequestEvent, TransitionError> {
        match (self, target) {
            (RequestStatus::Closed, _) => Err(TransitionError::Closed),
            (from, to) if from == to => Err(TransitionError::Already(to.key())),
            (_, RequestStatus::Paused) => Ok(RequestEvent::Pause),
            (_, RequestStatus::Active) => Ok(RequestEvent::Resume),
            (_, RequestStatus::Closed) => Ok(RequestEvent::Close),
        }
    }
}

impl RequestEvent {
    fn past_tense(self) -> &'static str {
        match self {
            RequestEvent::Pause => "paused",
            RequestEvent::Resume => "resumed",
            RequestEvent::Close => "closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestActor::*;
    use RequestEvent::*;
    use RequestStatus::*;

    /// Every (status, event, actor) with its expected outcome.
    #[test]
    fn the_whole_transition_table() {
        let table: &[(
            RequestStatus,
            RequestEvent,
            RequestActor,
            Option<RequestStatus>,
        )] = &[
            (Active, Pause, Owner, Some(Paused)),
            (Active, Resume, Owner, None),
            (Active, Close, Owner, Some(Closed)),
            (Paused, Pause, Owner, None),
            (Paused, Resume, Owner, Some(Active)),
            (Paused, Close, Owner, Some(Closed)),
            (Closed, Pause, Owner, None),
            (Closed, Resume, Owner, None),
            (Closed, Close, Owner, None),
            (Active, Pause, Admin, None),
            (Active, Resume, Admin, None),
            (Active, Close, Admin, Some(Closed)),
            (Paused, Pause, Admin, None),
            (Paused, Resume, Admin, None),
            (Paused, Close, Admin, Some(Closed)),
            (Closed, Pause, Admin, None),
            (Closed, Resume, Admin, None),
            (Closed, Close, Admin, None),
        ];
        for &(from, event, actor, expected) in table {
            assert_eq!(
                from.apply(event, actor).ok(),
                expected,
                "{from:?} + {event:?} by {actor:?}"
            );
            assert_eq!(
                from.allowed_events(actor).contains(&event),
                expected.is_some(),
                "allowed_events for {from:?}/{actor:?}"
            );
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            Closed.apply(Resume, Owner).unwrap_err().to_string(),
            "This request is closed; a closed request cannot change."
        );
        assert_eq!(
            Active.apply(Resume, Owner).unwrap_err().to_string(),
            "The request is already active."
        );
        assert_eq!(
            Active.apply(Pause, Admin).unwrap_err().to_string(),
            "A request that is active cannot be paused."
        );
    }

    #[test]
    fn target_statuses_map_to_events() {
        assert_eq!(Active.event_towards(Paused), Ok(Pause));
        assert_eq!(Paused.event_towards(Active), Ok(Resume));
        assert_eq!(Paused.event_towards(Closed), Ok(Close));
        assert_eq!(
            Active.event_towards(Active),
            Err(TransitionError::Already("active"))
        );
        assert_eq!(Closed.event_towards(Active), Err(TransitionError::Closed));
    }

    #[test]
    fn status_keys_round_trip() {
        for s in [Active, Paused, Closed] {
            assert_eq!(RequestStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(RequestStatus::from_key("archived"), None);
    }
}

//! The 48-hour chat window between a brand and a creator (seed 004,
//! requirements 7.1–7.5, 8.6, 11.4): it opens when the brand accepts an
//! interest, closes early when a deal is confirmed, and otherwise expires 48
//! hours after it opened; both sides are reminded once when 6 hours remain.
//! Times come in from the caller (an injected clock); nothing here reads one.

use crate::text::BoundedText;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// How long a window stays open.
pub const WINDOW_LENGTH: Duration = Duration::hours(48);
/// How long before expiry both sides are reminded.
pub const REMINDER_BEFORE: Duration = Duration::hours(6);
/// The longest message, in characters (any script counts a character as one).
pub const MAX_MESSAGE_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    Active,
    /// Closed early: a deal was confirmed.
    Closed,
    /// The 48 hours passed.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowEvent {
    /// A deal was confirmed by both sides.
    DealConfirmed,
    /// The expiry job found the 48 hours over.
    Expire,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("This chat was closed when the deal was confirmed; messages can no longer be sent.")]
    Closed,
    #[error("This chat expired 48 hours after it opened; messages can no longer be sent.")]
    Expired,
    #[error("This chat has not reached its 48 hours yet.")]
    NotDue,
}

impl WindowStatus {
    pub const ALL: [WindowStatus; 3] = [
        WindowStatus::Active,
        WindowStatus::Closed,
        WindowStatus::Expired,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WindowStatus::Active => "active",
            WindowStatus::Closed => "closed",
            WindowStatus::Expired => "expired",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Moves the stored status; `expires_at` and `now` decide whether an
    /// expiry is due. Closed and expired are final.
    pub fn apply(
        self,
        event: WindowEvent,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Self, WindowError> {
        match (self, event) {
            (WindowStatus::Closed, _) => Err(WindowError::Closed),
            (WindowStatus::Expired, _) => Err(WindowError::Expired),
            (WindowStatus::Active, WindowEvent::DealConfirmed) => Ok(WindowStatus::Closed),
            (WindowStatus::Active, WindowEvent::Expire) if now >= expires_at => {
                Ok(WindowStatus::Expired)
            }
            (WindowStatus::Active, WindowEvent::Expire) => Err(WindowError::NotDue),
        }
    }

    /// What the window is at `now`: an active window past its end is
    /// expired even before the job has recorded it.
    pub fn at(self, expires_at: OffsetDateTime, now: OffsetDateTime) -> Self {
        if self == WindowStatus::Active && now >= expires_at {
            WindowStatus::Expired
        } else {
            self
        }
    }

    /// Whether a message may be sent at `now`, and if not, why.
    pub fn check_send(
        self,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), WindowError> {
        match self.at(expires_at, now) {
            WindowStatus::Active => Ok(()),
            WindowStatus::Closed => Err(WindowError::Closed),
            WindowStatus::Expired => Err(WindowError::Expired),
        }
    }
}

/// When a window opened at `opened_at` expires.
pub fn expires_at(opened_at: OffsetDateTime) -> OffsetDateTime {
    opened_at + WINDOW_LENGTH
}

/// When both sides of a window expiring at `expires_at` are reminded.
pub fn reminder_at(expires_at: OffsetDateTime) -> OffsetDateTime {
    expires_at - REMINDER_BEFORE
}

/// Whole seconds left at `now` (never negative): the countdown.
pub fn seconds_left(expires_at: OffsetDateTime, now: OffsetDateTime) -> i64 {
    (expires_at - now).whole_seconds().max(0)
}

/// "47:59:59"-style countdown text for `seconds` left.
pub fn countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
}

/// A chat message: plain text, not blank, at most [`MAX_MESSAGE_CHARS`]
/// characters, no control characters but line breaks and tabs. Rendered as
/// text, never as HTML.
pub fn parse_message(raw: &str) -> Result<BoundedText, FieldError> {
    BoundedText::parse(raw, "body", 1, MAX_MESSAGE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use WindowEvent::*;
    use WindowStatus::*;

    const OPENED: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    #[test]
    fn a_window_lasts_48_hours_and_reminds_at_42() {
        let end = expires_at(OPENED);
        assert_eq!(end, datetime!(2026-11-24 10:00 UTC));
        assert_eq!(reminder_at(end), datetime!(2026-11-24 04:00 UTC));
        assert_eq!(seconds_left(end, OPENED), 48 * 3600);
        assert_eq!(seconds_left(end, end + Duration::seconds(5)), 0);
        assert_eq!(
            countdown(seconds_left(end, OPENED + Duration::seconds(1))),
            "47:59:59"
        );
        assert_eq!(countdown(0), "00:00:00");
    }

    #[test]
    fn the_whole_transition_table() {
        let end = expires_at(OPENED);
        let before = end - Duration::seconds(1);
        let table = [
            (Active, DealConfirmed, before, Some(Closed)),
            (Active, DealConfirmed, end, Some(Closed)),
            (Active, Expire, before, None),
            (Active, Expire, end, Some(Expired)),
            (Closed, DealConfirmed, before, None),
            (Closed, Expire, end, None),
            (Expired, DealConfirmed, before, None),
            (Expired, Expire, end, None),
        ];
        for (from, event, now, to) in table {
            assert_eq!(
                from.apply(event, end, now).ok(),
                to,
                "{from:?} {event:?} at {now}"
            );
        }
        assert_eq!(Active.apply(Expire, end, before), Err(WindowError::NotDue));
        assert_eq!(Closed.apply(Expire, end, end), Err(WindowError::Closed));
    }

    #[test]
    fn sending_stops_at_the_last_second_and_says_why() {
        let end = expires_at(OPENED);
        assert_eq!(Active.check_send(end, end - Duration::seconds(1)), Ok(()));
        assert_eq!(Active.check_send(end, end), Err(WindowError::Expired));
        assert_eq!(Active.at(end, end), Expired);
        assert_eq!(Closed.check_send(end, OPENED), Err(WindowError::Closed));
        assert!(WindowError::Expired.to_string().contains("48 hours"));
    }

    #[test]
    fn messages_are_plain_bounded_text() {
        assert_eq!(parse_message("  ").unwrap_err().reason, "required");
        let mixed = "नमस्ते O'Brien! <b>hi</b> 🎉\nவணக்கம்";
        assert_eq!(parse_message(mixed).unwrap().as_str(), mixed);
        assert_eq!(
            parse_message(&"😀".repeat(MAX_MESSAGE_CHARS + 1))
                .unwrap_err()
                .reason,
            "too_long"
        );
        assert_eq!(
            parse_message("a\u{0}b").unwrap_err().reason,
            "invalid_characters"
        );
    }

    #[test]
    fn keys_round_trip() {
        for s in WindowStatus::ALL {
            assert_eq!(WindowStatus::from_key(s.key()), Some(s));
        }
    }
}

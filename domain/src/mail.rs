//! E-mail (issue 16): the link tokens that recover and verify accounts, and
//! what becomes of a message that could not be handed over.

use time::{Duration, OffsetDateTime};

/// What a link token is for. Keys are stored (`email_tokens.purpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    PasswordReset,
    VerifyEmail,
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        match self {
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::VerifyEmail => "verify_email",
        }
    }

    /// How long a link works: a reset link an hour, a verification link
    /// two days (it may wait in an inbox over a weekend).
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::PasswordReset => Duration::hours(1),
            TokenPurpose::VerifyEmail => Duration::days(2),
        }
    }

    /// At most this many links of this kind per address per hour.
    pub fn per_hour(self) -> i64 {
        match self {
            TokenPurpose::PasswordReset => 3,
            TokenPurpose::VerifyEmail => 3,
        }
    }
}

/// Why a link token does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// No such token (mistyped, or for another purpose).
    Unknown,
    /// Already used once.
    Used,
    Expired,
}

/// Whether a stored token may be used at `now`.
pub fn check_token(
    used_at: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), TokenProblem> {
    if used_at.is_some() {
        Err(TokenProblem::Used)
    } else if now >= expires_at {
        Err(TokenProblem::Expired)
    } else {
        Ok(())
    }
}

/// A message is tried this many times (the backoff doubles from 2 s to an
/// hour, so about three hours in all) before it is recorded as failed.
pub const MAX_ATTEMPTS: i32 = 14;

/// What to do after attempt `attempts` (1-based) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryLater,
    GiveUp,
}

/// A permanent refusal (the server said 5xx: no such mailbox, rejected)
/// is not retried; a transient one is, until the attempts run out.
pub fn after_failure(attempts: i32, permanent: bool) -> AfterFailure {
    if permanent || attempts >= MAX_ATTEMPTS {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryLater
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_token_works_once_and_until_it_expires() {
        let issued = datetime!(2026-12-05 10:00 UTC);
        let expires = issued + TokenPurpose::PasswordReset.lifetime();
        assert_eq!(check_token(None, expires, issued), Ok(()));
        assert_eq!(
            check_token(None, expires, issued + Duration::minutes(59)),
            Ok(())
        );
        assert_eq!(
            check_token(None, expires, issued + Duration::hours(1)),
            Err(TokenProblem::Expired)
        );
        assert_eq!(
            check_token(Some(issued), expires, issued),
            Err(TokenProblem::Used)
        );
        assert_eq!(TokenPurpose::VerifyEmail.lifetime(), Duration::days(2));
    }

    #[test]
    fn transient_failures_retry_until_the_attempts_run_out() {
        assert_eq!(after_failure(1, false), AfterFailure::RetryLater);
        assert_eq!(
            after_failure(MAX_ATTEMPTS - 1, false),
            AfterFailure::RetryLater
        );
        assert_eq!(after_failure(MAX_ATTEMPTS, false), AfterFailure::GiveUp);
        assert_eq!(after_failure(1, true), AfterFailure::GiveUp);
    }
}

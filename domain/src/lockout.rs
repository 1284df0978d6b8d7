//! Account lockout (seed 004, requirement 1.4): three consecutive wrong
//! passwords lock the account for fifteen minutes; while locked even the right
//! password is refused; a successful sign-in resets the count.

use time::{Duration, OffsetDateTime};

pub const MAX_FAILED_ATTEMPTS: i32 = 3;
pub const LOCK_DURATION: Duration = Duration::minutes(15);

/// The stored lockout state of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockState {
    pub failed_attempts: i32,
    pub locked_until: Option<OffsetDateTime>,
}

/// Whether a sign-in attempt may be checked at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginCheck {
    Allowed,
    Locked { until: OffsetDateTime },
}

impl LockState {
    pub fn unlocked() -> Self {
        Self {
            failed_attempts: 0,
            locked_until: None,
        }
    }

    pub fn check(&self, now: OffsetDateTime) -> LoginCheck {
        match self.locked_until {
            Some(until) if until > now => LoginCheck::Locked { until },
            _ => LoginCheck::Allowed,
        }
    }

    /// The state after a wrong password at `now`. A lock that has run out
    /// starts a fresh count.
    pub fn after_failure(&self, now: OffsetDateTime) -> Self {
        if let LoginCheck::Locked { .. } = self.check(now) {
            return *self;
        }
        let previous = if self.locked_until.is_some() {
            0
        } else {
            self.failed_attempts
        };
        let failed = previous + 1;
        if failed >= MAX_FAILED_ATTEMPTS {
            Self {
                failed_attempts: 0,
                locked_until: Some(now + LOCK_DURATION),
            }
        } else {
            Self {
                failed_attempts: failed,
                locked_until: None,
            }
        }
    }

    pub fn after_success(&self) -> Self {
        Self::unlocked()
    }
}

/// Whole seconds until `until`, rounded up, at least 1: the `Retry-After` value.
pub fn retry_after_secs(until: OffsetDateTime, now: OffsetDateTime) -> u64 {
    let millis = (until - now).whole_milliseconds().max(1);
    ((millis + 999) / 1000) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    #[test]
    fn two_failures_do_not_lock_and_the_third_locks_for_fifteen_minutes() {
        let s1 = LockState::unlocked().after_failure(T0);
        let s2 = s1.after_failure(T0);
        assert_eq!(s2.check(T0), LoginCheck::Allowed);
        let s3 = s2.after_failure(T0);
        assert_eq!(
            s3.check(T0),
            LoginCheck::Locked {
                until: T0 + Duration::minutes(15)
            }
        );
    }

    #[test]
    fn a_locked_account_stays_locked_until_the_window_ends() {
        let locked = LockState {
            failed_attempts: 0,
            locked_until: Some(T0 + LOCK_DURATION),
        };
        assert!(matches!(
            locked.check(T0 + Duration::minutes(14)),
            LoginCheck::Locked { .. }
        ));
        assert_eq!(locked.check(T0 + LOCK_DURATION), LoginCheck::Allowed);
    }

    #[test]
    fn failures_while_locked_do_not_extend_the_lock() {
        let locked = LockState {
            failed_attempts: 0,
            locked_until: Some(T0 + LOCK_DURATION),
        };
        assert_eq!(locked.after_failure(T0 + Duration::minutes(5)), locked);
    }

    #[test]
    fn after_the_lock_runs_out_counting_starts_again() {
        let expired = LockState {
            failed_attempts: 0,
            locked_until: Some(T0),
        };
        let next = expired.after_failure(T0 + Duration::minutes(1));
        assert_eq!(
            next,
            LockState {
                failed_attempts: 1,
                locked_until: None
            }
        );
    }

    #[test]
    fn success_resets_the_count() {
        let s = LockState::unlocked()
            .after_failure(T0)
            .after_failure(T0)
            .after_success();
        assert_eq!(s.after_failure(T0).check(T0), LoginCheck::Allowed);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(T0 + Duration::milliseconds(1500), T0), 2);
        assert_eq!(retry_after_secs(T0 + LOCK_DURATION, T0), 900);
        assert_eq!(retry_after_secs(T0, T0), 1);
    }
}

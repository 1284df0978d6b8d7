//! Retry timing for background jobs: exponential backoff, capped.

use time::Duration;

/// The wait before attempt `attempt + 1`, after `attempt` failures (1-based):
/// 2 s, 4 s, 8 s, … doubling, never more than an hour.
pub fn backoff(attempt: i32) -> Duration {
    let exponent = attempt.clamp(1, 12) as u32;
    Duration::seconds(2i64.pow(exponent)).min(Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped_at_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(2));
        assert_eq!(backoff(2), Duration::seconds(4));
        assert_eq!(backoff(5), Duration::seconds(32));
        assert_eq!(backoff(12), Duration::hours(1));
        assert_eq!(backoff(1000), Duration::hours(1));
        assert_eq!(backoff(0), Duration::seconds(2));
        assert_eq!(backoff(-3), Duration::seconds(2));
    }
}

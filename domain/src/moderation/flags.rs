//! When an account goes under review on its own (requirement 17.5): three
//! flags within thirty days. A flag is an item of the account that the
//! scanner held back or a moderator decided against (each item once), or a
//! report by another user (each reporter once, however many items they
//! report; dismissed reports do not count).

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub const THRESHOLD: usize = 3;
pub const WINDOW: Duration = Duration::days(30);

/// Where a flag came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagSource {
    /// The scanner or a moderator, on this item.
    Item(Uuid),
    /// A report by this user.
    Reporter(Uuid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    pub source: FlagSource,
    pub at: OffsetDateTime,
    /// False once the case was decided for the author (approved,
    /// reinstated) or the report dismissed.
    pub counts: bool,
}

/// How many flags count at `now`.
pub fn count(flags: &[Flag], now: OffsetDateTime) -> usize {
    let mut seen: Vec<FlagSource> = Vec::new();
    for flag in flags {
        if flag.counts && flag.at > now - WINDOW && flag.at <= now && !seen.contains(&flag.source) {
            seen.push(flag.source);
        }
    }
    seen.len()
}

/// Whether the account should be put under review.
pub fn suspends(flags: &[Flag], now: OffsetDateTime) -> bool {
    count(flags, now) >= THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-03 12:00 UTC);

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn flag(source: FlagSource, days_ago: i64, counts: bool) -> Flag {
        Flag {
            source,
            at: NOW - Duration::days(days_ago),
            counts,
        }
    }

    #[test]
    fn three_flags_in_thirty_days_suspend() {
        let flags = [
            flag(FlagSource::Item(id(1)), 1, true),
            flag(FlagSource::Reporter(id(10)), 5, true),
            flag(FlagSource::Item(id(2)), 29, true),
        ];
        assert_eq!(count(&flags, NOW), 3);
        assert!(suspends(&flags, NOW));
        assert!(!suspends(&flags[..2], NOW));
    }

    #[test]
    fn one_reporter_counts_once_and_one_item_once() {
        let flags = [
            flag(FlagSource::Reporter(id(10)), 1, true),
            flag(FlagSource::Reporter(id(10)), 2, true),
            flag(FlagSource::Reporter(id(10)), 3, true),
            flag(FlagSource::Item(id(1)), 1, true),
            flag(FlagSource::Item(id(1)), 2, true),
        ];
        assert_eq!(count(&flags, NOW), 2);
        assert!(!suspends(&flags, NOW));
    }

    #[test]
    fn old_flags_and_dismissed_reports_do_not_count() {
        let flags = [
            flag(FlagSource::Item(id(1)), 31, true),
            flag(FlagSource::Item(id(2)), 30, true),
            flag(FlagSource::Reporter(id(10)), 1, false),
            flag(FlagSource::Reporter(id(11)), 1, true),
            flag(FlagSource::Item(id(3)), 2, true),
        ];
        assert_eq!(count(&flags, NOW), 2);
        // A flag from the future (clock skew) does not count either.
        assert_eq!(count(&[flag(FlagSource::Item(id(4)), -1, true)], NOW), 0);
    }
}

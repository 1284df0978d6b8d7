//! Fixed one-minute windows counted in Postgres, so a limit holds however many
//! server instances share the load.

use super::{db, AppState};
use crate::error::AppError;
use time::{Duration, OffsetDateTime};

const WINDOW: Duration = Duration::minutes(1);

fn window_start(now: OffsetDateTime) -> OffsetDateTime {
    let secs = now.unix_timestamp();
    OffsetDateTime::from_unix_timestamp(secs - secs.rem_euclid(WINDOW.whole_seconds()))
        .unwrap_or(now)
}

/// Counts a hit for `bucket`; refuses with `rate_limited` (and the seconds
/// until the window ends) once `per_minute` is exceeded.
pub async fn check(state: &AppState, bucket: &str, per_minute: u32) -> Result<(), AppError> {
    let now = state.clock.now();
    let start = window_start(now);
    let hits = db::rate_limits::hit(&state.pool, bucket, start).await?;
    if hits as i64 > per_minute as i64 {
        let retry = domain::retry_after_secs(start + WINDOW, now);
        return Err(AppError::rate_limited(retry));
    }
    Ok(())
}

/// Removes counters older than an hour.
pub async fn prune(state: &AppState) -> Result<u64, AppError> {
    Ok(db::rate_limits::delete_before(&state.pool, state.clock.now() - Duration::hours(1)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn windows_start_on_the_minute() {
        assert_eq!(
            window_start(datetime!(2026-11-22 10:00:59.9 UTC)),
            datetime!(2026-11-22 10:00 UTC)
        );
        assert_eq!(
            window_start(datetime!(2026-11-22 10:01 UTC)),
            datetime!(2026-11-22 10:01 UTC)
        );
    }
}

//! The one source of "now" for services, so tests can move time instead of
//! sleeping (a 15-minute lockout is tested by advancing the clock).

use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<OffsetDateTime>>>);

impl Clock {
    /// The real clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock that stands still at `start` until advanced (tests only).
    pub fn manual(start: OffsetDateTime) -> Self {
        Self(Some(Arc::new(Mutex::new(start))))
    }

    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            None => OffsetDateTime::now_utc(),
            Some(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a manual clock forward; a system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.0 {
            let mut guard = t.lock().unwrap_or_else(|e| e.into_inner());
            *guard += by;
        }
    }
}

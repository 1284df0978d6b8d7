//! Periodic housekeeping. Each job is an idempotent DELETE, so every instance
//! may run it without coordination.

use app::server::{rate_limit, AppState};
use std::time::Duration;

pub fn spawn_housekeeping(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) =
                sqlx::query("DELETE FROM tower_sessions.session WHERE expiry_date < now()")
                    .execute(&state.pool)
                    .await
            {
                tracing::warn!(error = %e, "expired-session cleanup failed");
            }
            if let Err(e) = rate_limit::prune(&state).await {
                tracing::warn!(error = %e.message, "rate-limit cleanup failed");
            }
        }
    })
}

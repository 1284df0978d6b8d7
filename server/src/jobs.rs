//! Background work: the durable job workers, and periodic housekeeping (each
//! an idempotent DELETE). Every instance runs both without coordination.

use app::server::{jobs, profiles, rate_limit, requests, AppState};
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

/// Starts the job worker with every handler the platform has.
pub fn spawn_workers(state: AppState) -> tokio::task::JoinHandle<()> {
    let handlers = requests::register_jobs(profiles::register_jobs(jobs::Handlers::default()));
    tokio::spawn(jobs::run_worker(state, handlers, Duration::from_secs(5)))
}

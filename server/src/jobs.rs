//! Background work: the durable job workers, and periodic housekeeping (each
//! an idempotent DELETE). Every instance runs both without coordination.

use app::server::{
    chats, daily, erasure, jobs, mail, oauth, profiles, rate_limit, requests, sweep, tasks,
    AppState,
};
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
            if let Err(e) = tasks::purge_deleted(&state).await {
                tracing::warn!(error = %e.message, "deleted-task cleanup failed");
            }
            // Accounts deleted 30 days ago lose their personal data.
            if let Err(e) = erasure::purge_due(&state).await {
                tracing::warn!(error = %e.message, "deleted-account purge failed");
            }
            if let Err(e) = daily::forget_old(&state).await {
                tracing::warn!(error = %e.message, "daily-reminder cleanup failed");
            }
            if let Err(e) = oauth::forget_stale_codes(&state).await {
                tracing::warn!(error = %e.message, "authorization-code cleanup failed");
            }
            // Live connections of a process that died stop counting after a
            // minute; their rows go here.
            if let Err(e) = sqlx::query(
                "DELETE FROM chat_presence WHERE seen_at < now() - interval '10 minutes'",
            )
            .execute(&state.pool)
            .await
            {
                tracing::warn!(error = %e, "chat-presence cleanup failed");
            }
        }
    })
}

/// Every job handler the platform has.
fn handlers() -> jobs::Handlers {
    let handlers = profiles::register_jobs(jobs::Handlers::default());
    chats::register_jobs(mail::register_jobs(requests::register_jobs(handlers)))
}

/// Starts the job worker with every handler the platform has.
pub fn spawn_workers(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(jobs::run_worker(state, handlers(), Duration::from_secs(5)))
}

/// Runs due jobs here and now until none is left (command-line tasks that
/// should finish their embedding before they return), printing progress.
pub async fn drain(state: &AppState) -> anyhow::Result<usize> {
    let handlers = handlers();
    let mut done = 0;
    let started = std::time::Instant::now();
    loop {
        let ran = jobs::work_once(state, &handlers)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))?;
        if ran == 0 {
            break;
        }
        done += ran;
        if done % 40 < ran {
            println!("  indexing: {done} documents embedded");
        }
    }
    if done > 0 {
        println!(
            "  indexed {done} documents in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(done)
}

/// How often each instance sweeps chat windows (reminders, expiry). A
/// window ends at most this late; the pages count down on their own.
const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Reminds and expires chat windows on every instance; each window is
/// claimed by exactly one of them.
pub fn spawn_sweeper(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            match sweep::run_once(&state).await {
                Ok(swept) if swept != sweep::Swept::default() => {
                    tracing::info!(
                        reminded = swept.reminded,
                        expired = swept.expired,
                        "chat windows swept"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.message, "chat sweep failed"),
            }
            match app::server::milestones::become_due(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(due = n, "milestones became due"),
                Err(e) => tracing::warn!(error = %e.message, "milestones could not become due"),
            }
            match app::server::contracts::make_pending_pdfs(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(made = n, "contract PDFs made"),
                Err(e) => tracing::warn!(error = %e.message, "contract PDFs could not be made"),
            }
            match daily::run_once(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminded = n, "daily reminders sent"),
                Err(e) => tracing::warn!(error = %e.message, "daily reminders failed"),
            }
            match app::server::milestones::remind_overdue(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminded = n, "overdue payments reminded"),
                Err(e) => tracing::warn!(error = %e.message, "overdue payment reminders failed"),
            }
        }
    })
}

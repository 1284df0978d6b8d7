//! `server bench mail`: a burst of events that each mail a different
//! confirmed user, written as fast as one writer can, delivered by job
//! workers in this process to `SMTP_URL`. Prints the time from event to
//! SMTP hand-over (p50/p99/max) and mails handed over per second. Makes its
//! users in the database: use a scratch database.

use crate::jobs;
use app::server::{notify, AppState};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub async fn run(state: &AppState, events: usize, workers: usize) -> anyhow::Result<()> {
    anyhow::ensure!(
        state.mailer.delivers(),
        "set SMTP_URL: the burst measures hand-over to an SMTP server"
    );
    let run = Uuid::now_v7().simple().to_string();
    // Nobody signs in with a password: the hash is deliberately unusable.
    let users: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO users (id, email, password_hash, display_name, role, email_verified_at)
         SELECT gen_random_uuid(), format('mail-%s-%s@bench.example', $1::text, i), '!',
                format('Brand %s', i), 'brand', now()
         FROM generate_series(1, $2) AS i
         RETURNING id",
    )
    .bind(&run)
    .bind(events as i32)
    .fetch_all(&state.pool)
    .await?;
    for _ in 0..workers {
        jobs::spawn_workers(state.clone());
    }

    let started = Instant::now();
    let data = serde_json::json!({
        "request_id": Uuid::now_v7(), "request_title": "Diwali sweets box", "creator_name": "Müller"
    });
    for user in &users {
        let mut tx = state.pool.begin().await?;
        let notice = notify::Notice {
            user: *user,
            kind: "interest_received",
            data: &data,
            once_key: None,
        };
        notify::send(&mut tx, state, notice)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))?;
        tx.commit().await?;
    }
    let written = started.elapsed();
    println!(
        "{events} events written in {:.2} s ({:.0} a second, each its own transaction)",
        written.as_secs_f64(),
        events as f64 / written.as_secs_f64()
    );

    loop {
        let (sent, failed): (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed')
             FROM mail_outbox WHERE user_id = ANY($1)",
        )
        .bind(&users)
        .fetch_one(&state.pool)
        .await?;
        if sent + failed >= events as i64 {
            anyhow::ensure!(failed == 0, "{failed} mails failed; see /admin/outbox");
            break;
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(900),
            "only {sent} of {events} mails handed over after 15 minutes"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut ms: Vec<f64> = sqlx::query_scalar(
        "SELECT (extract(epoch FROM sent_at - created_at) * 1000)::float8
         FROM mail_outbox WHERE user_id = ANY($1)",
    )
    .bind(&users)
    .fetch_all(&state.pool)
    .await?;
    let (p50, p99) = crate::bench_moderation::percentiles(&mut ms);
    let max = ms.last().copied().unwrap_or_default();
    let (span,): (f64,) = sqlx::query_as(
        "SELECT extract(epoch FROM max(sent_at) - min(created_at))::float8
         FROM mail_outbox WHERE user_id = ANY($1)",
    )
    .bind(&users)
    .fetch_one(&state.pool)
    .await?;
    println!(
        "event → SMTP hand-over with {workers} workers: p50 {p50:.0} ms, p99 {p99:.0} ms, max {max:.0} ms"
    );
    println!(
        "throughput: {events} mails in {span:.2} s from the first event, {:.0} mails a second",
        events as f64 / span
    );
    Ok(())
}

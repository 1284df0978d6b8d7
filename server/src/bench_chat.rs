//! The live-chat load generator (`server bench chat`, driven by
//! `scripts/bench`): `2 × windows` WebSocket clients, two per chat window,
//! against a running server. Every client sends `messages` messages at a
//! steady pace; the bench measures send-to-receive latency at the other
//! party and checks that each party received every message of the other
//! exactly once and had each of its own acknowledged. Prints; asserts nothing.

use app::server::{auth, AppState};
use futures::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

pub struct ChatBench {
    /// The server's base URL (`http://127.0.0.1:3200`).
    pub url: String,
    pub windows: usize,
    pub messages: usize,
    pub interval: Duration,
    /// The server's process id, to read its memory before and after connecting.
    pub server_pid: Option<u32>,
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Brands, creators, requests, accepted interests and open windows made
/// directly in the (scratch) database, and an access token per person.
async fn setup(state: &AppState, windows: usize) -> anyhow::Result<Vec<(Uuid, String, String)>> {
    let run = Uuid::now_v7().simple().to_string();
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    // Nobody signs in with a password: the hash is deliberately unusable.
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, display_name, role)
         SELECT gen_random_uuid(), format('chat-%s-%s-%s@bench.example', $1::text, r, i),
                '!', format('%s %s', r, i), r
         FROM generate_series(1, $2) AS i, unnest(ARRAY['brand', 'creator']) AS r",
    )
    .bind(&run)
    .bind(windows as i32)
    .execute(&mut *tx)
    .await?;
    let windows_made: Vec<(Uuid, Uuid, Uuid)> = sqlx::query_as(
        "WITH pairs AS (
            SELECT b.id AS brand, c.id AS creator, gen_random_uuid() AS request,
                   gen_random_uuid() AS interest, gen_random_uuid() AS win
            FROM users b JOIN users c
              ON c.email = replace(b.email, '-brand-', '-creator-')
            WHERE b.email LIKE format('chat-%s-brand-%%', $1::text)),
         requests AS (
            INSERT INTO collaboration_requests (id, brand_id, title, description, niches, deliverables,
                budget_min, budget_max, budget_currency, deadline, created_at, updated_at)
            SELECT request, brand, 'Bench request', 'A request for the chat bench.', ARRAY['beauty'],
                   ARRAY['1 reel'], 100, 200, 'inr', ($2::timestamptz + interval '30 days')::date, $2, $2
            FROM pairs),
         interests AS (
            INSERT INTO interests (id, request_id, creator_id, status, created_at, decided_at)
            SELECT interest, request, creator, 'accepted', $2, $2 FROM pairs)
         INSERT INTO chat_windows (id, interest_id, request_id, brand_id, creator_id, opened_at, expires_at)
         SELECT win, interest, request, brand, creator, $2, $2 + interval '48 hours' FROM pairs
         RETURNING id, brand_id, creator_id",
    )
    .bind(&run)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;

    let mut clients = Vec::with_capacity(windows * 2);
    for (window, brand, creator) in windows_made {
        let mut tokens = Vec::new();
        for id in [brand, creator] {
            let user = auth::find_user(state, id)
                .await
                .map_err(|e| anyhow::anyhow!(e.message))?
                .ok_or_else(|| anyhow::anyhow!("bench user vanished"))?;
            tokens.push(
                auth::issue_tokens(state, &user)
                    .await
                    .map_err(|e| anyhow::anyhow!(e.message))?
                    .access_token,
            );
        }
        clients.push((window, tokens[0].clone(), tokens[1].clone()));
    }
    Ok(clients)
}

#[derive(Default)]
struct ClientReport {
    /// Send-to-receive latency of each of the partner's messages received.
    latencies: Vec<Duration>,
    /// Partner's messages received, by sequence number: each must be 1.
    received: HashMap<usize, u32>,
    acked: usize,
    errors: usize,
}

/// One client: connects, waits for everyone, sends its messages at a steady
/// pace and reads until it has the partner's and its own acks (or gives up).
#[allow(clippy::too_many_arguments)]
async fn client(
    url: String,
    token: String,
    me: usize,
    messages: usize,
    interval: Duration,
    connected: Arc<Barrier>,
    start: Arc<tokio::sync::OnceCell<Instant>>,
) -> anyhow::Result<ClientReport> {
    // Everyone reaches the barrier, connected or not, so a failure cannot
    // hang the bench.
    let opened = async {
        let mut request = url.into_client_request()?;
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse()?);
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let (sink, mut stream) = socket.split();
        // Wait for the catch-up to end before counting anything.
        while let Some(frame) = stream.next().await {
            if let Message::Text(t) = frame? {
                if t.contains("\"type\":\"ready\"") {
                    break;
                }
            }
        }
        Ok::<_, anyhow::Error>((sink, stream))
    }
    .await;
    connected.wait().await;
    let (mut sink, mut stream) = opened?;
    let epoch = *start.get_or_init(|| async { Instant::now() }).await;

    // Spread the clients' first messages over one interval.
    let offset = interval.mul_f64((me % 1000) as f64 / 1000.0);
    let writer = async move {
        tokio::time::sleep(offset).await;
        let mut tick = tokio::time::interval(interval);
        for seq in 0..messages {
            tick.tick().await;
            let sent_us = epoch.elapsed().as_micros();
            let frame = serde_json::json!({
                "type": "send",
                "client_id": Uuid::new_v4(),
                "body": format!("{me}:{seq}:{sent_us}"),
            });
            sink.send(Message::Text(frame.to_string().into())).await?;
        }
        Ok::<_, anyhow::Error>(sink)
    };
    let reader = async move {
        let mut report = ClientReport::default();
        let deadline = tokio::time::sleep(interval * messages as u32 + Duration::from_secs(30));
        tokio::pin!(deadline);
        while report.received.len() < messages || report.acked < messages {
            let frame = tokio::select! {
                f = stream.next() => f,
                _ = &mut deadline => break,
            };
            let Some(Ok(Message::Text(text))) = frame else {
                if frame.is_none() {
                    break;
                }
                continue;
            };
            let value: serde_json::Value = serde_json::from_str(&text)?;
            match value["type"].as_str() {
                Some("ack") => report.acked += 1,
                Some("error") => report.errors += 1,
                Some("message") => {
                    let body = value["message"]["body"].as_str().unwrap_or_default();
                    let mut parts = body.split(':');
                    let (Some(from), Some(seq), Some(sent)) =
                        (parts.next(), parts.next(), parts.next())
                    else {
                        continue;
                    };
                    let from: usize = from.parse()?;
                    if from == me {
                        continue;
                    }
                    let sent = Duration::from_micros(sent.parse()?);
                    report.latencies.push(epoch.elapsed().saturating_sub(sent));
                    *report.received.entry(seq.parse()?).or_default() += 1;
                }
                _ => {}
            }
        }
        Ok::<_, anyhow::Error>(report)
    };
    let (sink, report) = tokio::join!(writer, reader);
    let mut sink = sink?;
    let _ = sink.close().await;
    report
}

pub async fn run(state: &AppState, bench: ChatBench) -> anyhow::Result<()> {
    let ChatBench {
        url,
        windows,
        messages,
        interval,
        server_pid,
    } = bench;
    let clients = windows * 2;
    println!("setting up {windows} chat windows ({clients} people)…");
    let pairs = setup(state, windows).await?;
    let rss_before = server_pid.and_then(rss_kib);
    let ws_base = url.replacen("http", "ws", 1);
    let connected = Arc::new(Barrier::new(clients + 1));
    let start = Arc::new(tokio::sync::OnceCell::new());
    let mut tasks = Vec::with_capacity(clients);
    let connect_started = Instant::now();
    for (i, (window, brand, creator)) in pairs.into_iter().enumerate() {
        for (side, token) in [(0, brand), (1, creator)] {
            let url = format!("{ws_base}/api/v1/chats/{window}/ws?after_id=0");
            tasks.push(tokio::spawn(client(
                url,
                token,
                i * 2 + side,
                messages,
                interval,
                connected.clone(),
                start.clone(),
            )));
        }
    }
    connected.wait().await;
    let connect_time = connect_started.elapsed();
    let rss_after = server_pid.and_then(rss_kib);
    println!(
        "{clients} clients connected in {:.1} s",
        connect_time.as_secs_f64()
    );
    let run_started = Instant::now();

    let mut latencies = Vec::new();
    let (mut lost, mut duplicated, mut unacked, mut errors, mut failed) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for task in tasks {
        match task.await? {
            Ok(report) => {
                latencies.extend(report.latencies);
                lost += (0..messages)
                    .filter(|s| !report.received.contains_key(s))
                    .count();
                duplicated += report.received.values().filter(|n| **n > 1).count();
                unacked += messages.saturating_sub(report.acked);
                errors += report.errors;
            }
            Err(e) => {
                failed += 1;
                eprintln!("client failed: {e}");
            }
        }
    }
    let elapsed = run_started.elapsed();
    latencies.sort();
    let pick = |p: f64| {
        latencies
            .get(((latencies.len().max(1) - 1) as f64 * p).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let delivered = latencies.len();
    println!(
        "sent {} messages ({} per client, one every {} ms); delivered to the other party: {delivered}",
        clients * messages,
        messages,
        interval.as_millis()
    );
    println!(
        "send-to-receive latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pick(0.50),
        pick(0.99),
        pick(1.0)
    );
    println!(
        "throughput: {:.0} messages/s stored and delivered ({:.0} frames/s incl. acks and own echoes) over {:.1} s",
        delivered as f64 / elapsed.as_secs_f64(),
        (delivered * 3) as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    println!("lost: {lost}, duplicated: {duplicated}, unacknowledged: {unacked}, error frames: {errors}, failed clients: {failed}");
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        println!(
            "server memory: {} MiB before, {} MiB with {clients} connections = {:.1} KiB per connection",
            before / 1024,
            after / 1024,
            after.saturating_sub(before) as f64 / clients as f64
        );
    }
    Ok(())
}

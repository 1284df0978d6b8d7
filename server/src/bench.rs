//! Benchmarks run from the command line (`server bench …`, driven by
//! `scripts/bench`): embedding throughput and filtered match latency with
//! recall against exact search. They print results; they assert nothing.

use crate::synthetic;
use app::server::ai::{to_pgvector, Embedder, TextRole};
use app::server::db::profiles::CreatorFilter;
use app::server::db::{self, Scan};
use app::server::matching::{nearest_creators, pool_size};
use app::server::AppState;
use domain::match_filters::DEFAULT_LIMIT;
use domain::Niche;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Texts per second of the configured embedding model, one at a time and
/// in batches of 32.
pub async fn embeddings(state: &AppState, texts: usize) -> anyhow::Result<()> {
    let provider = state
        .embeddings
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no embedding model configured (MATCHA_E5_*)"))?;
    let bios: Vec<String> = crate::demo_data::creators()
        .into_iter()
        .map(|c| c.profile.bio)
        .collect();
    let corpus: Vec<String> = bios.iter().cycle().take(texts).cloned().collect();
    provider
        .embed(corpus[..4].to_vec(), TextRole::Passage)
        .await
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let started = Instant::now();
    for text in &corpus {
        provider
            .embed(vec![text.clone()], TextRole::Passage)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))?;
    }
    let single = started.elapsed();
    let started = Instant::now();
    for batch in corpus.chunks(32) {
        provider
            .embed(batch.to_vec(), TextRole::Passage)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))?;
    }
    let batched = started.elapsed();
    println!("model: {}", provider.model());
    println!(
        "single:  {texts} texts in {:.2} s = {:.1} texts/s ({:.1} ms each)",
        single.as_secs_f64(),
        texts as f64 / single.as_secs_f64(),
        ms(single) / texts as f64
    );
    println!(
        "batched: {texts} texts in {:.2} s = {:.1} texts/s (batches of 32)",
        batched.as_secs_f64(),
        texts as f64 / batched.as_secs_f64()
    );
    Ok(())
}

/// Filtered top-20 match latency and recall@20 against exact search, on
/// `creators` synthetic profiles, the way a request's match page asks:
/// `pool_size(20)` candidates through the index, exact when short.
pub async fn matching(state: &AppState, creators: usize, queries: usize) -> anyhow::Result<()> {
    let pool = &state.pool;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM creator_profiles")
        .fetch_one(pool)
        .await?;
    if existing < creators as i64 {
        let missing = creators - existing as usize;
        println!("loading {missing} synthetic creators (HNSW indexes dropped while loading)");
        // The migrations' own definitions, to build again after the load.
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT indexname::text, indexdef FROM pg_indexes
             WHERE tablename = 'creator_profiles' AND indexdef LIKE '%USING hnsw%'",
        )
        .fetch_all(pool)
        .await?;
        for (name, _) in &indexes {
            sqlx::query(&format!("DROP INDEX IF EXISTS \"{name}\""))
                .execute(pool)
                .await?;
        }
        let started = Instant::now();
        synthetic::creators(pool, missing, existing as u64 + 1).await?;
        println!("  loaded in {:.1} s", started.elapsed().as_secs_f64());
        let started = Instant::now();
        let mut conn = pool.acquire().await?;
        sqlx::query("SET maintenance_work_mem = '1GB'")
            .execute(&mut *conn)
            .await?;
        for (_, definition) in &indexes {
            sqlx::query(definition).execute(&mut *conn).await?;
        }
        sqlx::query("ANALYZE creator_profiles")
            .execute(pool)
            .await?;
        println!(
            "  {} HNSW indexes (one for all, one per niche) built in {:.1} s",
            indexes.len(),
            started.elapsed().as_secs_f64()
        );
    }

    let topics = synthetic::Topics::new(1);
    let k = pool_size(DEFAULT_LIMIT);
    let top = usize::from(DEFAULT_LIMIT);
    let filter_for = |kind: u8, niche: Niche| CreatorFilter {
        niche: (kind >= 1).then_some(niche),
        location: (kind == 2).then_some("GB"),
        language: None,
        min_followers: None,
        max_followers: None,
        within_budget: None,
    };
    // Warm-up, not measured: after a restart the first queries read the
    // indexes from disk (seconds each).
    let mut warm = StdRng::seed_from_u64(7);
    for kind in [0, 1, 2] {
        for _ in 0..30 {
            let vector = to_pgvector(&topics.sample(&mut warm));
            let niche = Niche::ALL[warm.random_range(0..Niche::ALL.len())];
            nearest_creators(state, &vector, &filter_for(kind, niche), k).await?;
        }
    }
    let mut rng = StdRng::seed_from_u64(42);
    for (label, kind) in [
        ("no filter", 0),
        ("niche (1 in 20)", 1),
        ("niche + country (1 in 60)", 2),
    ] {
        let mut latencies = Vec::with_capacity(queries);
        let mut recall_sum = 0.0;
        for _ in 0..queries {
            let vector = to_pgvector(&topics.sample(&mut rng));
            let niche = Niche::ALL[rng.random_range(0..Niche::ALL.len())];
            let filter = filter_for(kind, niche);
            let started = Instant::now();
            let found = nearest_creators(state, &vector, &filter, k).await?;
            latencies.push(started.elapsed());
            let exact =
                db::profiles::nearest(pool, Scan::Exact, &vector, &filter, top as i64).await?;
            let truth: Vec<_> = exact.iter().map(|(p, _)| p.user_id).collect();
            let got: Vec<_> = found.iter().take(top).map(|(p, _)| p.user_id).collect();
            let hits = got.iter().filter(|id| truth.contains(id)).count();
            recall_sum += if truth.is_empty() {
                1.0
            } else {
                hits as f64 / truth.len() as f64
            };
        }
        latencies.sort();
        println!(
            "{creators} creators, {label}: p50 {:.1} ms, p95 {:.1} ms, recall@{top} {:.3} ({queries} queries, {k} candidates each)",
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.95)),
            recall_sum / queries as f64
        );
    }
    let started = Instant::now();
    for _ in 0..queries.min(20) {
        let vector = to_pgvector(&topics.sample(&mut rng));
        let everyone = CreatorFilter {
            niche: None,
            location: None,
            language: None,
            min_followers: None,
            max_followers: None,
            within_budget: None,
        };
        db::profiles::nearest(pool, Scan::Exact, &vector, &everyone, top as i64).await?;
    }
    println!(
        "exact search without filter, for comparison: {:.1} ms per query",
        ms(started.elapsed()) / queries.min(20) as f64
    );
    Ok(())
}

/// The offline assistant's accuracy on its command tables (the share of
/// commands whose tool calls match exactly) and its time per message (the
/// engine alone, no database), over `rounds` passes of the main table.
pub fn assistant(rounds: usize) {
    use domain::assistant::table;
    const TABLE: &str = include_str!("../../domain/tests/assistant_commands.txt");
    const HELD_OUT: &str = include_str!("../../domain/tests/assistant_heldout.txt");
    for (name, text) in [("command table", TABLE), ("held-out table", HELD_OUT)] {
        let rows = table::run(text);
        let passed = rows.iter().filter(|r| r.passed()).count();
        println!(
            "{name}: {passed}/{} commands match exactly ({:.1} %)",
            rows.len(),
            100.0 * passed as f64 / rows.len().max(1) as f64
        );
        for r in rows.iter().filter(|r| !r.passed()) {
            println!(
                "  > {}\n    expected {}\n    got      {}",
                r.message, r.expected, r.got
            );
        }
    }
    let commands = table::run(TABLE).len();
    let mut per_message = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        let start = std::time::Instant::now();
        let rows = table::run(TABLE);
        std::hint::black_box(&rows);
        per_message.push(start.elapsed().as_secs_f64() * 1e6 / commands as f64);
    }
    per_message.sort_by(f64::total_cmp);
    println!(
        "engine time per message over {} passes of {commands} commands: median {:.1} µs, worst pass {:.1} µs",
        per_message.len(),
        per_message[per_message.len() / 2],
        per_message[per_message.len() - 1]
    );
}

/// Contract generation (details parsed, both documents written) and PDF
/// rendering (layout, shaping, font subsets) over `rounds` runs each, in
/// English alone and English + Hindi; `out` keeps the last PDF of each.
pub fn contract_pdf(
    state: &AppState,
    rounds: usize,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use app::server::pdf::contract::{render, sample};
    use domain::contract_text::Record;
    let fonts = pdf_fonts(state)?;
    let record = Record {
        brand: Some(("Ananya Rao", time::OffsetDateTime::UNIX_EPOCH)),
        creator: Some(("मीना राव", time::OffsetDateTime::UNIX_EPOCH)),
        sha256: "9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a9f2c6a1e0b7d4c3a",
    };
    for language in [domain::Language::En, domain::Language::Hi] {
        let (made, documents) = timed(rounds, || Ok(sample(language)))?;
        let (rendered, last) = timed(rounds, || {
            render(fonts, &documents, &record)
                .map(|pdf| pdf.bytes)
                .map_err(anyhow::Error::msg)
        })?;
        println!(
            "{}: generation p50 {:.2} ms, p99 {:.2} ms; PDF p50 {:.1} ms, p99 {:.1} ms; {:.1} KB ({} runs)",
            if language == domain::Language::En { "English" } else { "English + Hindi" },
            ms(percentile(&made, 0.5)),
            ms(percentile(&made, 0.99)),
            ms(percentile(&rendered, 0.5)),
            ms(percentile(&rendered, 0.99)),
            last.len() as f64 / 1024.0,
            rendered.len()
        );
        keep(out, &format!("contract-{}.pdf", language.code()), &last)?;
    }
    Ok(())
}

/// The PDF fonts the server would use.
fn pdf_fonts(state: &AppState) -> anyhow::Result<&app::server::pdf::Fonts> {
    state
        .pdf_fonts
        .fonts()
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Writes `bytes` as `name` in `out`, when a folder was given.
fn keep(out: Option<&std::path::Path>, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = out {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// `run` `rounds` times (at least once): the times sorted, and the last
/// result.
fn timed<T>(
    rounds: usize,
    mut run: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<(Vec<std::time::Duration>, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        last = Some(run()?);
        times.push(start.elapsed());
    }
    times.sort();
    Ok((times, last.expect("at least one round")))
}

/// The payment report for `milestones` milestones over `rounds` runs: the
/// totals and CSV, and the PDF in English and Hindi (no database: the rows
/// as the report's query returns them); `out` keeps the last PDF of each.
pub fn payment_report(
    state: &AppState,
    milestones: usize,
    rounds: usize,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use app::server::payment_report::csv;
    use app::server::pdf::payments::{render, sample};
    let fonts = pdf_fonts(state)?;
    let report = sample(milestones);
    let (made, size) = timed(rounds, || {
        std::hint::black_box(domain::payment_report::totals(&report.rows));
        Ok(csv(&report, domain::Language::En).len())
    })?;
    println!(
        "{milestones} milestones: totals + CSV p50 {:.2} ms, p99 {:.2} ms; {:.1} KB",
        ms(percentile(&made, 0.5)),
        ms(percentile(&made, 0.99)),
        size as f64 / 1024.0
    );
    for language in [domain::Language::En, domain::Language::Hi] {
        let (rendered, last) = timed(rounds, || {
            render(fonts, &report, "Ananya Rao", language).map_err(anyhow::Error::msg)
        })?;
        println!(
            "{milestones} milestones, PDF in {}: p50 {:.1} ms, p99 {:.1} ms; {:.1} KB ({} runs)",
            language.code(),
            ms(percentile(&rendered, 0.5)),
            ms(percentile(&rendered, 0.99)),
            last.len() as f64 / 1024.0,
            rendered.len()
        );
        keep(out, &format!("payments-{}.pdf", language.code()), &last)?;
    }
    Ok(())
}

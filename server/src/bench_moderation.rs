//! `server bench moderation`: how well and how fast the content scanner
//! reads the labelled table and the held-out table.

use app::server::ai::{Embedder, EmbeddingProvider, TextRole};
use app::server::moderation::{self, Examples};
use app::server::AppState;
use domain::moderation::neighbours::{self, Calibration};
use domain::moderation::table::{self, Labelled, Report};
use domain::moderation::{Category, Reason, Source, Verdict};
use std::collections::BTreeMap;
use std::time::Instant;

const HELD_OUT: &str = include_str!("../../domain/tests/moderation_heldout.tsv");

pub async fn run(state: &AppState, calibrate: bool) -> anyhow::Result<()> {
    let labelled = table::parse(domain::moderation::LABELLED).map_err(anyhow::Error::msg)?;
    let held_out = table::parse(HELD_OUT).map_err(anyhow::Error::msg)?;

    println!("## lists and patterns (offline path)");
    for (name, rows) in [("labelled table", &labelled), ("held-out table", &held_out)] {
        print_report(name, rows, &offline(rows));
    }
    let mut times = Vec::new();
    for _ in 0..20 {
        for row in labelled.iter().chain(&held_out) {
            let start = Instant::now();
            std::hint::black_box(domain::moderation::scan(row.text, row.context));
            times.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    let (p50, p99) = percentiles(&mut times);
    println!(
        "time per text, lists and patterns: p50 {p50:.1} µs, p99 {p99:.1} µs ({} scans)",
        times.len()
    );

    let Some(provider) = state.embeddings.as_ref() else {
        println!("no embedding model configured: the embedding step is not measured");
        return Ok(());
    };
    let Some(calibration) = moderation::calibration(provider) else {
        println!(
            "{} has no calibration: the embedding step is off for it",
            provider.model()
        );
        return Ok(());
    };
    let start = Instant::now();
    let examples = moderation::examples(provider).await?;
    println!(
        "\n## with the embedding step ({}; {} examples embedded in {:.1} s)",
        provider.model(),
        labelled.len(),
        start.elapsed().as_secs_f64()
    );
    let held_vectors = embed_all(provider, &held_out).await?;
    let with_likeness: Vec<Verdict> = held_out
        .iter()
        .zip(&held_vectors)
        .map(|(row, v)| {
            combine(
                row,
                neighbours::decide(&examples.similarities(v), calibration),
            )
        })
        .collect();
    print_report("held-out table", &held_out, &with_likeness);
    let mut times = Vec::new();
    for row in labelled.iter().take(200).chain(&held_out) {
        let start = Instant::now();
        std::hint::black_box(moderation::scan(state, &[row.text], row.context).await);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (p50, p99) = percentiles(&mut times);
    println!(
        "time per text, with the embedding step: p50 {p50:.1} ms, p99 {p99:.1} ms ({} scans)",
        times.len()
    );

    if calibrate {
        leave_one_out(provider, &labelled, &examples).await?;
    }
    Ok(())
}

fn offline(rows: &[Labelled<'_>]) -> Vec<Verdict> {
    rows.iter()
        .map(|r| domain::moderation::scan(r.text, r.context))
        .collect()
}

/// The lists' reasons for `row` and the likeness the step found.
fn combine(row: &Labelled<'_>, likeness: Option<(Category, f32)>) -> Verdict {
    let mut reasons = domain::moderation::reasons(row.text);
    if let Some((category, sim)) = likeness {
        if !reasons.iter().any(|r| r.category == category) {
            reasons.push(Reason {
                category,
                source: Source::Embedding,
                evidence: format!("{sim:.3}"),
            });
        }
    }
    Verdict::from_reasons(row.context, reasons)
}

async fn embed_all(
    provider: &EmbeddingProvider,
    rows: &[Labelled<'_>],
) -> anyhow::Result<Vec<Vec<f32>>> {
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(32) {
        let texts = chunk.iter().map(|r| r.text.to_owned()).collect();
        out.extend(provider.embed(texts, TextRole::Query).await?);
    }
    Ok(out)
}

/// Every calibration of a small grid, each row of the labelled table
/// decided by all the others.
async fn leave_one_out(
    provider: &EmbeddingProvider,
    rows: &[Labelled<'_>],
    examples: &Examples,
) -> anyhow::Result<()> {
    println!("\n## leave-one-out on the labelled table (k, min similarity, min share)");
    let vectors = embed_all(provider, rows).await?;
    let similarities: Vec<Vec<(Option<Category>, f32)>> = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut s = examples.similarities(v);
            s.remove(i);
            s
        })
        .collect();
    for k in [3, 5, 7] {
        for min_similarity in [0.86, 0.88, 0.90, 0.92] {
            for min_share in [0.5, 0.6, 0.8] {
                let calibration = Calibration {
                    k,
                    min_similarity,
                    min_share,
                };
                let verdicts: Vec<Verdict> = rows
                    .iter()
                    .zip(&similarities)
                    .map(|(row, s)| combine(row, neighbours::decide(s, calibration)))
                    .collect();
                let report = table::grade(rows, &verdicts);
                // The lists already catch the whole table, so what the
                // step adds is measured on its own: harmful rows it holds.
                let (mut alone, mut harmful) = (0, 0);
                for (row, s) in rows.iter().zip(&similarities) {
                    if row.expected.is_some() {
                        harmful += 1;
                        alone += usize::from(neighbours::decide(s, calibration).is_some());
                    }
                }
                println!(
                    "k {k}, {min_similarity:.2}, {min_share:.1}: recall {:.3}, the step alone {:.3}, clean held {:.3}",
                    report.recall(),
                    alone as f64 / harmful as f64,
                    report.false_positive_rate()
                );
            }
        }
    }
    Ok(())
}

fn print_report(name: &str, rows: &[Labelled<'_>], verdicts: &[Verdict]) {
    let all = table::grade(rows, verdicts);
    println!(
        "{name}: recall {:.3} on {} harmful, {} of {} clean held back ({:.1} %), {} in another category, {} severe sent to review instead of refused",
        all.recall(),
        all.harmful,
        all.held_clean(),
        all.clean,
        100.0 * all.false_positive_rate(),
        all.wrong_category(),
        all.not_refused()
    );
    let group = |key: &dyn Fn(&Labelled<'_>) -> String| {
        let mut groups: BTreeMap<String, (Vec<Labelled<'_>>, Vec<Verdict>)> = BTreeMap::new();
        for (row, verdict) in rows.iter().zip(verdicts) {
            let entry = groups.entry(key(row)).or_default();
            entry.0.push(row.clone());
            entry.1.push(verdict.clone());
        }
        groups
            .into_iter()
            .map(|(k, (r, v))| (k, table::grade(&r, &v)))
            .collect::<Vec<(String, Report)>>()
    };
    let line = |(k, r): (String, Report)| {
        let harmful = if r.harmful > 0 {
            format!("recall {:.2} ({})", r.recall(), r.harmful)
        } else {
            String::new()
        };
        let clean = if r.clean > 0 {
            format!("clean held {}/{}", r.held_clean(), r.clean)
        } else {
            String::new()
        };
        format!("{k}: {harmful} {clean}").trim().to_owned()
    };
    println!(
        "  per language: {}",
        group(&|r| r.language.to_owned())
            .into_iter()
            .map(line)
            .collect::<Vec<_>>()
            .join("; ")
    );
    println!(
        "  per category: {}",
        group(&|r| r.expected.map_or("clean".into(), |c| c.key().to_owned()))
            .into_iter()
            .map(line)
            .collect::<Vec<_>>()
            .join("; ")
    );
    for (miss, language, what) in &all.misses {
        println!("  {miss:?} [{language}] {what}");
    }
}

/// p50 and p99 of `values` (sorted in place).
pub(crate) fn percentiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

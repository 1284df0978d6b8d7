//! Any OpenAI-compatible moderation endpoint (`POST /moderations`), for
//! deployments that set `MODERATION_PROVIDER=openai`. What it flags is
//! added to what the shipped lists find and sends the item to review; it
//! never refuses on its own (see `Source::may_refuse`).

use crate::error::AppError;
use domain::moderation::{model_category, Category, Reason, Source};
use serde::Deserialize;
use std::collections::BTreeMap;

/// How long a save waits for the endpoint before going on without it.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Clone, Debug)]
pub struct OpenAiModeration(super::ModelEndpoint);

/// One text's result, read leniently: servers that copy OpenAI's API often
/// leave out fields (scores, input types) or add categories of their own.
#[derive(Deserialize)]
struct Outcome {
    #[serde(default)]
    categories: BTreeMap<String, bool>,
    #[serde(default)]
    category_scores: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct Answer {
    results: Vec<Outcome>,
}

fn unavailable(detail: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %detail, "moderation endpoint failed");
    AppError::internal()
}

impl OpenAiModeration {
    /// `base_url` like `https://api.openai.com/v1`.
    pub fn new(base_url: &str, api_key: &str, model: &str) -> Self {
        Self(super::ModelEndpoint::new(base_url, api_key, model))
    }

    pub fn model(&self) -> &str {
        self.0.model()
    }

    /// What the endpoint flags in each of `texts` (in order), as reasons
    /// from the outside model: one per category of ours, evidence naming
    /// the endpoint's category and score.
    /// A save waits at most [`WAIT`] for it, retries included.
    pub async fn reasons(&self, texts: &[&str]) -> Result<Vec<Vec<Reason>>, AppError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let request = serde_json::json!({ "model": self.0.model(), "input": texts });
        let moderations = self.0.client().moderations();
        let answer: Answer = tokio::time::timeout(WAIT, moderations.create_byot(request))
            .await
            .map_err(|_| unavailable(format!("no answer within {WAIT:?}")))?
            .map_err(unavailable)?;
        if answer.results.len() != texts.len() {
            return Err(unavailable(format!(
                "asked about {} texts, got {} results",
                texts.len(),
                answer.results.len()
            )));
        }
        Ok(answer.results.into_iter().map(flagged).collect())
    }
}

/// The reasons in one result: each flagged category this product acts on,
/// once per category of ours (the highest score's name as evidence).
fn flagged(outcome: Outcome) -> Vec<Reason> {
    let mut found: BTreeMap<Category, (f64, String)> = BTreeMap::new();
    for (name, _) in outcome.categories.iter().filter(|(_, on)| **on) {
        let Some(category) = model_category(name) else {
            continue;
        };
        let score = outcome.category_scores.get(name).copied().unwrap_or(1.0);
        let best = found.entry(category).or_insert((f64::MIN, String::new()));
        if score > best.0 {
            *best = (score, name.clone());
        }
    }
    found
        .into_iter()
        .map(|(category, (score, name))| Reason {
            category,
            source: Source::Model,
            evidence: format!("{name} {score:.2}"),
        })
        .collect()
}

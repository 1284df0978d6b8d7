//! The content scanner as the services use it: the domain's word lists and
//! patterns, then (with the local embedding model) the likeness of the text
//! to the labelled examples, which sends threats and scams phrased without
//! a listed word to review.

use super::ai::{Embedder, EmbeddingProvider, TextRole};
use super::{db, AppState};
use domain::moderation::neighbours::{self, Calibration};
use domain::moderation::report::AccountStatus;
use domain::moderation::{table, Category, Context, Reason, Source, Status, Verdict};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::OnceCell;

/// The labelled examples under one model: each example's label and vector.
pub struct Examples {
    rows: Vec<(Option<Category>, Vec<f32>)>,
}

impl Examples {
    /// Every example's label and its similarity to `vector`.
    pub fn similarities(&self, vector: &[f32]) -> Vec<(Option<Category>, f32)> {
        self.rows
            .iter()
            .map(|(label, v)| (*label, super::ai::cosine(v, vector)))
            .collect()
    }

    /// Embeds the labelled table (about ten seconds for the local model).
    pub async fn embed(provider: &EmbeddingProvider) -> Result<Self, crate::AppError> {
        let labelled = table::parse(domain::moderation::LABELLED).map_err(|e| {
            tracing::error!(error = %e, "the labelled table does not parse");
            crate::AppError::internal()
        })?;
        let mut rows = Vec::with_capacity(labelled.len());
        for chunk in labelled.chunks(32) {
            let texts = chunk.iter().map(|r| r.text.to_owned()).collect();
            let vectors = provider.embed(texts, TextRole::Query).await?;
            rows.extend(chunk.iter().map(|r| r.expected).zip(vectors));
        }
        Ok(Self { rows })
    }
}

/// The calibration for `provider`'s model; `None` for models it was not
/// measured on, which then use the lists and patterns alone.
pub fn calibration(provider: &EmbeddingProvider) -> Option<Calibration> {
    match provider {
        EmbeddingProvider::Local(_) => Some(Calibration::E5_SMALL),
        EmbeddingProvider::OpenAi(_) => None,
    }
}

/// The examples under `provider`'s model, embedded once per process (a
/// cache: every instance computes the same).
pub async fn examples(provider: &EmbeddingProvider) -> Result<Arc<Examples>, crate::AppError> {
    type Cells = Mutex<HashMap<String, Arc<OnceCell<Arc<Examples>>>>>;
    static CELLS: OnceLock<Cells> = OnceLock::new();
    let cell = CELLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(provider.model().to_owned())
        .or_default()
        .clone();
    cell.get_or_try_init(|| async { Examples::embed(provider).await.map(Arc::new) })
        .await
        .cloned()
}

/// Warms the example cache in the background, so the first save does not wait.
pub fn warm(state: &AppState) {
    if let Some(provider) = state.embeddings.clone() {
        if calibration(&provider).is_some() {
            tokio::spawn(async move {
                if let Err(e) = examples(&provider).await {
                    tracing::warn!(error = %e.message, "moderation examples not embedded yet");
                }
            });
        }
    }
}

/// The likeness step for texts already read by the lists: one reason per
/// text (or none).
pub async fn likeness(
    provider: &EmbeddingProvider,
    texts: &[&str],
) -> Result<Vec<Option<Reason>>, crate::AppError> {
    let Some(calibration) = calibration(provider) else {
        return Ok(vec![None; texts.len()]);
    };
    let examples = examples(provider).await?;
    let vectors = provider
        .embed(
            texts.iter().map(|t| (*t).to_owned()).collect(),
            TextRole::Query,
        )
        .await?;
    Ok(vectors
        .iter()
        .map(|v| {
            neighbours::decide(&examples.similarities(v), calibration).map(|(category, sim)| {
                Reason {
                    category,
                    source: Source::Embedding,
                    evidence: format!("{sim:.3}"),
                }
            })
        })
        .collect())
}

/// The scanner's verdict on each of `texts` (in order, the fields of one
/// item): lists and patterns, then the likeness step when a calibrated
/// model is configured, then the outside moderation model when one is.
/// When the lists refuse any of the texts the item is refused, and no model
/// is asked. If a model fails, what the others found stands (and the
/// failure is logged): saving never waits on a broken model.
pub async fn scan(state: &AppState, texts: &[&str], context: Context) -> Vec<Verdict> {
    let mut reasons: Vec<Vec<Reason>> = texts
        .iter()
        .map(|t| domain::moderation::reasons(t))
        .collect();
    let refused = reasons
        .iter()
        .any(|r| Verdict::from_reasons(context, r.clone()).status == Status::Rejected);
    let pending: Vec<usize> = (0..texts.len())
        .filter(|i| !refused && !texts[*i].trim().is_empty())
        .collect();
    if pending.is_empty() {
        return reasons
            .into_iter()
            .map(|r| Verdict::from_reasons(context, r))
            .collect();
    }
    let asked: Vec<&str> = pending.iter().map(|i| texts[*i]).collect();
    let mut add = |found: Vec<Vec<Reason>>| {
        for (i, more) in pending.iter().zip(found) {
            for reason in more {
                if !reasons[*i].iter().any(|r| r.category == reason.category) {
                    reasons[*i].push(reason);
                }
            }
        }
    };
    if let Some(provider) = state.embeddings.as_ref() {
        match likeness(provider, &asked).await {
            Ok(found) => add(found.into_iter().map(Vec::from_iter).collect()),
            Err(e) => tracing::warn!(error = %e.message, "the likeness step failed; lists only"),
        }
    }
    if let Some(model) = state.moderation.as_ref() {
        match model.reasons(&asked).await {
            Ok(found) => add(found),
            Err(e) => tracing::warn!(error = %e.message, "the moderation model failed; without it"),
        }
    }
    reasons
        .into_iter()
        .map(|r| Verdict::from_reasons(context, r))
        .collect()
}

/// The verdict on an item made of `fields` (name and text, in form order):
/// `content_blocked` naming the first refused field and why (nothing is to
/// be stored), or the item's standing with every field's reasons.
pub async fn check(
    state: &AppState,
    context: Context,
    fields: &[(&str, &str)],
) -> Result<Verdict, crate::AppError> {
    let texts: Vec<&str> = fields.iter().map(|(_, text)| *text).collect();
    let verdicts = scan(state, &texts, context).await;
    for ((field, _), verdict) in fields.iter().zip(&verdicts) {
        if let Some(category) = verdict.refused_for() {
            return Err(crate::AppError::content_blocked(field, category));
        }
    }
    let reasons = verdicts.into_iter().flat_map(|v| v.reasons).collect();
    Ok(Verdict::from_reasons(context, reasons))
}

/// A display name (`field`): the lists and patterns alone, as a name is too
/// short for likeness, and whatever they find refuses it.
pub fn check_name(field: &str, name: &str) -> Result<(), crate::AppError> {
    match domain::moderation::scan(name, Context::Name).refused_for() {
        Some(category) => Err(crate::AppError::content_blocked(field, category)),
        None => Ok(()),
    }
}

/// Refuses what an account under review or suspended may not do: publish,
/// express interest, accept or send. Every service that does one of those
/// calls this (REST, server functions, WebSocket and MCP share them).
pub fn require_active(caller: &crate::features::auth::User) -> Result<(), crate::AppError> {
    if caller.status.may_act() {
        Ok(())
    } else {
        Err(crate::AppError::account_suspended())
    }
}

/// [`require_active`] for a standing read from the database just now (a
/// live connection may outlast a suspension).
pub fn may_act(stored_status: &str) -> Result<(), crate::AppError> {
    match AccountStatus::from_key(stored_status) {
        Some(status) if status.may_act() => Ok(()),
        _ => Err(crate::AppError::account_suspended()),
    }
}

/// Puts `author`'s account under review when its flags reach the threshold
/// (three in thirty days, `domain::moderation::flags`): the account is told
/// why, and a case about the account leads the queue. Runs in the
/// transaction that added the flag, so two flags at once cannot both miss.
pub async fn review_if_flagged(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    author: uuid::Uuid,
    now: time::OffsetDateTime,
) -> Result<(), crate::AppError> {
    // Serialises flag counts per author.
    let Some(status) = db::users::status_for_update(&mut **tx, author).await? else {
        return Ok(());
    };
    if status != AccountStatus::Active.key() {
        return Ok(());
    }
    let (flags, reasons) = db::moderation::flags_of(tx, author, now).await?;
    if !domain::moderation::flags::suspends(&flags, now) {
        return Ok(());
    }
    db::users::set_status(&mut **tx, author, AccountStatus::PendingReview, now).await?;
    let verdict = Verdict {
        status: Status::PendingReview,
        reasons,
    };
    let case = db::moderation::Target::Account(author);
    let excerpt = db::users::display_name(&mut **tx, author)
        .await?
        .unwrap_or_default();
    db::moderation::sync(&mut **tx, case, author, &verdict, &excerpt, now).await?;
    // Always shown in the app, never mailed: not an event one can turn off.
    db::notifications::insert(
        &mut **tx,
        author,
        "account_under_review",
        &serde_json::json!({}),
        None,
        now,
    )
    .await?;
    Ok(())
}

/// Records the scanner's verdict on an item just saved (its live case, see
/// `db::moderation::sync`); an item held back is a flag against its author.
pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    target: db::moderation::Target,
    author: uuid::Uuid,
    verdict: &Verdict,
    excerpt: &str,
    now: time::OffsetDateTime,
) -> Result<(), crate::AppError> {
    db::moderation::sync(&mut **tx, target, author, verdict, excerpt, now).await?;
    if verdict.status == Status::PendingReview {
        review_if_flagged(tx, author, now).await?;
    }
    Ok(())
}

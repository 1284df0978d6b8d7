//! Sentence embeddings: the provider trait and vector helpers.

use crate::error::AppError;

/// Asymmetric models embed a search query and a stored document differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// What is searched with (a brief looking for creators).
    Query,
    /// What is searched in (a creator profile, a stored request).
    Passage,
}

pub trait Embedder: Send + Sync {
    /// The model name stored next to every vector, so a model change can be
    /// detected and everything re-embedded.
    fn model(&self) -> &str;

    fn dimensions(&self) -> usize;

    /// One L2-normalised vector per text, in order.
    fn embed(
        &self,
        texts: Vec<String>,
        role: TextRole,
    ) -> impl std::future::Future<Output = Result<Vec<Vec<f32>>, AppError>> + Send;
}

/// The configured provider. An enum rather than a trait object because
/// `Embedder::embed` is an async fn.
#[derive(Clone)]
pub enum EmbeddingProvider {
    Local(super::LocalE5),
    OpenAi(super::OpenAiEmbeddings),
}

impl EmbeddingProvider {
    /// Where this model's cosine similarities fall, for 0–100 scores.
    pub fn calibration(&self) -> domain::matching::Calibration {
        match self {
            EmbeddingProvider::Local(_) => domain::matching::Calibration::E5_SMALL,
            EmbeddingProvider::OpenAi(_) => domain::matching::Calibration::GENERAL,
        }
    }
}

impl Embedder for EmbeddingProvider {
    fn model(&self) -> &str {
        match self {
            EmbeddingProvider::Local(e) => e.model(),
            EmbeddingProvider::OpenAi(e) => e.model(),
        }
    }

    fn dimensions(&self) -> usize {
        match self {
            EmbeddingProvider::Local(e) => e.dimensions(),
            EmbeddingProvider::OpenAi(e) => e.dimensions(),
        }
    }

    async fn embed(&self, texts: Vec<String>, role: TextRole) -> Result<Vec<Vec<f32>>, AppError> {
        match self {
            EmbeddingProvider::Local(e) => e.embed(texts, role).await,
            EmbeddingProvider::OpenAi(e) => e.embed(texts, role).await,
        }
    }
}

/// A vector in pgvector's text form, `[0.1,0.2,…]`, for binding as `$n::vector`.
pub fn to_pgvector(v: &[f32]) -> String {
    let parts: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(","))
}

/// Cosine similarity of two vectors of equal length (0 for empty input).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests {
    use super::{cosine, to_pgvector};

    #[test]
    fn vectors_print_in_pgvector_text_form() {
        assert_eq!(to_pgvector(&[0.5, -1.0, 0.0]), "[0.5,-1,0]");
        assert_eq!(to_pgvector(&[]), "[]");
    }

    #[test]
    fn cosine_of_parallel_orthogonal_and_empty_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 1.0]).abs() < 1e-6);
        assert_eq!(cosine(&[], &[]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}

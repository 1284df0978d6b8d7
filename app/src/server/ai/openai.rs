//! Any OpenAI-compatible embeddings endpoint (OpenAI, Azure-style proxies,
//! vLLM, Ollama, LiteLLM …) through async-openai.

use super::embeddings::{Embedder, TextRole};
use crate::error::{AppError, ErrorCode};
use async_openai::config::OpenAIConfig;
use async_openai::types::embeddings::{CreateEmbeddingRequestArgs, EmbeddingInput};
use async_openai::Client;

/// Cheap to clone: every clone shares one HTTP client.
#[derive(Clone)]
pub struct OpenAiEmbeddings(std::sync::Arc<Endpoint>);

struct Endpoint {
    client: Client<OpenAIConfig>,
    /// The model the endpoint is asked for.
    endpoint_model: String,
    /// The model name stored next to each vector: endpoint model and size.
    model: String,
    dimensions: usize,
}

impl std::fmt::Debug for OpenAiEmbeddings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiEmbeddings")
            .field("model", &self.0.model)
            .finish_non_exhaustive()
    }
}

fn unavailable(detail: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %detail, "embedding endpoint failed");
    AppError::new(
        ErrorCode::ServiceUnavailable,
        "The embedding service is not available right now.",
    )
}

impl OpenAiEmbeddings {
    /// `base_url` like `https://api.openai.com/v1`; the vectors must have
    /// `dimensions` entries (the database column's size).
    pub fn new(base_url: &str, api_key: &str, model: &str, dimensions: usize) -> Self {
        Self(std::sync::Arc::new(Endpoint {
            client: super::openai_client(base_url, api_key),
            endpoint_model: model.to_owned(),
            model: format!("openai:{model}:{dimensions}"),
            dimensions,
        }))
    }
}

fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

impl Embedder for OpenAiEmbeddings {
    fn model(&self) -> &str {
        &self.0.model
    }

    fn dimensions(&self) -> usize {
        self.0.dimensions
    }

    /// General-purpose embedding models take the text as it is, whatever
    /// its role.
    async fn embed(&self, texts: Vec<String>, _role: TextRole) -> Result<Vec<Vec<f32>>, AppError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let count = texts.len();
        let request = CreateEmbeddingRequestArgs::default()
            .model(self.0.endpoint_model.clone())
            .input(EmbeddingInput::StringArray(texts))
            .dimensions(self.0.dimensions as u32)
            .build()
            .map_err(unavailable)?;
        let mut response = self
            .0
            .client
            .embeddings()
            .create(request)
            .await
            .map_err(unavailable)?;
        response.data.sort_by_key(|e| e.index);
        if response.data.len() != count {
            return Err(unavailable(format!(
                "asked for {count} vectors, got {}",
                response.data.len()
            )));
        }
        response
            .data
            .into_iter()
            .map(|e| {
                if e.embedding.len() == self.0.dimensions {
                    Ok(normalised(e.embedding))
                } else {
                    Err(unavailable(format!(
                        "expected {} dimensions, got {}",
                        self.0.dimensions,
                        e.embedding.len()
                    )))
                }
            })
            .collect()
    }
}

//! AI providers behind traits, so the offline default and any
//! OpenAI-compatible server are interchangeable.

pub mod embeddings;
pub mod local_e5;
pub mod openai;
pub mod openai_moderation;

pub use embeddings::{cosine, to_pgvector, Embedder, EmbeddingProvider, TextRole};
pub use local_e5::LocalE5;
pub use openai::OpenAiEmbeddings;
pub use openai_moderation::OpenAiModeration;

use super::AppState;
use async_openai::config::OpenAIConfig;
use async_openai::Client;

/// A client for the OpenAI-compatible server at `base_url` (like
/// `https://api.openai.com/v1`).
pub fn openai_client(base_url: &str, api_key: &str) -> Client<OpenAIConfig> {
    crate::server::install_tls_provider();
    let config = OpenAIConfig::new()
        .with_api_base(base_url.trim_end_matches('/'))
        .with_api_key(api_key);
    Client::with_config(config)
}

/// One model on an OpenAI-compatible server. Cheap to clone: every clone
/// shares one HTTP client.
#[derive(Clone)]
pub struct ModelEndpoint(std::sync::Arc<(Client<OpenAIConfig>, String)>);

impl ModelEndpoint {
    pub fn new(base_url: &str, api_key: &str, model: &str) -> Self {
        Self(std::sync::Arc::new((
            openai_client(base_url, api_key),
            model.to_owned(),
        )))
    }

    pub fn client(&self) -> &Client<OpenAIConfig> {
        &self.0 .0
    }

    pub fn model(&self) -> &str {
        &self.0 .1
    }
}

impl std::fmt::Debug for ModelEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelEndpoint")
            .field("model", &self.model())
            .finish_non_exhaustive()
    }
}

/// The id named `key` in a job payload.
pub fn id_from(payload: &serde_json::Value, key: &str) -> Result<uuid::Uuid, String> {
    payload
        .get(key)
        .and_then(|v| v.as_str())
        .and_then(|v| uuid::Uuid::parse_str(v).ok())
        .ok_or_else(|| format!("payload has no {key}"))
}

/// Embeds one stored document with the configured provider; returns the
/// vector in pgvector's text form and the model name. Requests are embedded
/// as queries (a brief looks for creators) and profiles as passages, the
/// pairing the matching calibration was measured on.
pub async fn embed_document(
    state: &AppState,
    text: String,
    role: TextRole,
) -> Result<(String, String), String> {
    let provider = state
        .embeddings
        .as_ref()
        .ok_or("no embedding provider is configured")?;
    let vector = provider
        .embed(vec![text], role)
        .await
        .map_err(|e| e.message)?
        .pop()
        .ok_or("the provider returned no vector")?;
    Ok((to_pgvector(&vector), provider.model().to_owned()))
}

/// A document saved again while it was being embedded fails its job, so the
/// job runs again (after a short backoff) on the newer text.
pub fn retry_if_changed(changed: bool) -> Result<(), String> {
    if changed {
        Err("the document changed while it was embedded; embedding the newer version".into())
    } else {
        Ok(())
    }
}

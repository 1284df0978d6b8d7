//! AI providers behind traits, so the offline default and any
//! OpenAI-compatible server are interchangeable.

pub mod embeddings;
pub mod local_e5;

pub use embeddings::{cosine, to_pgvector, Embedder, EmbeddingProvider, TextRole};
pub use local_e5::LocalE5;

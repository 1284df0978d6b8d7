//! Server-only services (compiled with the `ssr` feature): state, clock,
//! password hashing, tokens, sessions, rate limits and the SQL behind them.
//! Server functions and REST handlers both call into here.

pub mod accounts;
pub mod ai;
pub mod api_tokens;
pub mod assistant;
pub mod auth;
pub mod chats;
pub mod clock;
pub mod contracts;
pub mod daily;
pub mod db;
pub mod deals;
pub mod deliverables;
pub mod erasure;
pub mod files;
pub mod interests;
pub mod jobs;
pub mod language;
pub mod live;
pub mod mail;
pub mod matching;
pub mod milestones;
pub mod moderation;
pub mod moderation_queue;
pub mod notifications;
pub mod notify;
pub mod oauth;
pub mod passwords;
pub mod payment_report;
pub mod pdf;
pub mod portfolio;
pub mod profiles;
pub mod rate_limit;
pub mod recovery;
pub mod reindex;
pub mod reports;
pub mod requests;
pub mod search;
pub mod session;
pub mod settings;
pub mod state;
pub mod storage;
pub mod sweep;
pub mod task_tools;
pub mod tasks;
pub mod tokens;

pub use clock::Clock;
pub use state::{AppState, Settings};

/// Makes ring rustls' process-wide crypto provider (the HTTP clients for
/// OpenAI-compatible endpoints and S3 are built without one of their own).
/// Safe to call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

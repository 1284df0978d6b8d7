//! Typed configuration, read once from the environment at start. Every knob
//! is listed in the README's configuration table.

use anyhow::{bail, Context};
use app::server::storage::S3Config;
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub database_max_connections: u32,
    pub bind_addr: SocketAddr,
    /// Set `Secure` on the session cookie (serve over TLS).
    pub cookie_secure: bool,
    /// Access-token signing key; when unset one is generated and kept in the database.
    pub jwt_secret: Option<String>,
    pub auth_rate_limit_per_minute: u32,
    pub max_body_bytes: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub log_json: bool,
    /// The local embedding engine and model (`scripts/run` installs them);
    /// without both, profiles wait in "indexing".
    pub e5_library: Option<String>,
    pub e5_model: Option<String>,
    /// The folder uploaded files are kept in (when no S3 bucket is set).
    pub upload_dir: String,
    /// The folder of the fonts PDF files are set in (`MATCHA_PDF_FONTS`;
    /// default `public/fonts/pdf`, which `scripts/lib.sh` fills from npm).
    pub pdf_fonts: Option<String>,
    /// An S3-compatible bucket for uploaded files, when `S3_BUCKET` is set.
    pub s3: Option<S3Config>,
    /// An OpenAI-compatible embeddings endpoint, used instead of the local
    /// model when `OPENAI_BASE_URL` and `EMBEDDING_MODEL` are set.
    pub openai_embeddings: Option<OpenAiEndpoint>,
    /// The task assistant's model, when `ASSISTANT_ENGINE=openai`.
    pub assistant: Option<AssistantModel>,
    /// An outside moderation model, when `MODERATION_PROVIDER=openai`.
    pub moderation: Option<OpenAiModel>,
    /// The SMTP server mail goes to; `None` keeps mail in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of every mail (`MAT-CHA <no-reply@…>`).
    pub mail_from: String,
    pub chat_rate_limit_per_minute: u32,
    /// Host names MCP clients may reach `/mcp` by; empty allows any.
    pub mcp_allowed_hosts: Vec<String>,
    /// Browser origins besides this site's that may call `/mcp`.
    pub mcp_allowed_origins: Vec<String>,
    /// The site's public base URL (`PUBLIC_URL`); by default the bind address.
    pub public_url: String,
    /// The bearer token `/metrics` asks for; without one `/metrics` is not served.
    pub metrics_token: Option<String>,
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased, without a
/// path; `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' '])).then_some(url)
}

fn list(name: &str) -> Vec<String> {
    var(name)
        .map(|v| {
            v.split(',')
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A model on an OpenAI-compatible server.
#[derive(Clone, Debug)]
pub struct OpenAiModel {
    pub base_url: String,
    pub api_key: String,
    pub model: String,
}

/// The model `switch=openai` asks for (`model_var`, else `default`) at
/// `OPENAI_BASE_URL`; `None` for `offline` or unset.
fn openai_model(
    switch: &str,
    model_var: &str,
    default: &str,
) -> anyhow::Result<Option<OpenAiModel>> {
    match var(switch).as_deref().unwrap_or("offline") {
        "offline" => Ok(None),
        "openai" => {
            let Some(base_url) = var("OPENAI_BASE_URL") else {
                bail!("{switch}=openai needs OPENAI_BASE_URL (and usually OPENAI_API_KEY)");
            };
            Ok(Some(OpenAiModel {
                base_url,
                api_key: var("OPENAI_API_KEY").unwrap_or_default(),
                model: var(model_var).unwrap_or_else(|| default.into()),
            }))
        }
        other => bail!("{switch}={other:?}: use offline or openai"),
    }
}

/// An OpenAI-compatible chat model for the task assistant.
#[derive(Clone, Debug)]
pub struct AssistantModel {
    pub endpoint: OpenAiModel,
    /// Answer with the offline engine while the model is unreachable.
    pub fallback: bool,
}

fn assistant_model() -> anyhow::Result<Option<AssistantModel>> {
    let Some(endpoint) = openai_model("ASSISTANT_ENGINE", "ASSISTANT_MODEL", "gpt-4o-mini")? else {
        return Ok(None);
    };
    let fallback = match var("ASSISTANT_FALLBACK").as_deref().unwrap_or("offline") {
        "offline" => true,
        "none" => false,
        other => bail!("ASSISTANT_FALLBACK={other:?}: use offline or none"),
    };
    Ok(Some(AssistantModel { endpoint, fallback }))
}

/// Where and how to ask an OpenAI-compatible server for embeddings.
#[derive(Clone, Debug)]
pub struct OpenAiEndpoint {
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    pub dimensions: usize,
}

/// The size of the stored vectors (`vector(384)` in the migrations).
pub const STORED_DIMENSIONS: usize = 384;

fn openai_endpoint() -> anyhow::Result<Option<OpenAiEndpoint>> {
    let (Some(base_url), Some(model)) = (var("OPENAI_BASE_URL"), var("EMBEDDING_MODEL")) else {
        return Ok(None);
    };
    let dimensions = parse_or("EMBEDDING_DIMENSIONS", STORED_DIMENSIONS)?;
    if dimensions != STORED_DIMENSIONS {
        bail!("EMBEDDING_DIMENSIONS must be {STORED_DIMENSIONS}: the database stores vectors of that size");
    }
    Ok(Some(OpenAiEndpoint {
        base_url,
        api_key: var("OPENAI_API_KEY").unwrap_or_default(),
        model,
        dimensions,
    }))
}

fn s3_config() -> anyhow::Result<Option<S3Config>> {
    let Some(bucket) = var("S3_BUCKET") else {
        return Ok(None);
    };
    let region = var("S3_REGION").unwrap_or_else(|| "us-east-1".into());
    let endpoint =
        var("S3_ENDPOINT").unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
    let (Some(access_key_id), Some(secret_access_key)) =
        (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
    else {
        bail!("S3_BUCKET is set: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set too");
    };
    Ok(Some(S3Config {
        endpoint,
        bucket,
        region,
        access_key_id,
        secret_access_key,
        path_style: parse_or("S3_PATH_STYLE", true)?,
    }))
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={v:?} is not valid: {e}")),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let Some(database_url) = var("DATABASE_URL") else {
            bail!("DATABASE_URL is not set. Start the platform with ./run, or set DATABASE_URL to a Postgres with pgvector.");
        };
        let bind_addr = var("BIND_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("BIND_ADDR must look like 127.0.0.1:3000")?;
        let jwt_secret = var("JWT_SECRET");
        if let Some(s) = &jwt_secret {
            if s.len() < 32 {
                bail!("JWT_SECRET must be at least 32 characters");
            }
        }
        Ok(Self {
            database_url,
            database_max_connections: parse_or("DATABASE_MAX_CONNECTIONS", 20)?,
            bind_addr,
            cookie_secure: parse_or("COOKIE_SECURE", false)?,
            jwt_secret,
            auth_rate_limit_per_minute: parse_or("AUTH_RATE_LIMIT_PER_MINUTE", 30)?,
            max_body_bytes: parse_or("MAX_BODY_BYTES", 1024 * 1024)?,
            trust_forwarded_for: parse_or("TRUST_FORWARDED_FOR", false)?,
            log_json: parse_or("LOG_JSON", true)?,
            e5_library: var("MATCHA_E5_LIBRARY"),
            e5_model: var("MATCHA_E5_MODEL"),
            upload_dir: var("MATCHA_UPLOAD_DIR").unwrap_or_else(|| ".data/uploads".into()),
            pdf_fonts: var("MATCHA_PDF_FONTS"),
            openai_embeddings: openai_endpoint()?,
            s3: s3_config()?,
            assistant: assistant_model()?,
            moderation: openai_model(
                "MODERATION_PROVIDER",
                "MODERATION_MODEL",
                "omni-moderation-latest",
            )?,
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "MAT-CHA <no-reply@mat-cha.app>".into()),
            chat_rate_limit_per_minute: parse_or("CHAT_RATE_LIMIT_PER_MINUTE", 30)?,
            mcp_allowed_hosts: list("MCP_ALLOWED_HOSTS"),
            mcp_allowed_origins: list("MCP_ALLOWED_ORIGINS")
                .iter()
                .map(|o| {
                    origin_of(o).with_context(|| {
                        format!("MCP_ALLOWED_ORIGINS: {o:?} is not like https://host[:port]")
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            public_url: match var("PUBLIC_URL") {
                Some(url) => origin_of(&url).with_context(|| {
                    format!("PUBLIC_URL={url:?} must look like https://mat-cha.example (no path)")
                })?,
                None if bind_addr.ip().is_unspecified() => {
                    format!("http://localhost:{}", bind_addr.port())
                }
                None => format!("http://{bind_addr}"),
            },
            metrics_token: var("METRICS_TOKEN"),
        })
    }
}

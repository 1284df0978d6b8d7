//! Builds the application: database pool, state, and the router with all of
//! its layers. Tests call the same functions with their own database.

use crate::http::{self, rate_limit::AuthLimit};
use crate::{health, rest};
use app::server::ai::{EmbeddingProvider, LocalE5, OpenAiEmbeddings};
use app::server::storage::ObjectStore;
use app::server::{AppState, Clock, Settings};
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await?)
}

/// Layer settings that are not service settings.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub max_body_bytes: usize,
    pub cookie_secure: bool,
    pub trust_forwarded_for: bool,
    pub session_idle_timeout: time::Duration,
    /// Host names MCP clients may use (DNS-rebinding protection); empty allows any.
    pub mcp_allowed_hosts: Vec<String>,
    /// Browser origins besides `PUBLIC_URL`'s that may call `/mcp`.
    pub mcp_allowed_origins: Vec<String>,
    /// `/metrics` asks for this bearer token; without one it is not served.
    pub metrics_token: Option<String>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            cookie_secure: false,
            trust_forwarded_for: false,
            session_idle_timeout: time::Duration::hours(12),
            mcp_allowed_hosts: Vec::new(),
            mcp_allowed_origins: Vec::new(),
            metrics_token: None,
        }
    }
}

pub fn state(
    pool: PgPool,
    leptos_options: LeptosOptions,
    settings: Settings,
    clock: Clock,
    objects: ObjectStore,
) -> AppState {
    AppState {
        leptos_options,
        live: app::server::live::Hub::new(pool.clone()),
        pool,
        settings: Arc::new(settings),
        clock,
        embeddings: None,
        moderation: None,
        objects,
        assistant: Default::default(),
        mailer: Default::default(),
        pdf_fonts: Default::default(),
    }
}

/// The local multilingual model when configured; `None` (with a warning)
/// otherwise, so the platform still serves while profiles wait to be indexed.
pub fn embedding_provider(config: &crate::config::Config) -> Option<EmbeddingProvider> {
    if let Some(endpoint) = &config.openai_embeddings {
        tracing::info!(model = %endpoint.model, "embeddings from an OpenAI-compatible endpoint");
        return Some(EmbeddingProvider::OpenAi(OpenAiEmbeddings::new(
            &endpoint.base_url,
            &endpoint.api_key,
            &endpoint.model,
            endpoint.dimensions,
        )));
    }
    let (Some(library), Some(model)) = (&config.e5_library, &config.e5_model) else {
        tracing::warn!("MATCHA_E5_LIBRARY / MATCHA_E5_MODEL are not set: embeddings are off");
        return None;
    };
    match LocalE5::load(std::path::Path::new(library), std::path::Path::new(model)) {
        Ok(e5) => Some(EmbeddingProvider::Local(e5)),
        Err(e) => {
            tracing::error!(error = %e, "cannot load the local embedding model: embeddings are off");
            None
        }
    }
}

pub fn router(state: AppState, options: &HttpOptions) -> Router {
    crate::telemetry::metrics_handle();
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name("matcha_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(options.cookie_secure)
        .with_expiry(Expiry::OnInactivity(options.session_idle_timeout));
    let limit = AuthLimit {
        state: state.clone(),
        trust_forwarded_for: options.trust_forwarded_for,
    };
    let routes = generate_route_list(App);
    let leptos_options = state.leptos_options.clone();
    let site_root = leptos_options.site_root.to_string();
    // Anything that is neither a route nor a file is rendered by the app
    // (its not-found page), with the same context as every page.
    let pages = {
        let render = leptos_axum::render_app_to_stream_with_context(
            page_context(state.clone()),
            move || shell(leptos_options.clone()),
        );
        tower::service_fn(move |req: Request| {
            let render = render.clone();
            async move { Ok::<_, std::convert::Infallible>(render(req).await) }
        })
    };
    let leptos_options = state.leptos_options.clone();
    let security = http::security::Security {
        hsts: options.cookie_secure,
    };
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let id = req.headers().get(http::request_id::HEADER).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));

    // Uploads get room for one file each; everything else the general limit.
    let upload_routes = |router: Router<AppState>, limit: rest::upload::Limit| {
        router
            .layer(DefaultBodyLimit::max(limit.body_bytes()))
            .layer(RequestBodyLimitLayer::new(limit.body_bytes()))
            .layer(middleware::from_fn_with_state(
                limit,
                rest::upload::refuse_oversized,
            ))
    };
    let images = Router::new()
        .route("/api/v1/creator/portfolio", post(rest::portfolio::create))
        .route("/app/portfolio", post(rest::portfolio::create_in_session));
    let drafts = Router::new()
        .route(
            "/api/v1/deliverables/{id}/submissions",
            post(rest::deliverables::create),
        )
        .route(
            "/app/deliverables/{id}/submissions",
            post(rest::deliverables::create_in_session),
        );
    let uploads = upload_routes(images, rest::portfolio::LIMIT)
        .merge(upload_routes(drafts, rest::deliverables::LIMIT));

    // MCP for outside agents: bearer tokens only, stateless.
    let mcp = Router::new()
        .route_service(
            "/mcp",
            crate::mcp::service(state.clone(), &options.mcp_allowed_hosts),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::mcp::require_token,
        ))
        .layer(middleware::from_fn_with_state(
            crate::mcp::McpOrigins {
                public_url: state.settings.public_url.clone(),
                extra: Arc::new(options.mcp_allowed_origins.clone()),
            },
            crate::mcp::check_origin,
        ))
        .route(
            "/.well-known/oauth-protected-resource",
            get(crate::mcp::protected_resource),
        )
        .route(
            "/.well-known/oauth-protected-resource/mcp",
            get(crate::mcp::protected_resource),
        );

    // The authorization server for outside apps (the consent page is a page).
    let oauth = Router::new()
        .route("/oauth/register", post(crate::oauth::register))
        .route("/oauth/token", post(crate::oauth::token))
        .route("/oauth/revoke", post(crate::oauth::revoke))
        .route(
            "/.well-known/oauth-authorization-server",
            get(crate::oauth::metadata),
        )
        .route(
            "/.well-known/oauth-authorization-server/mcp",
            get(crate::oauth::metadata),
        )
        .layer(middleware::from_fn(crate::oauth::open_to_any_origin));

    Router::new()
        .nest("/api/v1", rest::router())
        .merge(mcp)
        .merge(oauth)
        .merge(rest::docs())
        .route("/health", get(health::health))
        .route("/i18n/{name}", get(http::assets::locale_strings))
        .route("/metrics", {
            let token = options.metrics_token.clone();
            get(move |headers| health::metrics(token.clone(), headers))
        })
        .leptos_routes_with_context(&state, routes, page_context(state.clone()), move || {
            shell(leptos_options.clone())
        })
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(
                    http::assets::REVALIDATE,
                    http::assets::cache_control,
                ))
                .service(http::assets::files(format!("{site_root}/pkg")).fallback(pages.clone())),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(
                    http::assets::SHORT,
                    http::assets::cache_control,
                ))
                .service(http::assets::files(&site_root).fallback(pages)),
        )
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(options.max_body_bytes))
        .merge(uploads)
        .route("/media/portfolio/{id}", get(rest::portfolio::image))
        .route("/files/{*key}", get(rest::contracts::file))
        .layer(middleware::from_fn(http::metrics::layer))
        .layer(middleware::from_fn_with_state(
            limit,
            http::rate_limit::layer,
        ))
        .layer(middleware::from_fn_with_state(
            options.trust_forwarded_for,
            http::client_addr,
        ))
        .layer(middleware::from_fn_with_state(
            http::csrf::SitePolicy {
                state: state.clone(),
                trust_forwarded: options.trust_forwarded_for,
            },
            http::csrf::layer,
        ))
        .layer(sessions)
        // Pages and API answers are compressed as they go; the build's
        // assets come precompressed (release) and pass through untouched.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            security,
            http::security::layer,
        ))
        .layer(trace)
        .layer(middleware::from_fn(http::request_id::layer))
        .layer(middleware::from_fn(http::language::layer))
        .with_state(state)
}

/// What every server-rendered page and server function finds in its
/// context: the state, and this response's CSP nonce for Leptos' inline
/// scripts (in place of the one leptos_axum makes up, which the policy
/// header would not know).
fn page_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        use leptos::prelude::{provide_context, use_context};
        provide_context(state.clone());
        let nonce = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<http::security::CspNonce>().cloned());
        if let Some(nonce) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

/// Where mail goes: the SMTP server of `SMTP_URL`, or (unset) the outbox,
/// read on the admin Outbox page.
pub fn mailer(config: &crate::config::Config) -> anyhow::Result<app::server::mail::Mailer> {
    use app::server::mail::Mailer;
    match &config.smtp_url {
        Some(url) => {
            tracing::info!("mail is delivered over SMTP");
            Mailer::smtp(url, &config.mail_from).map_err(anyhow::Error::msg)
        }
        None => {
            tracing::info!("SMTP_URL is not set: mail is kept in the outbox (admin → Outbox)");
            Mailer::outbox_from(&config.mail_from).map_err(anyhow::Error::msg)
        }
    }
}

/// The outside moderation model, when `MODERATION_PROVIDER=openai`.
pub fn moderation_model(
    config: &crate::config::Config,
) -> Option<app::server::ai::OpenAiModeration> {
    let m = config.moderation.as_ref()?;
    tracing::info!(model = %m.model, "moderation also asks an OpenAI-compatible endpoint");
    Some(app::server::ai::OpenAiModeration::new(
        &m.base_url,
        &m.api_key,
        &m.model,
    ))
}

/// The task assistant's engine: offline unless `ASSISTANT_ENGINE=openai`.
pub fn assistant_engine(config: &crate::config::Config) -> app::server::assistant::Engine {
    use app::server::assistant::{Engine, LlmEngine};
    match &config.assistant {
        None => Engine::Offline,
        Some(m) => {
            tracing::info!(model = %m.endpoint.model, fallback = m.fallback, "task assistant on an OpenAI-compatible model");
            Engine::Llm {
                engine: LlmEngine::new(
                    &m.endpoint.base_url,
                    &m.endpoint.api_key,
                    &m.endpoint.model,
                ),
                fallback: m.fallback,
            }
        }
    }
}

//! `server`: serve the platform, or run one maintenance task.

use anyhow::Context;
use app::server::ai::Embedder;
use app::server::{auth, Clock, Settings};
use clap::{Parser, Subcommand};
use domain::{DisplayName, Email, Password};
use leptos::config::get_configuration;
use server::config::Config;
use server::{bench, bench_chat, demo, jobs, secrets, startup, telemetry};
use std::net::SocketAddr;

#[derive(Parser)]
#[command(name = "server", about = "MAT-CHA server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve HTTP (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the REST API's OpenAPI document (as served at /api/v1/openapi.json).
    Openapi,
    /// Create the demo accounts (idempotent) and print their logins.
    SeedDemo,
    /// Embed again every profile and request whose vector was made by
    /// another model than the configured one (all of them with --all).
    Reembed {
        #[arg(long)]
        all: bool,
    },
    /// Benchmarks (see scripts/bench): print figures, assert nothing.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Manage administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin. The password is read from MATCHA_ADMIN_PASSWORD or, if unset, from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// The offline assistant's accuracy on its command tables and its time
    /// per message (no database).
    Assistant {
        #[arg(long, default_value_t = 50)]
        rounds: usize,
    },
    /// Contract generation and PDF rendering time (p50/p99) in English
    /// and Hindi; `--out` keeps the last PDF of each (no database).
    ContractPdf {
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// The payment report's totals, CSV and PDF (English, Hindi) for
    /// `--milestones` rows, p50/p99; `--out` keeps the last PDF of each
    /// (no database).
    PaymentReport {
        #[arg(long, default_value_t = 1_000)]
        milestones: usize,
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Texts per second of the embedding model.
    Embeddings {
        #[arg(long, default_value_t = 200)]
        texts: usize,
    },
    /// The content scanner: accuracy per language and category on the
    /// labelled and held-out tables, time per text with and without the
    /// embedding step, and (`--calibrate`) the leave-one-out grid the
    /// embedding step's calibration was chosen from. No database.
    Moderation {
        #[arg(long)]
        calibrate: bool,
    },
    /// A burst of events that each mail someone, delivered to `SMTP_URL`
    /// by job workers in this process: time from event to hand-over and
    /// mails a second (makes its users: use a scratch database).
    Mail {
        #[arg(long, default_value_t = 1_000)]
        events: usize,
        #[arg(long, default_value_t = 2)]
        workers: usize,
    },
    /// Filtered top-20 match latency and recall on synthetic creators
    /// (loads them into the database first: use a scratch database).
    Matching {
        #[arg(long, default_value_t = 10_000)]
        creators: usize,
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
    /// Live-chat latency, throughput, loss and memory per connection with two
    /// WebSocket clients per window against a running server (makes its
    /// people and windows in the database first: use a scratch database).
    Chat {
        /// The running server.
        #[arg(long, default_value = "http://127.0.0.1:3000")]
        url: String,
        #[arg(long, default_value_t = 500)]
        windows: usize,
        /// Messages each client sends.
        #[arg(long, default_value_t = 20)]
        messages: usize,
        /// Milliseconds between one client's messages.
        #[arg(long, default_value_t = 1000)]
        interval_ms: u64,
        /// The server's process id, for memory per connection.
        #[arg(long)]
        server_pid: Option<u32>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::Openapi)) {
        println!("{}", server::rest::openapi_json());
        return Ok(());
    }
    let config = Config::from_env()?;
    telemetry::init_logging(config.log_json);
    let pool = startup::connect(&config.database_url, config.database_max_connections)
        .await
        .context("could not connect to the database (DATABASE_URL)")?;
    startup::MIGRATOR
        .run(&pool)
        .await
        .context("could not apply migrations")?;

    let mut leptos_options = get_configuration(None)?.leptos_options;
    if std::env::var_os("LEPTOS_ENV").is_none() {
        leptos_options.env = leptos::config::Env::PROD;
    }
    leptos_options.site_addr = config.bind_addr;
    // cargo-leptos writes the hashed names of a build next to the binary
    // it built; with that file the pages name the hashed assets.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        let beside_binary = std::env::current_exe()?.with_file_name(&*leptos_options.hash_file);
        leptos_options.hash_files = beside_binary.exists();
    }
    let mut settings =
        Settings::with_secret(secrets::jwt_secret(&pool, config.jwt_secret.as_deref()).await?);
    settings.auth_rate_limit_per_minute = config.auth_rate_limit_per_minute;
    settings.chat_rate_limit_per_minute = config.chat_rate_limit_per_minute;
    settings.public_url = config.public_url.clone();
    let objects = match config.s3.clone() {
        Some(s3) => app::server::storage::ObjectStore::s3(s3).map_err(anyhow::Error::msg)?,
        None => app::server::storage::ObjectStore::local(&config.upload_dir),
    };
    let mut state = startup::state(pool, leptos_options, settings, Clock::system(), objects);
    state.embeddings = startup::embedding_provider(&config);
    state.assistant = startup::assistant_engine(&config);
    state.moderation = startup::moderation_model(&config);
    state.mailer = startup::mailer(&config)?;
    if let Some(dir) = &config.pdf_fonts {
        state.pdf_fonts = app::server::pdf::FontSource::new(dir);
    }

    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => println!("migrations applied"),
        Command::Openapi => unreachable!("answered before connecting"),
        Command::Bench { command } => match command {
            BenchCommand::Embeddings { texts } => bench::embeddings(&state, texts).await?,
            BenchCommand::Assistant { rounds } => bench::assistant(rounds),
            BenchCommand::ContractPdf { rounds, out } => {
                bench::contract_pdf(&state, rounds, out.as_deref())?
            }
            BenchCommand::PaymentReport {
                milestones,
                rounds,
                out,
            } => bench::payment_report(&state, milestones, rounds, out.as_deref())?,
            BenchCommand::Chat {
                url,
                windows,
                messages,
                interval_ms,
                server_pid,
            } => {
                bench_chat::run(
                    &state,
                    bench_chat::ChatBench {
                        url,
                        windows,
                        messages,
                        interval: std::time::Duration::from_millis(interval_ms),
                        server_pid,
                    },
                )
                .await?
            }
            BenchCommand::Mail { events, workers } => {
                server::bench_mail::run(&state, events, workers).await?
            }
            BenchCommand::Moderation { calibrate } => {
                server::bench_moderation::run(&state, calibrate).await?
            }
            BenchCommand::Matching { creators, queries } => {
                bench::matching(&state, creators, queries).await?
            }
        },
        Command::Reembed { all } => {
            let model = state
                .embeddings
                .as_ref()
                .map(|e| e.model().to_owned())
                .ok_or_else(|| anyhow::anyhow!("no embedding model is configured"))?;
            let (creators, requests) = app::server::reindex::queue_stale(&state, &model, all)
                .await
                .map_err(|e| anyhow::anyhow!(e.message))?;
            println!("queued {creators} profiles and {requests} requests for {model}");
            jobs::drain(&state).await?;
        }
        Command::SeedDemo => {
            demo::seed(&state).await?;
            demo::print_logins();
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let password = match std::env::var("MATCHA_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprint!("Password for {email}: ");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!(e))?;
            let password = Password::parse(&password).map_err(|e| anyhow::anyhow!(e))?;
            let name = DisplayName::parse(&name).map_err(|e| anyhow::anyhow!(e))?;
            let user = auth::create_admin(&state, &email, &password, &name)
                .await
                .map_err(|e| anyhow::anyhow!(e.message))?;
            println!("admin created: {} ({})", user.email, user.id);
        }
        Command::Serve => {
            let options = startup::HttpOptions {
                max_body_bytes: config.max_body_bytes,
                cookie_secure: config.cookie_secure,
                trust_forwarded_for: config.trust_forwarded_for,
                mcp_allowed_hosts: config.mcp_allowed_hosts.clone(),
                mcp_allowed_origins: config.mcp_allowed_origins.clone(),
                metrics_token: config.metrics_token.clone(),
                ..Default::default()
            };
            app::server::moderation::warm(&state);
            jobs::spawn_housekeeping(state.clone());
            jobs::spawn_workers(state.clone());
            jobs::spawn_sweeper(state.clone());
            let app = startup::router(state, &options);
            let listener = tokio::net::TcpListener::bind(config.bind_addr)
                .await
                .with_context(|| format!("could not listen on {}", config.bind_addr))?;
            tracing::info!(addr = %config.bind_addr, "listening");
            println!("MAT-CHA is running at http://{}", config.bind_addr);
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown())
            .await?;
        }
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

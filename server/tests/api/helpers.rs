//! Spawns the application the way `server serve` does, on port 0.

use app::server::ai::{EmbeddingProvider, LocalE5};
use app::server::storage::ObjectStore;
use app::server::{AppState, Clock, Settings};
use leptos::config::LeptosOptions;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use server::startup::{self, HttpOptions};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::OnceLock;
use time::macros::datetime;

/// One model per test binary, as in the server.
fn local_model() -> LocalE5 {
    static MODEL: OnceLock<LocalE5> = OnceLock::new();
    MODEL
        .get_or_init(|| LocalE5::from_env().expect("the embedding model loads"))
        .clone()
}

pub const PASSWORD: &str = "correct horse battery";

/// Where the built site is and how HTTP is set up.
struct Site {
    root: String,
    http: HttpOptions,
}

impl Default for Site {
    fn default() -> Self {
        Self {
            root: "target/site".into(),
            http: HttpOptions::default(),
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: AppState,
}

/// What a test app is built with besides its database and settings.
#[derive(Default)]
struct Parts {
    embeddings: Option<EmbeddingProvider>,
    objects: Option<ObjectStore>,
    assistant: app::server::assistant::Engine,
    moderation: Option<app::server::ai::OpenAiModeration>,
    mailer: Option<app::server::mail::Mailer>,
    site: Site,
}

impl TestApp {
    pub async fn spawn(pool: PgPool) -> Self {
        Self::spawn_with(pool, |_| {}).await
    }

    /// With the real local embedding model (installed by `scripts/test`).
    pub async fn spawn_with_embeddings(pool: PgPool) -> Self {
        let embeddings = Some(EmbeddingProvider::Local(local_model()));
        Self::with_parts(
            pool,
            Parts {
                embeddings,
                ..Parts::default()
            },
        )
        .await
    }

    /// With any embedding provider (an OpenAI-compatible mock, say).
    pub async fn spawn_with_provider(pool: PgPool, provider: EmbeddingProvider) -> Self {
        let embeddings = Some(provider);
        Self::with_parts(
            pool,
            Parts {
                embeddings,
                ..Parts::default()
            },
        )
        .await
    }

    pub async fn spawn_with(pool: PgPool, tweak: impl FnOnce(&mut Settings)) -> Self {
        Self::build(pool, tweak, Parts::default()).await
    }

    /// With uploads kept in `objects` (an S3 bucket, say) instead of a
    /// temporary folder.
    pub async fn spawn_with_objects(pool: PgPool, objects: ObjectStore) -> Self {
        let objects = Some(objects);
        Self::with_parts(
            pool,
            Parts {
                objects,
                ..Parts::default()
            },
        )
        .await
    }

    /// With the task assistant on `engine` (a mock OpenAI-compatible model, say).
    pub async fn spawn_with_assistant(
        pool: PgPool,
        engine: app::server::assistant::Engine,
    ) -> Self {
        let assistant = engine;
        Self::with_parts(
            pool,
            Parts {
                assistant,
                ..Parts::default()
            },
        )
        .await
    }

    /// With an outside moderation model (a mock OpenAI-compatible one, say).
    pub async fn spawn_with_moderation(
        pool: PgPool,
        model: app::server::ai::OpenAiModeration,
    ) -> Self {
        let moderation = Some(model);
        Self::with_parts(
            pool,
            Parts {
                moderation,
                ..Parts::default()
            },
        )
        .await
    }

    /// Delivering mail with `mailer` (to a test SMTP server, say) instead of
    /// keeping it in the outbox.
    pub async fn spawn_with_mailer(pool: PgPool, mailer: app::server::mail::Mailer) -> Self {
        let mailer = Some(mailer);
        Self::with_parts(
            pool,
            Parts {
                mailer,
                ..Parts::default()
            },
        )
        .await
    }

    /// Serving the built site from `root`, with these HTTP options.
    pub async fn spawn_with_http(pool: PgPool, http: HttpOptions) -> Self {
        let site = Site {
            http,
            ..Site::default()
        };
        Self::with_parts(
            pool,
            Parts {
                site,
                ..Parts::default()
            },
        )
        .await
    }

    pub async fn spawn_with_site(pool: PgPool, root: &str, http: HttpOptions) -> Self {
        let site = Site {
            root: root.to_owned(),
            http,
        };
        Self::with_parts(
            pool,
            Parts {
                site,
                ..Parts::default()
            },
        )
        .await
    }

    async fn with_parts(pool: PgPool, parts: Parts) -> Self {
        Self::build(pool, |_| {}, parts).await
    }

    async fn build(pool: PgPool, tweak: impl FnOnce(&mut Settings), parts: Parts) -> Self {
        let Parts {
            embeddings,
            objects,
            assistant,
            moderation,
            mailer,
            site,
        } = parts;
        let leptos_options = LeptosOptions::builder()
            .output_name("matcha")
            .site_root(site.root)
            .build();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut settings = Settings::with_secret(b"a test secret that is long enough!!".to_vec());
        settings.public_url = format!("http://{addr}");
        tweak(&mut settings);
        let mut state = startup::state(
            pool,
            leptos_options,
            settings,
            Clock::manual(datetime!(2026-11-22 10:00 UTC)),
            objects.unwrap_or_else(|| {
                ObjectStore::local(
                    std::env::temp_dir().join(format!("matcha-test-{}", uuid::Uuid::new_v4())),
                )
            }),
        );
        state.embeddings = embeddings;
        state.assistant = assistant;
        state.moderation = moderation;
        if let Some(mailer) = mailer {
            state.mailer = mailer;
        }
        let router = startup::router(state.clone(), &site.http);
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        app::server::install_tls_provider();
        // A request that never finishes fails its test with its URL instead
        // of holding the whole suite until CI's limit.
        let client = Client::builder()
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            base: format!("http://{addr}"),
            client,
            state,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_bearer(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `method path` with a bearer token and an optional JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// GET with a bearer token, expecting a JSON body.
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        self.get_bearer(path, token).await.json().await.unwrap()
    }

    pub async fn register(&self, email: &str, name: &str, role: &str) -> Response {
        self.post_json(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "display_name": name, "role": role}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers `email` with `name` and `role` and signs in; returns the
    /// user id and an access token.
    pub async fn account(&self, email: &str, name: &str, role: &str) -> (String, String) {
        let created: Value = self.register(email, name, role).await.json().await.unwrap();
        let tokens: Value = self.login(email, PASSWORD).await.json().await.unwrap();
        (
            created["user"]["id"].as_str().unwrap().to_owned(),
            tokens["access_token"].as_str().unwrap().to_owned(),
        )
    }

    /// A fresh access token for an existing account (after moving the clock
    /// past the last one's expiry).
    pub async fn token(&self, email: &str) -> String {
        let tokens: Value = self.login(email, PASSWORD).await.json().await.unwrap();
        tokens["access_token"].as_str().unwrap().to_owned()
    }

    /// Registers and signs in; returns the token pair.
    pub async fn signed_in(&self, email: &str) -> Value {
        assert_eq!(
            self.register(email, "Test User", "creator").await.status(),
            201
        );
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// Asserts the error envelope and returns its `error` object.
pub async fn error_of(response: Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let header_id = response
        .headers()
        .get("x-request-id")
        .expect("x-request-id header")
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.expect("JSON error body");
    let error = body["error"].clone();
    assert_eq!(error["code"], code, "{body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(
        error["request_id"],
        header_id.as_str(),
        "request id in body and header differ"
    );
    error
}

/// The `field` of every entry in a validation error's `fields`, in order.
pub fn field_names(error: &Value) -> Vec<String> {
    error["fields"]
        .as_array()
        .expect("a fields array")
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

/// How many rows `table` holds (to check that a refused request wrote nothing).
pub async fn row_count(pool: &PgPool, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

/// The kinds of `token`'s notifications, newest first.
pub async fn notification_kinds(app: &TestApp, token: &str) -> Vec<String> {
    let list: Value = app.get_json("/api/v1/notifications", token).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

//! A stand-in for an S3-compatible service (an outside service, so tests may
//! mock it): path-style objects kept in memory. It refuses any request that
//! is not presigned with AWS Signature V4 for the expected key and region,
//! and can be told to fail like a service that is down.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub const BUCKET: &str = "matcha-media";
pub const ACCESS_KEY: &str = "AKIAMATCHATEST";

/// key → (content type, bytes)
type Objects = Arc<Mutex<HashMap<String, (String, Vec<u8>)>>>;

#[derive(Clone, Default)]
pub struct FakeS3 {
    pub url: String,
    objects: Objects,
    down: Arc<AtomicBool>,
}

impl FakeS3 {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeS3 {
            url: format!("http://{}", listener.local_addr().unwrap()),
            ..FakeS3::default()
        };
        let shared = fake.clone();
        let router = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let fake = shared.clone();
                async move { fake.answer(method, uri, headers, body) }
            },
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        fake
    }

    pub fn config(&self) -> app::server::storage::S3Config {
        app::server::storage::S3Config {
            endpoint: self.url.clone(),
            bucket: BUCKET.into(),
            region: "eu-west-1".into(),
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: "a secret that never leaves the process".into(),
            path_style: true,
        }
    }

    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.objects.lock().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    pub fn object(&self, key: &str) -> Option<(String, Vec<u8>)> {
        self.objects.lock().unwrap().get(key).cloned()
    }

    fn answer(&self, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        if self.down.load(Ordering::SeqCst) {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<Error><Code>InternalError</Code></Error>",
            )
                .into_response();
        }
        let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
        let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
        let signed = query.get("X-Amz-Algorithm").map(String::as_str) == Some("AWS4-HMAC-SHA256")
            && query.get("X-Amz-Credential").is_some_and(|c| {
                c.starts_with(&format!("{ACCESS_KEY}/"))
                    && c.ends_with("/eu-west-1/s3/aws4_request")
            })
            && query.get("X-Amz-SignedHeaders").map(String::as_str) == Some("host")
            && query
                .get("X-Amz-Signature")
                .is_some_and(|s| s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()));
        if !signed {
            return (
                StatusCode::FORBIDDEN,
                "<Error><Code>AccessDenied</Code></Error>",
            )
                .into_response();
        }
        let Some(key) = url.path().strip_prefix(&format!("/{BUCKET}/")) else {
            return (
                StatusCode::NOT_FOUND,
                "<Error><Code>NoSuchBucket</Code></Error>",
            )
                .into_response();
        };
        let key = key.to_owned();
        let mut objects = self.objects.lock().unwrap();
        match method {
            Method::PUT => {
                let content_type = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("binary/octet-stream")
                    .to_owned();
                objects.insert(key, (content_type, body.to_vec()));
                StatusCode::OK.into_response()
            }
            Method::GET => match objects.get(&key) {
                Some((content_type, bytes)) => {
                    ([("content-type", content_type.clone())], bytes.clone()).into_response()
                }
                None => (
                    StatusCode::NOT_FOUND,
                    "<Error><Code>NoSuchKey</Code></Error>",
                )
                    .into_response(),
            },
            Method::DELETE => {
                objects.remove(&key);
                StatusCode::NO_CONTENT.into_response()
            }
            _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        }
    }
}

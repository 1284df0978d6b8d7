//! Cross-cutting HTTP layers: request ids, the language errors answer in, cross-site refusal, auth rate
//! limits, request metrics, security headers, and the built site's files.

pub mod assets;
pub mod csrf;
pub mod language;
pub mod metrics;
pub mod rate_limit;
pub mod request_id;
pub mod security;

use std::net::{IpAddr, SocketAddr};

/// The client address: the first `X-Forwarded-For` hop when trusted, else the peer.
pub fn client_ip(req: &axum::extract::Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

pub use app::server::contracts::ClientAddr;

/// Puts the [`ClientAddr`] of every request in its extensions.
pub async fn client_addr(
    axum::extract::State(trust_forwarded_for): axum::extract::State<bool>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let ip = client_ip(&req, trust_forwarded_for);
    req.extensions_mut().insert(ClientAddr(ip));
    next.run(req).await
}

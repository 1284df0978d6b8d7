//! Refuses state-changing requests that a browser sent from another site.
//! Leptos server functions have no protection of their own, and session
//! cookies ride along on cross-site form posts.
//!
//! A browser says where a request came from with `Sec-Fetch-Site` (modern
//! browsers) or `Origin`; either must name this site. Clients that send
//! neither (curl, SDKs) are not browsers and carry no ambient cookie risk.

use crate::rest::error::ApiError;
use app::AppError;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether `origin` (scheme://host[:port]) names the host the request was sent to.
pub fn same_site(origin: &str, headers: &HeaderMap) -> bool {
    let Some(authority) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

pub fn allowed(method: &Method, headers: &HeaderMap) -> bool {
    // A bearer token is never sent by a browser on its own, so a request
    // carrying one is not a cross-site forgery (MCP inspectors in a browser).
    if is_safe(method) || headers.contains_key(header::AUTHORIZATION) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => same_site(origin, headers),
        None => true,
    }
}

pub async fn layer(req: Request, next: Next) -> Response {
    if allowed(req.method(), req.headers()) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        ApiError(AppError::forbidden("Cross-site requests are not allowed.")).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn reads_are_always_allowed() {
        assert!(allowed(
            &Method::GET,
            &headers(&[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site")
            ])
        ));
    }

    #[test]
    fn same_origin_posts_are_allowed() {
        assert!(allowed(
            &Method::POST,
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin")
            ])
        ));
    }

    #[test]
    fn cross_site_posts_are_refused_by_either_header() {
        assert!(!allowed(
            &Method::POST,
            &headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")])
        ));
        assert!(!allowed(
            &Method::POST,
            &headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-site")])
        ));
        assert!(!allowed(
            &Method::POST,
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "https://evil.example")
            ])
        ));
        assert!(!allowed(
            &Method::DELETE,
            &headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])
        ));
    }

    #[test]
    fn clients_that_are_not_browsers_are_allowed() {
        assert!(allowed(
            &Method::POST,
            &headers(&[("host", "127.0.0.1:3000")])
        ));
    }
}

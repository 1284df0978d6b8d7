//! Refuses state-changing requests that a browser sent from another site.
//! Leptos server functions have no protection of their own, and session
//! cookies ride along on cross-site form posts.
//!
//! A browser says where a request came from with `Sec-Fetch-Site` (modern
//! browsers) or `Origin`; either must name this site (`PUBLIC_URL`, or the
//! host the request was sent to). Clients that send neither (curl, SDKs)
//! are not browsers and carry no ambient cookie risk. A cross-site request
//! to a bearer-token API (`/api/v1`, `/mcp`) passes only when its token is
//! valid: the token, not a cookie, then says who is calling.

use crate::rest::error::ApiError;
use crate::rest::extract::bearer;
use app::server::AppState;
use app::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Clone)]
pub struct SitePolicy {
    pub state: AppState,
    /// Honour `X-Forwarded-Host` (only behind a trusted proxy).
    pub trust_forwarded: bool,
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether `origin` (scheme://host[:port]) is this site: the public URL,
/// or the host the request was sent to.
pub fn same_site(
    origin: &str,
    headers: &HeaderMap,
    public_url: &str,
    trust_forwarded: bool,
) -> bool {
    if origin.eq_ignore_ascii_case(public_url) {
        return true;
    }
    let Some(authority) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let forwarded = trust_forwarded
        .then(|| headers.get("x-forwarded-host"))
        .flatten();
    let host = forwarded
        .or_else(|| headers.get(header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// Whether a browser would have sent this request from this site (or it
/// does not come from a browser at all).
pub fn from_this_site(
    method: &Method,
    headers: &HeaderMap,
    public_url: &str,
    trust_forwarded: bool,
) -> bool {
    if is_safe(method) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => same_site(origin, headers, public_url, trust_forwarded),
        None => true,
    }
}

/// Routes that authenticate by bearer token only, never by the session.
fn bearer_only(path: &str) -> bool {
    path.starts_with("/api/v1/") || path == "/mcp"
}

pub async fn layer(State(policy): State<SitePolicy>, req: Request, next: Next) -> Response {
    let public_url = &policy.state.settings.public_url;
    if crate::oauth::COOKIELESS.contains(&req.uri().path())
        || from_this_site(
            req.method(),
            req.headers(),
            public_url,
            policy.trust_forwarded,
        )
    {
        return next.run(req).await;
    }
    if bearer_only(req.uri().path()) && req.headers().contains_key(header::AUTHORIZATION) {
        let (parts, body) = req.into_parts();
        if bearer(&parts, &policy.state).await.is_ok() {
            return next.run(Request::from_parts(parts, body)).await;
        }
        tracing::warn!(path = %parts.uri.path(), "cross-site request with an invalid token refused");
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
    }
    ApiError(AppError::forbidden("Cross-site requests are not allowed.")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PUBLIC: &str = "https://mat-cha.example";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn allowed(method: &Method, headers: &HeaderMap) -> bool {
        from_this_site(method, headers, PUBLIC, false)
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
        // Behind a proxy that rewrites Host, the public URL still matches.
        assert!(allowed(
            &Method::POST,
            &headers(&[
                ("host", "10.0.0.5:3000"),
                ("origin", "https://mat-cha.example")
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
    fn an_authorization_header_alone_proves_nothing() {
        assert!(!allowed(
            &Method::POST,
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "https://evil.example"),
                ("authorization", "Bearer anything")
            ])
        ));
    }

    #[test]
    fn forwarded_host_counts_only_behind_a_trusted_proxy() {
        let h = headers(&[
            ("host", "10.0.0.5:3000"),
            ("x-forwarded-host", "evil.example"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!from_this_site(&Method::POST, &h, PUBLIC, false));
        assert!(from_this_site(&Method::POST, &h, PUBLIC, true));
    }

    #[test]
    fn clients_that_are_not_browsers_are_allowed() {
        assert!(allowed(
            &Method::POST,
            &headers(&[("host", "127.0.0.1:3000")])
        ));
    }

    #[test]
    fn only_the_bearer_apis_take_a_token_instead_of_the_origin() {
        assert!(bearer_only("/api/v1/tasks"));
        assert!(bearer_only("/mcp"));
        assert!(!bearer_only("/api/tasks/add_task"));
        assert!(!bearer_only("/app/portfolio"));
    }
}

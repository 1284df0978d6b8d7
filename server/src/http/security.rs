//! Hardened responses. Every response says `nosniff`, a strict referrer
//! policy and which browser features pages may use (none of the sensitive
//! ones); HTML pages also get a Content-Security-Policy that allows scripts
//! of this origin only, WebAssembly compilation, and the inline hydration
//! script carrying this response's nonce. HSTS is sent when cookies are
//! marked secure (the site is served over HTTPS).

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// This request's CSP nonce; Leptos puts it on the scripts it writes inline.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

#[derive(Clone, Copy, Debug)]
pub struct Security {
    pub hsts: bool,
}

pub const PERMISSIONS_POLICY: &str =
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), \
     browsing-topics=()";
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The policy of the application's pages. Styles may be inline (Tailwind
/// classes are in the stylesheet, but components set a few `style`
/// attributes); images may be `data:`/`blob:` for upload previews.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Swagger UI (`/api/v1/docs`) is a third-party page with inline scripts and
/// styles of its own; it gets its own, still same-origin, policy.
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

pub async fn layer(State(security): State<Security>, mut req: Request, next: Next) -> Response {
    let nonce: Arc<str> = uuid::Uuid::new_v4().simple().to_string().into();
    let docs = req.uri().path().starts_with("/api/v1/docs");
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if security.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    if is_html(&response) {
        let policy = if docs {
            HeaderValue::from_static(DOCS_POLICY)
        } else {
            HeaderValue::from_str(&page_policy(&nonce)).expect("hex nonce")
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        // HTML names hashed assets of one build: always revalidate it.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

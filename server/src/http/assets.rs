//! The built site: `/pkg/…` (the JS, WASM chunks and CSS of one build) and
//! the other files of the site root (icons, fonts), served from disk as the
//! build left them. A release build writes brotli and gzip copies next to
//! each file; those are sent as they are, so nothing is compressed per
//! request. Hashed file names never change content: browsers keep them for
//! a year without asking again. Anything that is not a file is a page.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::path::Path;
use tower_http::services::ServeDir;

/// How long browsers keep a hashed asset: for good.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed files of the site root (the icon) may be an hour old.
pub const SHORT: &str = "public, max-age=3600";
/// Unhashed build output (a debug build) is asked for again every time.
pub const REVALIDATE: &str = "no-cache";

/// A file from the object store (a portfolio image, a final contract):
/// sent as `content_type` only, never sniffed or run as a page.
pub fn stored_file(bytes: Vec<u8>, content_type: &str, cache_control: &'static str) -> Response {
    use axum::response::IntoResponse;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    response
}

/// A directory of files, preferring the precompressed copies.
pub fn files(dir: impl AsRef<Path>) -> ServeDir {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        // Other methods on a path that is no file go to the app, as GETs do.
        .call_fallback_on_method_not_allowed(true)
}

/// Whether the last path segment carries a content hash, as cargo-leptos
/// writes them: a 22-character base64url segment (`matcha.<hash>.wasm`).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 22
            && part.bytes().any(|b| b != b'_')
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Cache lifetimes for what [`files`] answered: hashed files for good,
/// others for `unhashed`.
pub async fn cache_control(
    State(unhashed): State<&'static str>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    if !response.status().is_success() && response.status().as_u16() != 304 {
        return response;
    }
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page {
        return response;
    }
    let value = if is_hashed(&path) {
        IMMUTABLE
    } else {
        unhashed
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// `/i18n/<code>.<hash>.json`: one language's strings for the browser
/// (`app::locale_strings`), kept for good since the hash names the content.
/// Compressed on the way like pages; a name from another build is a 404.
pub async fn locale_strings(
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Result<Response, crate::rest::error::ApiError> {
    let json = app::locale_strings::file(&name).ok_or_else(|| {
        crate::rest::error::ApiError(app::AppError::not_found("The language file"))
    })?;
    let mut response = Response::new(axum::body::Body::from(json));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/pkg/matcha.4hDs3ZV1hmp0CPvZbHdSOQ.wasm"));
        assert!(is_hashed("/pkg/__wasm_split.Zz-9_aBcDeFgHiJkLmNoPq.js"));
        assert!(is_hashed("/pkg/tasks_page.a1B2c3D4e5F6g7H8i9J0kL.wasm"));
        assert!(!is_hashed("/pkg/matcha.wasm"));
        assert!(!is_hashed("/pkg/__wasm_split.______________________.js"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/pkg/matcha.4hDs3ZV1hmp0CPvZbHdSO.wasm"));
    }
}

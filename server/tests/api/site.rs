//! The built site as browsers get it: hashed assets sent precompressed as
//! they are on disk and cached for good, unhashed ones revalidated, and
//! pages with the security headers and a fresh CSP nonce on every inline
//! script.

use crate::helpers::{error_of, TestApp};
use server::startup::HttpOptions;
use sqlx::PgPool;
use std::path::PathBuf;

const HASHED_WASM: &str = "pkg/matcha.4hDs3ZV1hmp0CPvZbHdSOQ.wasm";

/// A site root like a release build leaves it: each file with a brotli and
/// a gzip copy. The copies hold marker bytes, so an answer that equals them
/// byte for byte was sent as stored, not compressed again.
fn built_site() -> PathBuf {
    let root = std::env::temp_dir().join(format!("matcha-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    for (name, body) in [
        (HASHED_WASM, &b"\0asm raw module bytes"[..]),
        ("pkg/matcha.css", b"body{margin:0}"),
        ("favicon.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ] {
        std::fs::write(root.join(name), body).unwrap();
        std::fs::write(root.join(format!("{name}.br")), format!("BROTLI<{name}>")).unwrap();
        std::fs::write(root.join(format!("{name}.gz")), format!("GZIP<{name}>")).unwrap();
    }
    root
}

async fn get(app: &TestApp, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(encoding) = encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn hashed_assets_are_sent_precompressed_and_kept_for_good(pool: PgPool) {
    let root = built_site();
    let app = TestApp::spawn_with_site(pool, root.to_str().unwrap(), HttpOptions::default()).await;
    let path = format!("/{HASHED_WASM}");

    for (accept, encoding, body) in [
        (
            "br, gzip",
            "br",
            format!("BROTLI<{HASHED_WASM}>").into_bytes(),
        ),
        ("gzip", "gzip", format!("GZIP<{HASHED_WASM}>").into_bytes()),
        ("identity", "", b"\0asm raw module bytes".to_vec()),
    ] {
        let response = get(&app, &path, Some(accept)).await;
        assert_eq!(response.status(), 200, "{accept}");
        assert_eq!(header(&response, "content-encoding"), encoding, "{accept}");
        assert_eq!(header(&response, "content-type"), "application/wasm");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&response, "vary"), "accept-encoding");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(response.bytes().await.unwrap().to_vec(), body, "{accept}");
    }

    // An unhashed build file is revalidated; other site files kept an hour.
    let css = get(&app, "/pkg/matcha.css", Some("br")).await;
    assert_eq!(css.status(), 200);
    assert_eq!(header(&css, "cache-control"), "no-cache");
    assert_eq!(header(&css, "content-encoding"), "br");
    let icon = get(&app, "/favicon.svg", None).await;
    assert_eq!(icon.status(), 200);
    assert_eq!(header(&icon, "cache-control"), "public, max-age=3600");

    // What is not there is the app's 404 page, never cached for good.
    let missing = get(&app, "/pkg/matcha.AAAAAAAAAAAAAAAAAAAAAA.wasm", None).await;
    assert_eq!(missing.status(), 404);
    assert_ne!(
        header(&missing, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let page = get(&app, "/no/such/page", None).await;
    assert_eq!(page.status(), 404);
    assert!(header(&page, "content-type").starts_with("text/html"));
    std::fs::remove_dir_all(root).unwrap();
}

/// The nonce of a page's policy header.
fn policy_nonce(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    policy[start..].split('\'').next().unwrap().to_owned()
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn pages_carry_the_security_headers_and_every_inline_script_the_nonce(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let mut nonces = Vec::new();
    for path in ["/", "/signin", "/no/such/page"] {
        let response = get(&app, path, None).await;
        let policy = header(&response, "content-security-policy").to_owned();
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'nonce-",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
        ] {
            assert!(
                policy.contains(part),
                "{path}: {part} missing from {policy}"
            );
        }
        let scripts = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(
            !scripts.contains("'unsafe-inline'") && !scripts.contains(" 'unsafe-eval'"),
            "{scripts}"
        );
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(header(&response, "permissions-policy").contains("camera=()"));
        assert_eq!(header(&response, "cache-control"), "no-cache");
        assert_eq!(header(&response, "strict-transport-security"), "");
        let nonce = policy_nonce(&policy);
        let html = response.text().await.unwrap();
        // Inline scripts with something to run (an empty one never runs,
        // so the policy has nothing to refuse).
        let inline: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter_map(|rest| rest.split_once('>'))
            .filter(|(attrs, rest)| !attrs.contains("src=") && !rest.starts_with("</script>"))
            .map(|(attrs, _)| attrs)
            .collect();
        assert!(!inline.is_empty(), "{path}: the hydration script is inline");
        for attrs in inline {
            assert!(
                attrs.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: <script{attrs}> lacks the nonce"
            );
        }
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a fresh nonce per response");

    // API answers are not pages: no page policy, but nosniff.
    let api = get(&app, "/health", None).await;
    assert_eq!(header(&api, "content-security-policy"), "");
    assert_eq!(header(&api, "x-content-type-options"), "nosniff");

    // Swagger UI runs under its own policy.
    let docs = get(&app, "/api/v1/docs/", None).await;
    assert_eq!(docs.status(), 200);
    let policy = header(&docs, "content-security-policy");
    assert!(
        policy.contains("frame-ancestors 'none'") && !policy.contains("nonce-"),
        "{policy}"
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn https_sites_ask_browsers_to_stay_on_https(pool: PgPool) {
    let http = HttpOptions {
        cookie_secure: true,
        ..HttpOptions::default()
    };
    let app = TestApp::spawn_with_site(pool, "target/site", http).await;
    let response = get(&app, "/", None).await;
    assert_eq!(
        header(&response, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
}

#[sqlx::test(migrator = "server::startup::MIGRATOR")]
async fn a_languages_strings_are_one_cached_file_and_other_names_are_not_found(pool: PgPool) {
    use app::i18n::Locale;
    let app = TestApp::spawn(pool).await;
    assert_eq!(
        app::locale_strings::url(Locale::en),
        None,
        "English is compiled in"
    );

    let url = app::locale_strings::url(Locale::ta).unwrap();
    let response = get(&app, &url, Some("br, gzip")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&response, "content-type").starts_with("application/json"));
    assert_eq!(
        header(&response, "content-encoding"),
        "br",
        "sent compressed"
    );
    let plain = get(&app, &url, Some("identity")).await;
    let strings: Vec<String> = plain.json().await.unwrap();
    assert!(
        strings.iter().any(|s| s == "டாஷ்போர்டு"),
        "Tamil strings, as written"
    );

    // Another build's hash, an unknown language, English, a path outside.
    for name in [
        "ta.0000000000000000.json",
        "xx.1.json",
        "en.json",
        "..%2Fsecrets",
    ] {
        let response = get(&app, &format!("/i18n/{name}"), None).await;
        assert_eq!(response.status(), 404, "{name}");
        error_of(response, 404, "not_found").await;
    }
}

//! Short-lived signed links to stored files (final contracts): `/files/
//! <key>?expires=<unix seconds>&signature=<HMAC>`. The service hands one
//! out after checking who asks; whoever holds it may fetch that one file
//! until it expires, with no session (a download manager, another tab).
//! Nothing is stored for a link; the server's secret signs it.

use super::AppState;
use crate::error::AppError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

/// How long a link works.
pub const LINK_LIFETIME: time::Duration = time::Duration::minutes(5);

fn mac(secret: &[u8], key: &str, expires: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"file-link\0");
    mac.update(key.as_bytes());
    mac.update(b"\0");
    mac.update(expires.to_string().as_bytes());
    mac
}

/// A link to `key` that works until `now` + [`LINK_LIFETIME`].
pub fn signed_url(state: &AppState, key: &str, now: OffsetDateTime) -> String {
    let expires = (now + LINK_LIFETIME).unix_timestamp();
    let signature = mac(&state.settings.jwt_secret, key, expires)
        .finalize()
        .into_bytes();
    format!(
        "/files/{key}?expires={expires}&signature={}",
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// How a stored file is sent: its content type and download name, from
/// its key (`contracts/…pdf`, `drafts/<deal>/<submission>.<ext>`).
pub fn download_of(key: &str) -> (&'static str, String) {
    let name = key.rsplit('/').next().unwrap_or("file");
    let extension = name.rsplit('.').next().unwrap_or_default();
    let content_type = match extension {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    };
    let what = if key.starts_with("drafts/") {
        "draft"
    } else {
        "contract"
    };
    (content_type, format!("MAT-CHA-{what}-{name}"))
}

/// The stored file behind a link, if its signature holds and it has not
/// expired; 404 otherwise (an expired link says so).
pub async fn open(
    state: &AppState,
    key: &str,
    expires: i64,
    signature: &str,
) -> Result<Vec<u8>, AppError> {
    let not_found = || AppError::not_found("That file");
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| not_found())?;
    mac(&state.settings.jwt_secret, key, expires)
        .verify_slice(&signature)
        .map_err(|_| not_found())?;
    if state.clock.now().unix_timestamp() > expires {
        return Err(AppError::new(
            crate::error::ErrorCode::NotFound,
            "This download link has expired. Open the deal again for a fresh one.",
        ));
    }
    state.objects.get(key).await?.ok_or_else(not_found)
}

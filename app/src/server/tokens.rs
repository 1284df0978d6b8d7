//! Access tokens (HS256 JWTs naming the user and the sign-in family) and
//! opaque refresh tokens (random, stored only as a SHA-256 hash).

use crate::error::AppError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: Uuid,
    /// The sign-in family; revoking it ends this token too.
    pub fam: Uuid,
    pub iat: i64,
    pub exp: i64,
    /// An app's token: the one resource it is for (RFC 8707), e.g.
    /// `https://mat-cha.example/mcp`. Password sign-ins have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// An app's token: what the user allowed it (`tasks:read tasks:write`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// What an app's token is limited to.
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    pub resource: &'a str,
    pub scope: &'a str,
}

pub fn encode_access(
    secret: &[u8],
    user: Uuid,
    family: Uuid,
    grant: Option<Grant<'_>>,
    now: OffsetDateTime,
    ttl: Duration,
) -> Result<String, AppError> {
    let claims = Claims {
        sub: user,
        fam: family,
        iat: now.unix_timestamp(),
        exp: (now + ttl).unix_timestamp(),
        aud: grant.map(|g| g.resource.to_owned()),
        scope: grant.map(|g| g.scope.to_owned()),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|e| {
        tracing::error!(error = %e, "could not sign an access token");
        AppError::internal()
    })
}

/// Checks signature and expiry against the service clock (not the system one,
/// so tests can move time).
pub fn decode_access(secret: &[u8], token: &str, now: OffsetDateTime) -> Result<Claims, AppError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    // The audience is checked by whoever serves the resource.
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data =
        jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)
            .map_err(|_| {
                AppError::new(
                    crate::error::ErrorCode::Unauthorized,
                    "The access token is not valid.",
                )
            })?;
    if data.claims.exp <= now.unix_timestamp() {
        return Err(AppError::new(
            crate::error::ErrorCode::Unauthorized,
            "The access token has expired.",
        ));
    }
    Ok(data.claims)
}

/// A fresh refresh token: 256 random bits, URL-safe.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_refresh_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    #[test]
    fn an_access_token_round_trips_until_it_expires() {
        let (user, fam) = (Uuid::new_v4(), Uuid::new_v4());
        let token = encode_access(b"secret", user, fam, None, NOW, Duration::hours(24)).unwrap();
        let claims = decode_access(b"secret", &token, NOW + Duration::hours(23)).unwrap();
        assert_eq!((claims.sub, claims.fam, claims.aud), (user, fam, None));
        assert!(decode_access(b"secret", &token, NOW + Duration::hours(24)).is_err());
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let token = encode_access(
            b"one",
            Uuid::new_v4(),
            Uuid::new_v4(),
            None,
            NOW,
            Duration::hours(1),
        )
        .unwrap();
        assert!(decode_access(b"two", &token, NOW).is_err());
    }

    #[test]
    fn an_apps_token_carries_its_resource_and_scope() {
        let grant = Grant {
            resource: "https://mat-cha.example/mcp",
            scope: "tasks:read",
        };
        let token = encode_access(
            b"secret",
            Uuid::new_v4(),
            Uuid::new_v4(),
            Some(grant),
            NOW,
            Duration::hours(1),
        )
        .unwrap();
        let claims = decode_access(b"secret", &token, NOW).unwrap();
        assert_eq!(claims.aud.as_deref(), Some("https://mat-cha.example/mcp"));
        assert_eq!(claims.scope.as_deref(), Some("tasks:read"));
    }

    #[test]
    fn refresh_tokens_are_unique_and_hash_stably() {
        let (a, b) = (new_refresh_token(), new_refresh_token());
        assert_ne!(a, b);
        assert_eq!(hash_refresh_token(&a), hash_refresh_token(&a));
        assert_eq!(a.len(), 43);
    }
}

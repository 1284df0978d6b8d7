//! Argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! run off the async threads because each hash takes tens of milliseconds.

use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::Password;
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[tracing::instrument(skip_all)]
pub async fn hash(password: &Password) -> Result<String, AppError> {
    let secret = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&secret))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "hashing task failed");
            AppError::internal()
        })?
}

fn hash_blocking(secret: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::internal()
        })
}

/// Whether `secret` matches `stored`. A malformed stored hash counts as a mismatch.
#[tracing::instrument(skip_all)]
pub async fn verify(secret: &str, stored: &str) -> Result<bool, AppError> {
    let secret = secret.to_owned();
    let stored = stored.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| hasher().verify_password(secret.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "verification task failed");
        AppError::internal()
    })
}

/// Spends the same time as a real check, for unknown e-mails, so response
/// times do not reveal which addresses have accounts.
pub async fn verify_against_dummy(secret: &str) -> Result<(), AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = match DUMMY.get() {
        Some(h) => h.clone(),
        None => {
            let h = tokio::task::spawn_blocking(|| {
                hash_blocking("not a real password, only for timing")
            })
            .await
            .map_err(|_| AppError::internal())??;
            DUMMY.get_or_init(|| h).clone()
        }
    };
    verify(secret, &stored).await.map(|_| ())
}

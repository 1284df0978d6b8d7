//! Shared secrets: the first instance to start generates them and stores them
//! in Postgres; every other instance reads the same value.

use rand::RngCore;
use sqlx::PgPool;

pub async fn jwt_secret(pool: &PgPool, configured: Option<&str>) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = configured {
        return Ok(s.as_bytes().to_vec());
    }
    let mut fresh = vec![0u8; 64];
    rand::rng().fill_bytes(&mut fresh);
    sqlx::query(
        "INSERT INTO app_secrets (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&fresh)
    .execute(pool)
    .await?;
    let (value,): (Vec<u8>,) = sqlx::query_as("SELECT value FROM app_secrets WHERE name = 'jwt'")
        .fetch_one(pool)
        .await?;
    Ok(value)
}

//! `notification_preferences`.

use domain::notify::{Preferences, Setting};
use sqlx::types::Json;
use sqlx::PgExecutor;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// `user`'s choices; the defaults when they never changed any.
#[tracing::instrument(skip_all)]
pub async fn get(db: impl PgExecutor<'_>, user: Uuid) -> sqlx::Result<Preferences> {
    let row: Option<(bool, Json<BTreeMap<String, Setting>>)> =
        sqlx::query_as("SELECT email, events FROM notification_preferences WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?;
    Ok(row
        .map(|(email, events)| Preferences::from_stored(email, &events.0))
        .unwrap_or_default())
}

/// `user`'s choices, row-locked until the transaction ends (a change reads
/// and writes them in one step).
#[tracing::instrument(skip_all)]
pub async fn get_for_update(db: &mut sqlx::PgConnection, user: Uuid) -> sqlx::Result<Preferences> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, updated_at) VALUES ($1, now())
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user)
    .execute(&mut *db)
    .await?;
    let (email, events): (bool, Json<BTreeMap<String, Setting>>) = sqlx::query_as(
        "SELECT email, events FROM notification_preferences WHERE user_id = $1 FOR UPDATE",
    )
    .bind(user)
    .fetch_one(&mut *db)
    .await?;
    Ok(Preferences::from_stored(email, &events.0))
}

#[tracing::instrument(skip_all)]
pub async fn save(
    db: impl PgExecutor<'_>,
    user: Uuid,
    prefs: &Preferences,
    now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, email, events, updated_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET email = $2, events = $3, updated_at = $4",
    )
    .bind(user)
    .bind(prefs.email)
    .bind(Json(prefs.to_stored()))
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

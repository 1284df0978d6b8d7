//! The embedding columns that creator profiles and collaboration requests
//! share (`embedding`, `embedding_model`, `embedded_at`).

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// A table with embedding columns.
#[derive(Debug, Clone, Copy)]
pub enum Indexed {
    CreatorProfiles,
    CollaborationRequests,
}

impl Indexed {
    fn update_sql(self) -> &'static str {
        match self {
            Indexed::CreatorProfiles => {
                "UPDATE creator_profiles SET embedding = $2::vector, embedding_model = $3, embedded_at = $4
                 WHERE user_id = $1 RETURNING updated_at > $4"
            }
            Indexed::CollaborationRequests => {
                "UPDATE collaboration_requests SET embedding = $2::vector, embedding_model = $3, embedded_at = $4
                 WHERE id = $1 RETURNING updated_at > $4"
            }
        }
    }
}

/// Rows whose vector is missing or was made by another model than `model`
/// (every row with `everything`).
#[tracing::instrument(skip_all, fields(table = ?table))]
pub async fn stale(
    db: impl PgExecutor<'_>,
    table: Indexed,
    model: &str,
    everything: bool,
) -> sqlx::Result<Vec<Uuid>> {
    let sql = match table {
        Indexed::CreatorProfiles => {
            "SELECT user_id FROM creator_profiles WHERE $2 OR embedding_model IS DISTINCT FROM $1 ORDER BY user_id"
        }
        Indexed::CollaborationRequests => {
            "SELECT id FROM collaboration_requests WHERE $2 OR embedding_model IS DISTINCT FROM $1 ORDER BY id"
        }
    };
    sqlx::query_scalar(sql)
        .bind(model)
        .bind(everything)
        .fetch_all(db)
        .await
}

/// Stores the embedding of the row version `version` (its `updated_at` when
/// the text was read); returns whether the row has changed since, in which
/// case it needs embedding again.
#[tracing::instrument(skip_all, fields(table = ?table))]
pub async fn store(
    db: impl PgExecutor<'_>,
    table: Indexed,
    id: Uuid,
    vector: &str,
    model: &str,
    version: OffsetDateTime,
) -> sqlx::Result<bool> {
    let (changed,): (bool,) = sqlx::query_as(table.update_sql())
        .bind(id)
        .bind(vector)
        .bind(model)
        .bind(version)
        .fetch_one(db)
        .await?;
    Ok(changed)
}

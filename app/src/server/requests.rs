//! Collaboration requests: brands post, edit and move them through their
//! states; creators read the active ones. Saving queues (re-)embedding in the
//! same transaction.

use super::{db, AppState};
use crate::error::{AppError, ErrorCode};
use crate::features::auth::User;
use crate::features::requests::CollabRequest;
use db::requests::RequestRow;
use domain::request_input::RequestInput;
use domain::{RequestActor, RequestStatus, Role};
use uuid::Uuid;

/// The job that embeds one request.
pub const EMBED_JOB: &str = "embed_collab_request";

const LIST_LIMIT: i64 = 200;

/// How `caller` relates to a request, if they may see it at all.
fn actor(caller: &User, row: &RequestRow) -> Option<Option<RequestActor>> {
    match caller.role {
        _ if row.brand_id == caller.id => Some(Some(RequestActor::Owner)),
        Role::Admin => Some(Some(RequestActor::Admin)),
        // Other users see only what is open for collaboration and published.
        _ if row.status() == RequestStatus::Active && row.is_published() => Some(None),
        _ => None,
    }
}

pub(super) fn view(
    row: RequestRow,
    actor: Option<RequestActor>,
) -> Result<CollabRequest, AppError> {
    let status = row.status();
    let moderation = row.moderation();
    let budget = row.budget().ok_or_else(|| {
        tracing::error!(request = %row.id, "stored budget does not parse");
        AppError::internal()
    })?;
    Ok(CollabRequest {
        id: row.id,
        brand_id: row.brand_id,
        niches: row.niches(),
        brand_name: row.brand_name,
        brand_verified: row.brand_verified,
        title: row.title,
        description: row.description,
        deliverables: row.deliverables,
        budget,
        target_countries: row.target_countries,
        target_languages: row.target_languages,
        deadline: row.deadline.to_string(),
        status,
        allowed_events: actor
            .map(|a| status.allowed_events(a).to_vec())
            .unwrap_or_default(),
        indexing: row.indexing,
        moderation,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn not_found() -> AppError {
    AppError::not_found("That collaboration request")
}

pub(crate) async fn queue_embedding(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    id: Uuid,
    now: time::OffsetDateTime,
) -> Result<(), AppError> {
    let key = format!("embed:request:{id}");
    db::jobs::enqueue(
        &mut **tx,
        EMBED_JOB,
        &serde_json::json!({ "request_id": id }),
        Some(&key),
        now,
        now,
    )
    .await?;
    Ok(())
}

/// The scanner's verdict on a request's texts (title, description and
/// deliverables, each named as its form field); a refusal is the error.
async fn scan(
    state: &AppState,
    input: &RequestInput,
) -> Result<domain::moderation::Verdict, AppError> {
    let deliverables = input
        .deliverables
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    super::moderation::check(
        state,
        domain::moderation::Context::Listing,
        &[
            ("title", input.title.as_str()),
            ("description", input.description.as_str()),
            ("deliverables", &deliverables),
        ],
    )
    .await
}

/// What a moderator reads of a flagged request.
fn excerpt(input: &RequestInput) -> String {
    format!("{}\n\n{}", input.title.as_str(), input.description.as_str())
}

pub async fn create(
    state: &AppState,
    caller: &User,
    input: RequestInput,
) -> Result<CollabRequest, AppError> {
    if caller.role != Role::Brand {
        return Err(AppError::forbidden(
            "Only brand accounts post collaboration requests.",
        ));
    }
    super::moderation::require_active(caller)?;
    let verdict = scan(state, &input).await?;
    let now = state.clock.now();
    let id = Uuid::now_v7();
    let mut tx = state.pool.begin().await?;
    db::requests::insert(&mut *tx, id, caller.id, &input, &verdict, now).await?;
    let case = db::moderation::Target::Request(id);
    super::moderation::record(&mut tx, case, caller.id, &verdict, &excerpt(&input), now).await?;
    queue_embedding(&mut tx, id, now).await?;
    tx.commit().await?;
    get(state, caller, id).await
}

pub async fn get(state: &AppState, caller: &User, id: Uuid) -> Result<CollabRequest, AppError> {
    let row = db::requests::find(&state.pool, id)
        .await?
        .ok_or_else(not_found)?;
    let actor = actor(caller, &row).ok_or_else(not_found)?;
    view(row, actor)
}

/// The caller's own requests, newest first.
pub async fn list_own(state: &AppState, caller: &User) -> Result<Vec<CollabRequest>, AppError> {
    db::requests::list_by_brand(&state.pool, caller.id, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|row| view(row, Some(RequestActor::Owner)))
        .collect()
}

pub async fn update(
    state: &AppState,
    caller: &User,
    id: Uuid,
    input: RequestInput,
) -> Result<CollabRequest, AppError> {
    super::moderation::require_active(caller)?;
    let verdict = scan(state, &input).await?;
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let (owner, status, _) = db::requests::owner_and_status_for_update(&mut *tx, id)
        .await?
        .ok_or_else(not_found)?;
    if owner != caller.id {
        return Err(not_found());
    }
    if status == RequestStatus::Closed.key() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "This request is closed; a closed request cannot change.",
        ));
    }
    db::requests::update(&mut *tx, id, &input, &verdict, now).await?;
    let case = db::moderation::Target::Request(id);
    super::moderation::record(&mut tx, case, caller.id, &verdict, &excerpt(&input), now).await?;
    queue_embedding(&mut tx, id, now).await?;
    tx.commit().await?;
    get(state, caller, id).await
}

/// Moves a request to `target` if the state machine allows it for the caller.
pub async fn change_status(
    state: &AppState,
    caller: &User,
    id: Uuid,
    target: RequestStatus,
) -> Result<CollabRequest, AppError> {
    let mut tx = state.pool.begin().await?;
    let (owner, status, _) = db::requests::owner_and_status_for_update(&mut *tx, id)
        .await?
        .ok_or_else(not_found)?;
    let actor = if owner == caller.id {
        RequestActor::Owner
    } else if caller.role == Role::Admin {
        RequestActor::Admin
    } else {
        return Err(not_found());
    };
    let current = RequestStatus::from_key(&status).unwrap_or(RequestStatus::Closed);
    let next = current
        .event_towards(target)
        .and_then(|event| current.apply(event, actor))
        .map_err(|e| AppError::new(ErrorCode::Conflict, e.to_string()))?;
    db::requests::set_status(&mut *tx, id, next).await?;
    tx.commit().await?;
    get(state, caller, id).await
}

/// The `embed_collab_request` job (see `ai::embed_document`).
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let id = super::ai::id_from(&payload, "request_id")?;
    let Some((text, version)) = db::requests::embedding_source(&state.pool, id)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // the request is gone; nothing to index
    };
    let (vector, model) =
        super::ai::embed_document(&state, text, super::ai::TextRole::Query).await?;
    let changed = db::embeddings::store(
        &state.pool,
        db::embeddings::Indexed::CollaborationRequests,
        id,
        &vector,
        &model,
        version,
    )
    .await
    .map_err(|e| e.to_string())?;
    super::ai::retry_if_changed(changed)
}

/// Every job kind this module handles.
pub fn register_jobs(handlers: super::jobs::Handlers) -> super::jobs::Handlers {
    handlers.register(EMBED_JOB, embed_job)
}

//! Personal tasks (issue 5). Every function takes the authenticated caller
//! and touches only their tasks: someone else's id is simply not found.

use super::db::tasks::{TaskRow, TaskValues};
use super::{db, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::tasks::{Task, TaskPage};
use domain::task::TaskChange;
use domain::{StatusFilter, TaskForm, TaskInput, TaskPatch, TaskQuery};
use time::{Duration, PrimitiveDateTime};

/// How long a deleted task can still be brought back.
pub const UNDO_FOR: Duration = Duration::days(1);
/// The most tasks the assistant and `list_tasks` look at.
pub const LIST_LIMIT: i64 = 500;

pub fn view(row: TaskRow) -> Task {
    Task {
        id: row.id,
        priority: row.priority(),
        due: row.due().map(|d| d.to_iso()),
        status: if row.completed {
            "completed"
        } else {
            "pending"
        }
        .to_owned(),
        title: row.title,
        description: row.description,
        completed: row.completed,
        created_at: row.created_at,
        updated_at: row.updated_at,
        completed_at: row.completed_at,
    }
}

fn not_found() -> AppError {
    AppError::not_found("That task")
}

/// The caller's local time, for words like "tomorrow".
pub async fn local_now(state: &AppState, caller: &User) -> Result<PrimitiveDateTime, AppError> {
    Ok(db::tasks::local_now(&state.pool, caller.id, state.clock.now()).await?)
}

pub async fn page(state: &AppState, caller: &User, q: &TaskQuery) -> Result<TaskPage, AppError> {
    let items = db::tasks::page(&state.pool, caller.id, q).await?;
    let total = db::tasks::count(&state.pool, caller.id, q).await?;
    Ok(TaskPage {
        items: items.into_iter().map(view).collect(),
        page: q.page,
        per_page: q.per_page,
        total,
    })
}

/// The caller's tasks in `status`, oldest first.
pub async fn all(
    state: &AppState,
    caller: &User,
    status: StatusFilter,
) -> Result<Vec<Task>, AppError> {
    Ok(db::tasks::all(&state.pool, caller.id, status, LIST_LIMIT)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

pub async fn get(state: &AppState, caller: &User, id: i64) -> Result<Task, AppError> {
    db::tasks::find(&state.pool, caller.id, id, false)
        .await?
        .map(view)
        .ok_or_else(not_found)
}

fn values(input: &TaskInput) -> TaskValues<'_> {
    TaskValues {
        title: input.title.as_str(),
        description: input.description.as_deref(),
        priority: input.priority,
        due: input.due,
        completed: input.completed,
    }
}

pub async fn create(state: &AppState, caller: &User, form: &TaskForm) -> Result<Task, AppError> {
    let now = local_now(state, caller).await?;
    let input = form.parse(now).map_err(AppError::from)?;
    create_valid(state, caller, &input).await
}

pub async fn create_valid(
    state: &AppState,
    caller: &User,
    input: &TaskInput,
) -> Result<Task, AppError> {
    let row = db::tasks::insert(&state.pool, caller.id, &values(input), state.clock.now()).await?;
    Ok(view(row))
}

/// Replaces every field of task `id` (`PUT`).
pub async fn replace(
    state: &AppState,
    caller: &User,
    id: i64,
    form: &TaskForm,
) -> Result<Task, AppError> {
    let now = local_now(state, caller).await?;
    let input = form.parse(now).map_err(AppError::from)?;
    db::tasks::update(
        &state.pool,
        caller.id,
        id,
        &values(&input),
        state.clock.now(),
    )
    .await?
    .map(view)
    .ok_or_else(not_found)
}

/// Changes the fields `patch` names (`PATCH`).
pub async fn patch(
    state: &AppState,
    caller: &User,
    id: i64,
    patch: &TaskPatch,
) -> Result<Task, AppError> {
    let now = local_now(state, caller).await?;
    let change = patch.parse(now).map_err(AppError::from)?;
    change_valid(state, caller, id, &change).await
}

/// Applies a valid change under the row's lock (two edits at once both land).
pub async fn change_valid(
    state: &AppState,
    caller: &User,
    id: i64,
    change: &TaskChange,
) -> Result<Task, AppError> {
    let mut tx = state.pool.begin().await?;
    let row = db::tasks::find(&mut *tx, caller.id, id, true)
        .await?
        .ok_or_else(not_found)?;
    if change.is_empty() {
        return Ok(view(row));
    }
    let title = change
        .title
        .as_ref()
        .map_or(row.title.as_str(), |t| t.as_str());
    let description = match &change.description {
        Some(d) => d.as_deref(),
        None => row.description.as_deref(),
    };
    let values = TaskValues {
        title,
        description,
        priority: change.priority.unwrap_or(row.priority()),
        due: change.due.unwrap_or(row.due()),
        completed: change.completed.unwrap_or(row.completed),
    };
    let updated = db::tasks::update(&mut *tx, caller.id, id, &values, state.clock.now())
        .await?
        .ok_or_else(not_found)?;
    tx.commit().await?;
    Ok(view(updated))
}

pub async fn set_completed(
    state: &AppState,
    caller: &User,
    id: i64,
    completed: bool,
) -> Result<Task, AppError> {
    let change = TaskChange {
        completed: Some(completed),
        ..Default::default()
    };
    change_valid(state, caller, id, &change).await
}

/// Deletes task `id`; it can be brought back for a day with [`restore`].
pub async fn delete(state: &AppState, caller: &User, id: i64) -> Result<Task, AppError> {
    db::tasks::set_deleted(&state.pool, caller.id, id, true, state.clock.now())
        .await?
        .map(view)
        .ok_or_else(not_found)
}

/// Undoes a delete.
pub async fn restore(state: &AppState, caller: &User, id: i64) -> Result<Task, AppError> {
    db::tasks::set_deleted(&state.pool, caller.id, id, false, state.clock.now())
        .await?
        .map(view)
        .ok_or_else(not_found)
}

/// Removes tasks deleted more than [`UNDO_FOR`] ago (housekeeping).
pub async fn purge_deleted(state: &AppState) -> Result<u64, AppError> {
    Ok(db::tasks::purge_deleted(&state.pool, state.clock.now() - UNDO_FOR).await?)
}

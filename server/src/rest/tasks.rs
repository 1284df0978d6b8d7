//! `/api/v1/tasks` (the caller's own tasks) and `/api/v1/tools` (the five
//! task tools for outside agents, beside the direct routes).

use super::error::{ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody};
use super::extract::BearerUser;
use app::features::tasks::{Task, TaskPage};
use app::server::task_tools::{self, ToolName, ToolResult};
use app::server::{tasks, AppState};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::task::TaskQueryForm;
use domain::{TaskForm, TaskPatch};
use serde::Serialize;
use utoipa::ToSchema;

/// A path id: anything but a whole number names no task.
fn task_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::not_found("That task"))
}

/// The caller's tasks, filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/tasks", operation_id = "list_tasks", tag = "tasks", security(("bearer" = [])),
    params(TaskQueryForm),
    responses((status = 200, description = "One page of tasks and the total", body = TaskPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiQuery(form): ApiQuery<TaskQueryForm>,
) -> ApiResult<Json<TaskPage>> {
    let q = form.parse().map_err(AppError::from)?;
    Ok(Json(tasks::page(&state, &caller.user, &q).await?))
}

/// Add a task.
#[utoipa::path(post, path = "/api/v1/tasks", operation_id = "create_task", tag = "tasks", security(("bearer" = [])),
    request_body = TaskForm,
    responses((status = 201, description = "Added", body = Task), (status = 422, description = "`error.field` names the bad field", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiJson(form): ApiJson<TaskForm>,
) -> ApiResult<(StatusCode, Json<Task>)> {
    let task = tasks::create(&state, &caller.user, &form).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", operation_id = "get_task", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "The task", body = Task), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Task>> {
    Ok(Json(tasks::get(&state, &caller.user, task_id(&id)?).await?))
}

/// Replace a task's fields (absent optional fields are cleared).
#[utoipa::path(put, path = "/api/v1/tasks/{id}", operation_id = "replace_task", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = TaskForm,
    responses((status = 200, description = "The task", body = Task), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn replace(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(form): ApiJson<TaskForm>,
) -> ApiResult<Json<Task>> {
    let id = task_id(&id)?;
    Ok(Json(tasks::replace(&state, &caller.user, id, &form).await?))
}

/// Change some fields; `description` or `due` set to null clears them;
/// `completed` completes or reopens.
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", operation_id = "update_task", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = TaskPatch,
    responses((status = 200, description = "The task", body = Task), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<TaskPatch>,
) -> ApiResult<Json<Task>> {
    let id = task_id(&id)?;
    Ok(Json(tasks::patch(&state, &caller.user, id, &patch).await?))
}

/// Delete a task; `POST /api/v1/tasks/{id}/restore` brings it back within a day.
#[utoipa::path(delete, path = "/api/v1/tasks/{id}", operation_id = "delete_task", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "The task as it was", body = Task), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Task>> {
    Ok(Json(
        tasks::delete(&state, &caller.user, task_id(&id)?).await?,
    ))
}

/// Undo a delete (within a day).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/restore", operation_id = "restore_task", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "The task", body = Task), (status = 404, description = "Not a deleted task of the caller's", body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Task>> {
    Ok(Json(
        tasks::restore(&state, &caller.user, task_id(&id)?).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ToolInfo {
    pub name: String,
    pub description: String,
    #[schema(value_type = Object)]
    pub input_schema: serde_json::Value,
    pub read_only: bool,
    pub destructive: bool,
}

/// The five task tools with their JSON schemas (the same ones MCP serves).
#[utoipa::path(get, path = "/api/v1/tools", operation_id = "list_tools", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, description = "The five tools with their JSON schemas", body = Vec<ToolInfo>)))]
pub async fn tools(_caller: BearerUser) -> Json<Vec<ToolInfo>> {
    Json(
        ToolName::ALL
            .into_iter()
            .map(|t| ToolInfo {
                name: t.as_str().to_owned(),
                description: t.description().to_owned(),
                input_schema: t.input_schema(),
                read_only: t.read_only(),
                destructive: t.destructive(),
            })
            .collect(),
    )
}

/// Call a task tool as an agent would: the body is its arguments, the
/// answer its result.
#[utoipa::path(post, path = "/api/v1/tools/{name}", operation_id = "call_tool", tag = "tasks", security(("bearer" = [])),
    params(("name" = String, Path, description = "add_task, list_tasks, complete_task, delete_task or update_task")),
    request_body(content = Object, description = "The tool's arguments, as its `input_schema` (`GET /api/v1/tools`) describes; an empty body is `{}`", example = json!({"title": "Call the venue", "priority": "high", "due": "tomorrow"})),
    responses((status = 200, description = "`list_tasks`: the tasks; any other tool: the outcome for the task it changed", body = ToolResult), (status = 400, description = "The arguments do not fit the tool's schema; the message says what is allowed", body = ErrorBody), (status = 403, description = "user_id names someone else", body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn call_tool(
    State(state): State<AppState>,
    caller: BearerUser,
    ApiPath(name): ApiPath<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<serde_json::Value>> {
    if ToolName::parse(&name).is_none() {
        return Err(AppError::not_found("That tool").into());
    }
    let args: serde_json::Value =
        super::error::optional_json(&body, "{\"title\": \"Buy groceries\"}")?;
    Ok(Json(
        task_tools::call(&state, &caller.user, &name, &args).await?,
    ))
}

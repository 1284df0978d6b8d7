//! The five task tools (seed 002's contracts). The same code serves the
//! in-app assistant (both engines), the REST agent routes and MCP: a tool
//! is a name, a JSON schema and a function of the authenticated caller and
//! JSON arguments.

use super::{tasks, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use domain::task::{parse_description, TaskChange, TaskTitle};
use domain::{Due, FieldError, Priority, StatusFilter, TaskInput};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolName {
    AddTask,
    ListTasks,
    CompleteTask,
    DeleteTask,
    UpdateTask,
}

impl ToolName {
    pub const ALL: [ToolName; 5] = [
        ToolName::AddTask,
        ToolName::ListTasks,
        ToolName::CompleteTask,
        ToolName::DeleteTask,
        ToolName::UpdateTask,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ToolName::AddTask => "add_task",
            ToolName::ListTasks => "list_tasks",
            ToolName::CompleteTask => "complete_task",
            ToolName::DeleteTask => "delete_task",
            ToolName::UpdateTask => "update_task",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            ToolName::AddTask => "Add a task for the user. Returns {task_id, status: \"created\", title}.",
            ToolName::ListTasks => "List the user's tasks, oldest first: all of them, only pending or only completed ones. Returns an array of task objects.",
            ToolName::CompleteTask => "Mark one of the user's tasks as completed. Returns {task_id, status: \"completed\", title}.",
            ToolName::DeleteTask => "Delete one of the user's tasks (it can be restored for a day from the Tasks page). Returns {task_id, status: \"deleted\", title}.",
            ToolName::UpdateTask => "Change a task's title, description, priority or due date, or reopen it with completed=false. Returns {task_id, status: \"updated\", title}.",
        }
    }

    /// Only reads.
    pub fn read_only(self) -> bool {
        self == ToolName::ListTasks
    }

    /// Removes something.
    pub fn destructive(self) -> bool {
        self == ToolName::DeleteTask
    }

    /// The JSON schema of the arguments.
    pub fn input_schema(self) -> Value {
        let user_id = json!({"type": "string", "description": "Optional; the tasks are always the authenticated user's. Any other user's id is refused."});
        let task_id = json!({"type": "integer", "description": "The task's id (from add_task or list_tasks)."});
        let priority = json!({"type": "string", "enum": ["low", "medium", "high"]});
        let due = json!({"type": "string", "description": "Due date in the user's time zone: 2026-03-05, 2026-03-05T15:00, or words like \"tomorrow\", \"next Friday at 3pm\". For update_task an empty string clears it."});
        match self {
            ToolName::AddTask => json!({
                "type": "object",
                "properties": {
                    "user_id": user_id,
                    "title": {"type": "string", "minLength": 1, "maxLength": domain::task::TITLE_MAX},
                    "description": {"type": "string", "maxLength": domain::task::DESCRIPTION_MAX},
                    "priority": priority,
                    "due": due,
                },
                "required": ["title"],
            }),
            ToolName::ListTasks => json!({
                "type": "object",
                "properties": {
                    "user_id": user_id,
                    "status": {"type": "string", "enum": ["all", "pending", "completed"], "default": "all"},
                },
            }),
            ToolName::CompleteTask | ToolName::DeleteTask => json!({
                "type": "object",
                "properties": {"user_id": user_id, "task_id": task_id},
                "required": ["task_id"],
            }),
            ToolName::UpdateTask => json!({
                "type": "object",
                "properties": {
                    "user_id": user_id,
                    "task_id": task_id,
                    "title": {"type": "string", "minLength": 1, "maxLength": domain::task::TITLE_MAX},
                    "description": {"type": "string", "maxLength": domain::task::DESCRIPTION_MAX},
                    "priority": priority,
                    "due": due,
                    "completed": {"type": "boolean", "description": "false reopens a completed task."},
                },
                "required": ["task_id"],
            }),
        }
    }
}

#[derive(Deserialize)]
struct AddArgs {
    user_id: Option<Value>,
    title: String,
    description: Option<String>,
    priority: Option<String>,
    due: Option<String>,
}

#[derive(Deserialize, Default)]
struct ListArgs {
    user_id: Option<Value>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct IdArgs {
    user_id: Option<Value>,
    task_id: i64,
}

#[derive(Deserialize)]
struct UpdateArgs {
    user_id: Option<Value>,
    task_id: i64,
    title: Option<String>,
    description: Option<String>,
    priority: Option<String>,
    due: Option<String>,
    completed: Option<bool>,
}

fn parse_args<T: serde::de::DeserializeOwned>(tool: ToolName, args: &Value) -> Result<T, AppError> {
    // A call without arguments is an empty object.
    let args = if args.is_null() {
        json!({})
    } else {
        args.clone()
    };
    let refused =
        |why: String| AppError::bad_request(format!("Arguments of {}: {why}", tool.as_str()));
    check_schema(&tool.input_schema(), &args).map_err(|e| match e {
        SchemaError::Shape(why) => refused(why),
        SchemaError::NotAllowed(field) => AppError::validation(vec![field]),
    })?;
    serde_json::from_value(args).map_err(|e| refused(format!("{e}.")))
}

/// Why arguments do not fit a tool's schema.
#[derive(Debug, PartialEq)]
enum SchemaError {
    /// Not an object, a required argument missing, a value of the wrong
    /// type: the call is malformed (400).
    Shape(String),
    /// A value outside the allowed ones: a field error (422).
    NotAllowed(FieldError),
}

/// Checks `args` against a tool's input schema (the parts our schemas
/// use: an object, required properties, each property's type and enum),
/// so a value outside the schema is refused with what is allowed instead of
/// being read as something close to it.
fn check_schema(schema: &Value, args: &Value) -> Result<(), SchemaError> {
    use SchemaError::{NotAllowed, Shape};
    let Some(args) = args.as_object() else {
        return Err(Shape("send the arguments as a JSON object.".into()));
    };
    for name in schema["required"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if !args.contains_key(name) {
            return Err(Shape(format!("{name} is required.")));
        }
    }
    for (name, value) in args {
        let property = &schema["properties"][name];
        if property.is_null() || value.is_null() {
            continue;
        }
        let fits = match property["type"].as_str() {
            Some("string") => value.is_string(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("boolean") => value.is_boolean(),
            _ => true,
        };
        if !fits {
            let kind = match property["type"].as_str() {
                Some("integer") => "a whole number",
                Some("boolean") => "true or false",
                _ => "a string",
            };
            return Err(Shape(format!("{name} must be {kind} (got {value}).")));
        }
        if let Some(allowed) = property["enum"].as_array() {
            if !allowed.contains(value) {
                let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                return Err(NotAllowed(
                    FieldError::new(
                        name,
                        "not_allowed",
                        format!("Choose {} (not {value}).", names.join(", ")),
                    )
                    .with("choices", names.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

/// The tasks are always the caller's; naming anyone else is refused.
fn check_user(caller: &User, user_id: &Option<Value>) -> Result<(), AppError> {
    let named = match user_id {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(other) => other.to_string(),
    };
    if named.is_empty() || named.eq_ignore_ascii_case(&caller.id.to_string()) {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "You can only manage your own tasks; leave user_id out.",
        ))
    }
}

/// What a tool that changes one task answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ToolOutcome {
    pub task_id: i64,
    pub status: OutcomeStatus,
    pub title: String,
    #[schema(value_type = String, example = "medium")]
    pub priority: domain::Priority,
    /// On the user's own calendar: `2026-11-27` or `2026-11-27T15:00`.
    pub due: Option<String>,
    pub completed: bool,
}

#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    Created,
    Completed,
    Deleted,
    Updated,
}

/// A tool's answer: `list_tasks` answers the tasks, every other tool the
/// outcome for the one task it changed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ToolResult {
    Outcome(ToolOutcome),
    Tasks(Vec<crate::features::tasks::Task>),
}

fn outcome(task: crate::features::tasks::Task, status: OutcomeStatus) -> ToolResult {
    ToolResult::Outcome(ToolOutcome {
        task_id: task.id,
        status,
        title: task.title,
        priority: task.priority,
        due: task.due,
        completed: task.completed,
    })
}

/// Runs tool `name` for `caller` with JSON `args`; the result as JSON.
pub async fn call(
    state: &AppState,
    caller: &User,
    name: &str,
    args: &Value,
) -> Result<Value, AppError> {
    let result = run(state, caller, name, args).await?;
    serde_json::to_value(result).map_err(|e| {
        tracing::error!(error = %e, "a tool result did not serialise");
        AppError::internal()
    })
}

async fn run(
    state: &AppState,
    caller: &User,
    name: &str,
    args: &Value,
) -> Result<ToolResult, AppError> {
    let tool = ToolName::parse(name)
        .ok_or_else(|| AppError::bad_request(format!("There is no tool called {name:?}.")))?;
    match tool {
        ToolName::AddTask => {
            let a: AddArgs = parse_args(tool, args)?;
            check_user(caller, &a.user_id)?;
            let now = tasks::local_now(state, caller).await?;
            let input = domain::TaskForm {
                title: a.title,
                description: a.description,
                priority: a.priority,
                due: a.due,
                completed: None,
            }
            .parse(now)
            .map_err(AppError::from)?;
            let task = tasks::create_valid(state, caller, &input).await?;
            Ok(outcome(task, OutcomeStatus::Created))
        }
        ToolName::ListTasks => {
            let a: ListArgs = parse_args(tool, args)?;
            check_user(caller, &a.user_id)?;
            let status = StatusFilter::parse(a.status.as_deref().unwrap_or(""))?;
            let list = tasks::all(state, caller, status).await?;
            Ok(ToolResult::Tasks(list))
        }
        ToolName::CompleteTask => {
            let a: IdArgs = parse_args(tool, args)?;
            check_user(caller, &a.user_id)?;
            let task = tasks::set_completed(state, caller, a.task_id, true).await?;
            Ok(outcome(task, OutcomeStatus::Completed))
        }
        ToolName::DeleteTask => {
            let a: IdArgs = parse_args(tool, args)?;
            check_user(caller, &a.user_id)?;
            let task = tasks::delete(state, caller, a.task_id).await?;
            Ok(outcome(task, OutcomeStatus::Deleted))
        }
        ToolName::UpdateTask => {
            let a: UpdateArgs = parse_args(tool, args)?;
            check_user(caller, &a.user_id)?;
            let now = tasks::local_now(state, caller).await?;
            let change = update_change(&a, now).map_err(AppError::from)?;
            let task = tasks::change_valid(state, caller, a.task_id, &change).await?;
            Ok(outcome(task, OutcomeStatus::Updated))
        }
    }
}

fn update_change(
    a: &UpdateArgs,
    now: time::PrimitiveDateTime,
) -> Result<TaskChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut change = TaskChange {
        completed: a.completed,
        ..Default::default()
    };
    if let Some(t) = &a.title {
        change.title = TaskTitle::parse(t).map_err(|e| errors.push(e)).ok();
    }
    if let Some(d) = &a.description {
        change.description = parse_description(d).map_err(|e| errors.push(e)).ok();
    }
    if let Some(p) = &a.priority {
        change.priority = Priority::parse(p, "priority")
            .map_err(|e| errors.push(e))
            .ok();
    }
    if let Some(d) = &a.due {
        change.due = if d.trim().is_empty() {
            Some(None)
        } else {
            Due::parse(d, now)
                .map(Some)
                .map_err(|e| errors.push(e))
                .ok()
        };
    }
    if errors.is_empty() {
        Ok(change)
    } else {
        Err(errors)
    }
}

/// A valid new task as the offline engine understood it, as `add_task`
/// arguments (so the card under the reply shows what any client would send).
pub fn add_arguments(input: &TaskInput) -> Value {
    let mut args = json!({"title": input.title.as_str()});
    if let Some(d) = &input.description {
        args["description"] = json!(d);
    }
    if input.priority != Priority::Medium {
        args["priority"] = json!(input.priority.key());
    }
    if let Some(due) = input.due {
        args["due"] = json!(due.to_iso());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tool: ToolName, args: Value) -> Result<(), String> {
        check_schema(&tool.input_schema(), &args).map_err(|e| match e {
            SchemaError::Shape(why) => why,
            SchemaError::NotAllowed(f) => format!("{}: {}", f.field, f.message),
        })
    }

    #[test]
    fn values_outside_an_enum_are_refused_with_the_allowed_ones() {
        let err = check(
            ToolName::AddTask,
            json!({"title": "x", "priority": "urgent"}),
        )
        .unwrap_err();
        assert_eq!(err, "priority: Choose low, medium, high (not \"urgent\").");
        let err = check(ToolName::ListTasks, json!({"status": "done"})).unwrap_err();
        assert!(err.contains("all, pending, completed"), "{err}");
        assert!(check(ToolName::ListTasks, json!({"status": "pending"})).is_ok());
    }

    #[test]
    fn ids_must_be_whole_numbers() {
        for id in [json!(1.5), json!("3"), json!(true)] {
            let err = check(ToolName::CompleteTask, json!({"task_id": id})).unwrap_err();
            assert!(err.starts_with("task_id must be a whole number"), "{err}");
        }
        assert!(check(ToolName::CompleteTask, json!({"task_id": 3})).is_ok());
    }

    #[test]
    fn required_arguments_and_the_object_shape_are_checked() {
        assert_eq!(
            check(ToolName::DeleteTask, json!({})).unwrap_err(),
            "task_id is required."
        );
        assert!(check(ToolName::AddTask, json!(["title"])).is_err());
        assert!(check(
            ToolName::UpdateTask,
            json!({"task_id": 1, "completed": "no"})
        )
        .is_err());
        // Nulls mean "not given"; properties the schema does not name pass.
        assert!(check(
            ToolName::AddTask,
            json!({"title": "x", "due": null, "note": 1})
        )
        .is_ok());
    }
}

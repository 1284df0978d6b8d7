//! The offline engine's turn: the domain reads the message into a plan,
//! and the plan runs through the same five tools outside agents call.

use super::super::{task_tools, tasks, AppState};
use crate::error::AppError;
use crate::features::auth::User;
use crate::features::tasks::{Task, ToolCallRecord};
use domain::assistant::reply::{self, Outcome, Said};
use domain::assistant::{understand, Action, Context, Memory, Plan, TaskBrief};
use domain::{Due, Priority, StatusFilter};
use serde_json::{json, Value};
use time::PrimitiveDateTime;

pub struct Turn {
    pub said: Said,
    pub tool_calls: Vec<ToolCallRecord>,
    pub memory: Memory,
}

fn brief(task: &Task, now: PrimitiveDateTime) -> TaskBrief {
    TaskBrief {
        id: task.id,
        title: task.title.clone(),
        completed: task.completed,
        priority: task.priority,
        due: task.due.as_deref().and_then(|d| Due::parse(d, now).ok()),
    }
}

/// A tool's `{task_id, title, priority, due, completed}` answer as a brief.
fn brief_of_result(result: &Value, now: PrimitiveDateTime) -> Option<TaskBrief> {
    Some(TaskBrief {
        id: result["task_id"].as_i64()?,
        title: result["title"].as_str()?.to_owned(),
        completed: result["completed"].as_bool().unwrap_or(false),
        priority: result["priority"]
            .as_str()
            .and_then(Priority::from_key)
            .unwrap_or(Priority::Medium),
        due: result["due"].as_str().and_then(|d| Due::parse(d, now).ok()),
    })
}

/// The tool call an action is.
pub fn tool_call(action: &Action) -> (&'static str, Value) {
    match action {
        Action::Add {
            title,
            description,
            priority,
            due,
        } => {
            let mut args = json!({"title": title});
            if let Some(d) = description {
                args["description"] = json!(d);
            }
            if let Some(p) = priority {
                args["priority"] = json!(p.key());
            }
            if let Some(d) = due {
                args["due"] = json!(d.to_iso());
            }
            ("add_task", args)
        }
        Action::List { status, .. } => ("list_tasks", json!({"status": status.key()})),
        Action::Complete { id } => ("complete_task", json!({"task_id": id})),
        Action::Delete { id } => ("delete_task", json!({"task_id": id})),
        Action::Reopen { id } => ("update_task", json!({"task_id": id, "completed": false})),
        Action::Update {
            id,
            title,
            description,
            priority,
            due,
        } => {
            let mut args = json!({"task_id": id});
            if let Some(t) = title {
                args["title"] = json!(t);
            }
            if let Some(d) = description {
                args["description"] = json!(d.clone().unwrap_or_default());
            }
            if let Some(p) = priority {
                args["priority"] = json!(p.key());
            }
            if let Some(d) = due {
                args["due"] = json!(d.map(|d| d.to_iso()).unwrap_or_default());
            }
            ("update_task", args)
        }
    }
}

pub fn error_json(e: &AppError) -> Value {
    json!({"error": {"code": e.code.as_str(), "message": e.message}})
}

pub async fn turn(
    state: &AppState,
    caller: &User,
    message: &str,
    mut memory: Memory,
) -> Result<Turn, AppError> {
    let now = tasks::local_now(state, caller).await?;
    let all = tasks::all(state, caller, StatusFilter::All).await?;
    let briefs: Vec<TaskBrief> = all.iter().map(|t| brief(t, now)).collect();
    let plan = understand(
        message,
        &Context {
            tasks: &briefs,
            memory: &memory,
            now,
        },
    );
    let mut tool_calls = Vec::new();
    let mut outcomes = Vec::new();
    let mut touched = Vec::new();
    let mut listed = None;
    let said = match &plan {
        Plan::Say(said) => said.clone(),
        Plan::Ask { question, .. } => question.clone(),
        Plan::Act(actions) => {
            for action in actions {
                let (tool, arguments) = tool_call(action);
                let result = match task_tools::call(state, caller, tool, &arguments).await {
                    Ok(result) => result,
                    Err(e)
                        if e.code == crate::error::ErrorCode::Internal
                            || e.code == crate::error::ErrorCode::ServiceUnavailable =>
                    {
                        return Err(e)
                    }
                    Err(e) => {
                        outcomes.push(Outcome::Failed {
                            code: e.code.as_str().to_owned(),
                            field: e.fields.first().cloned(),
                            message: e.message.clone(),
                        });
                        tool_calls.push(ToolCallRecord {
                            tool: tool.into(),
                            arguments,
                            result: error_json(&e),
                        });
                        continue;
                    }
                };
                let outcome = match action {
                    Action::List {
                        status,
                        priority,
                        due,
                    } => {
                        let listed_tasks: Vec<Task> =
                            serde_json::from_value(result.clone()).unwrap_or_default();
                        let shown = reply::filter(
                            listed_tasks.iter().map(|t| brief(t, now)).collect(),
                            *priority,
                            *due,
                            now.date(),
                        );
                        listed = Some(shown.iter().map(|t| t.id).collect::<Vec<_>>());
                        Outcome::Listed {
                            status: *status,
                            priority: *priority,
                            due: *due,
                            tasks: shown,
                        }
                    }
                    _ => {
                        let after = brief_of_result(&result, now).ok_or_else(AppError::internal)?;
                        if !matches!(action, Action::Delete { .. }) {
                            touched.push(after.id);
                        }
                        match action {
                            Action::Add { .. } => Outcome::Added(after),
                            Action::Complete { .. } => Outcome::Completed(after),
                            Action::Reopen { .. } => Outcome::Reopened(after),
                            Action::Delete { .. } => Outcome::Deleted(after),
                            _ => Outcome::Updated {
                                before: briefs.iter().find(|t| t.id == after.id).cloned(),
                                after,
                            },
                        }
                    }
                };
                outcomes.push(outcome);
                tool_calls.push(ToolCallRecord {
                    tool: tool.into(),
                    arguments,
                    result,
                });
            }
            Said::Did { outcomes }
        }
    };
    memory.after(&plan, &touched, listed.as_deref());
    Ok(Turn {
        said,
        tool_calls,
        memory,
    })
}

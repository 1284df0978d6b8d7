//! The assistant's sentences: what it did, in words, with absolute dates.

use super::{DueFilter, TaskBrief};
use crate::task::{Priority, StatusFilter};
use time::Date;

/// A list answer names at most this many tasks; the rest are counted.
pub const LIST_SHOWN: usize = 10;

/// What running one action gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added(TaskBrief),
    Listed {
        status: StatusFilter,
        priority: Option<Priority>,
        due: Option<DueFilter>,
        /// Already filtered.
        tasks: Vec<TaskBrief>,
    },
    Completed(TaskBrief),
    Reopened(TaskBrief),
    Deleted(TaskBrief),
    Updated {
        before: Option<TaskBrief>,
        after: TaskBrief,
    },
    /// The tool refused; `message` says why.
    Failed(String),
}

fn quoted(title: &str) -> String {
    format!("“{title}”")
}

fn details(t: &TaskBrief) -> String {
    let mut parts = Vec::new();
    if let Some(due) = t.due {
        parts.push(format!("due {}", due.describe()));
    }
    if t.priority != Priority::Medium {
        parts.push(format!("{} priority", t.priority.key()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

/// "“Buy groceries”, “Call mom” and “Do the laundry”".
pub fn name_list(tasks: &[TaskBrief], ids: &[i64]) -> String {
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| tasks.iter().find(|t| t.id == *id))
        .map(|t| quoted(&t.title))
        .collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// "1. “Team meeting prep” (task 2) or 2. “Meeting with Priya” (task 9)".
pub fn numbered(tasks: &[TaskBrief], ids: &[i64]) -> String {
    let items: Vec<String> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            tasks.iter().find(|t| t.id == *id).map(|t| {
                format!(
                    "{}. {} (task {}{})",
                    i + 1,
                    quoted(&t.title),
                    t.id,
                    if t.completed { ", done" } else { "" }
                )
            })
        })
        .collect();
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Tasks of a list narrowed by the priority and due date asked for.
pub fn filter(
    tasks: Vec<TaskBrief>,
    priority: Option<Priority>,
    due: Option<DueFilter>,
    today: Date,
) -> Vec<TaskBrief> {
    tasks
        .into_iter()
        .filter(|t| priority.is_none_or(|p| t.priority == p))
        .filter(|t| match due {
            None => true,
            Some(DueFilter::Overdue) => !t.completed && t.due.is_some_and(|d| d.date < today),
            Some(DueFilter::On(day)) => t.due.is_some_and(|d| d.date == day),
            Some(DueFilter::Until(end)) => t.due.is_some_and(|d| d.date <= end),
        })
        .collect()
}

fn list_sentence(
    status: StatusFilter,
    priority: Option<Priority>,
    due: Option<DueFilter>,
    tasks: &[TaskBrief],
) -> String {
    let kind = match status {
        StatusFilter::All => "",
        StatusFilter::Pending => "open ",
        StatusFilter::Completed => "completed ",
    };
    let prio = priority
        .map(|p| format!("{} priority ", p.key()))
        .unwrap_or_default();
    let when = match due {
        None => String::new(),
        Some(DueFilter::Overdue) => " overdue".into(),
        Some(DueFilter::On(d)) => format!(
            " due {}",
            crate::when::Due {
                date: d,
                time: None
            }
            .describe()
        ),
        Some(DueFilter::Until(d)) => format!(
            " due by {}",
            crate::when::Due {
                date: d,
                time: None
            }
            .describe()
        ),
    };
    if tasks.is_empty() {
        return format!("You have no {kind}{prio}tasks{when}.");
    }
    let noun = if tasks.len() == 1 { "task" } else { "tasks" };
    let items: Vec<String> = tasks
        .iter()
        .take(LIST_SHOWN)
        .enumerate()
        .map(|(i, t)| {
            let done = if t.completed && status != StatusFilter::Completed {
                " (done)"
            } else {
                ""
            };
            format!("{}. {}{}{done}", i + 1, t.title, details(t))
        })
        .collect();
    let more = match tasks.len().saturating_sub(LIST_SHOWN) {
        0 => String::new(),
        n => format!(" … and {n} more on the Tasks page"),
    };
    format!(
        "You have {} {kind}{prio}{noun}{when}: {}{more}.",
        tasks.len(),
        items.join("; ")
    )
}

/// One sentence per outcome.
pub fn sentence(outcomes: &[Outcome]) -> String {
    let parts: Vec<String> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Added(t) => {
                format!("Added {} (task {}){}.", quoted(&t.title), t.id, details(t))
            }
            Outcome::Listed {
                status,
                priority,
                due,
                tasks,
            } => list_sentence(*status, *priority, *due, tasks),
            Outcome::Completed(t) => format!("Marked {} as done.", quoted(&t.title)),
            Outcome::Reopened(t) => format!("Reopened {}.", quoted(&t.title)),
            Outcome::Deleted(t) => format!(
                "Deleted {}. You can restore it from the Tasks page for a day.",
                quoted(&t.title)
            ),
            Outcome::Updated { before, after } => {
                let mut changes = Vec::new();
                if let Some(b) = before {
                    if b.title != after.title {
                        changes.push(format!(
                            "renamed {} to {}",
                            quoted(&b.title),
                            quoted(&after.title)
                        ));
                    }
                    if b.due != after.due {
                        changes.push(match after.due {
                            Some(d) => format!("due {}", d.describe()),
                            None => "no due date".into(),
                        });
                    }
                    if b.priority != after.priority {
                        changes.push(format!("{} priority", after.priority.key()));
                    }
                }
                if changes.is_empty() {
                    format!("Updated {}{}.", quoted(&after.title), details(after))
                } else {
                    let first_renamed = changes[0].starts_with("renamed");
                    let (head, rest) = changes
                        .split_first()
                        .map(|(h, r)| (h.clone(), r.to_vec()))
                        .unwrap_or_default();
                    if first_renamed {
                        let mut s = format!("R{}", &head[1..]);
                        if !rest.is_empty() {
                            s += &format!(", {}", rest.join(", "));
                        }
                        s + "."
                    } else {
                        format!("Updated {}: {}.", quoted(&after.title), changes.join(", "))
                    }
                }
            }
            Outcome::Failed(message) => message.clone(),
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64) -> TaskBrief {
        TaskBrief {
            id,
            title: format!("Task {id}"),
            completed: false,
            priority: Priority::Medium,
            due: None,
        }
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        let listed = |n: i64| {
            sentence(&[Outcome::Listed {
                status: StatusFilter::Pending,
                priority: None,
                due: None,
                tasks: (1..=n).map(task).collect(),
            }])
        };
        assert_eq!(listed(0), "You have no open tasks.");
        assert_eq!(listed(1), "You have 1 open task: 1. Task 1.");
        let long = listed(25);
        assert!(
            long.starts_with("You have 25 open tasks: 1. Task 1; "),
            "{long}"
        );
        assert!(
            long.ends_with("10. Task 10 … and 15 more on the Tasks page."),
            "{long}"
        );
        assert!(!long.contains("Task 11"));
    }
}

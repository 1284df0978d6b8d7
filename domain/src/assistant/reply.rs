//! What the assistant says, as facts: what it did, what it asks, why it
//! cannot. No sentence is built here; the edge words a [`Said`] in the
//! reader's language (`app::server::assistant::words`).

use super::{DueFilter, TaskBrief};
use crate::task::{Priority, StatusFilter};
use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::Date;

/// A list answer names at most this many tasks; the rest are counted.
pub const LIST_SHOWN: usize = 10;

/// What running one action gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// The tool refused: its error code, the field at fault if any, and
    /// its English message.
    Failed {
        code: String,
        field: Option<FieldError>,
        message: String,
    },
}

/// One reply of the assistant (stored with the conversation, worded when
/// read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Said {
    /// The message was empty: say what to type.
    Prompt,
    /// What the assistant can do, with examples.
    Help,
    /// A greeting back, and the help.
    Hello,
    /// The answer to thanks.
    Welcome,
    /// A confirmation was declined.
    LeftAlone,
    /// A "which one?" was declined.
    NothingChanged,
    /// Nothing in the message was understood.
    NotUnderstood {
        text: String,
    },
    /// "Add a task" without what it should say.
    AddWhat,
    NothingOpenToComplete,
    /// "Those" with nothing listed or named before.
    WhichTasks,
    NoTaskNumbered {
        id: i64,
    },
    NoTasksYet,
    /// "The fifth one" of a shorter list.
    OnlyInList {
        count: usize,
    },
    /// "It" with nothing said before.
    NotSureWhich,
    WhichTask,
    NoMatch {
        phrase: String,
    },
    NoCompletedToDelete,
    NoTasksToDelete,
    /// "Move it" without a date.
    DueWhen,
    /// "Change it" without what.
    ChangeWhat,
    /// "Rename it to" with nothing after.
    NewTitle,
    /// A question: delete all of these?
    ConfirmDeletes {
        tasks: Vec<TaskBrief>,
    },
    /// A question: which of these?
    Choose {
        tasks: Vec<TaskBrief>,
    },
    /// What the actions of the plan gave, in order.
    Did {
        outcomes: Vec<Outcome>,
    },
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

//! The command-table runner: conversations of commands against fixture
//! tasks, with the five tools simulated in memory so each conversation's
//! memory evolves as it does in the product. The tests and the accuracy
//! bench read the same tables.

use super::{understand, Action, Context, Memory, Plan, TaskBrief};
use crate::task::Priority;
use crate::when::Due;
use time::macros::{date, datetime, time};

/// One command: what was typed, the expected tool calls and what came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub message: String,
    pub expected: String,
    pub got: String,
}

impl Row {
    pub fn passed(&self) -> bool {
        self.expected == self.got
    }
}

fn fixture() -> Vec<TaskBrief> {
    let t = |id, title: &str, completed, priority, due| TaskBrief {
        id,
        title: title.into(),
        completed,
        priority,
        due,
    };
    vec![
        t(1, "Buy groceries", false, Priority::Medium, None),
        t(
            2,
            "Team meeting prep",
            false,
            Priority::High,
            Some(Due {
                date: date!(2026 - 11 - 23),
                time: None,
            }),
        ),
        t(3, "Do the laundry", false, Priority::Low, None),
        t(
            4,
            "File tax return",
            false,
            Priority::Medium,
            Some(Due {
                date: date!(2026 - 11 - 30),
                time: None,
            }),
        ),
        t(5, "Call mom", true, Priority::Medium, None),
        t(6, "Daily standup notes", false, Priority::Medium, None),
        t(
            7,
            "Book dentist appointment",
            false,
            Priority::Medium,
            Some(Due {
                date: date!(2026 - 11 - 25),
                time: Some(time!(10:30)),
            }),
        ),
        t(8, "Water the plants", true, Priority::Medium, None),
    ]
}

struct Conversation {
    tasks: Vec<TaskBrief>,
    memory: Memory,
}

impl Conversation {
    fn new() -> Self {
        Self {
            tasks: fixture(),
            memory: Memory::default(),
        }
    }

    fn next_id(&self) -> i64 {
        self.tasks.iter().map(|t| t.id).max().unwrap_or(0) + 1
    }

    /// What the service does with a plan, on the fixture instead of Postgres.
    fn apply(&mut self, plan: &Plan) {
        let mut touched = Vec::new();
        let mut listed = None;
        if let Plan::Act(actions) = plan {
            for action in actions {
                match action {
                    Action::Add {
                        title,
                        priority,
                        due,
                        ..
                    } => {
                        let id = self.next_id();
                        self.tasks.push(TaskBrief {
                            id,
                            title: title.clone(),
                            completed: false,
                            priority: priority.unwrap_or(Priority::Medium),
                            due: *due,
                        });
                        touched.push(id);
                    }
                    Action::List { status, .. } => {
                        listed = Some(
                            self.tasks
                                .iter()
                                .filter(|t| status.admits(t.completed))
                                .map(|t| t.id)
                                .collect::<Vec<_>>(),
                        );
                    }
                    Action::Complete { id } | Action::Reopen { id } => {
                        if let Some(t) = self.tasks.iter_mut().find(|t| t.id == *id) {
                            t.completed = matches!(action, Action::Complete { .. });
                        }
                        touched.push(*id);
                    }
                    Action::Delete { id } => {
                        self.tasks.retain(|t| t.id != *id);
                    }
                    Action::Update {
                        id,
                        title,
                        priority,
                        due,
                        ..
                    } => {
                        if let Some(t) = self.tasks.iter_mut().find(|t| t.id == *id) {
                            if let Some(title) = title {
                                t.title = title.clone();
                            }
                            if let Some(p) = priority {
                                t.priority = *p;
                            }
                            if let Some(d) = due {
                                t.due = *d;
                            }
                        }
                        touched.push(*id);
                    }
                }
            }
        }
        self.memory.after(plan, &touched, listed.as_deref());
    }
}

/// Runs every conversation of `table` (the format of
/// `domain/tests/assistant_commands.txt`) and returns each row's result.
pub fn run(table: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for block in table.split("\n\n") {
        let mut convo = Conversation::new();
        let mut message: Option<String> = None;
        for line in block.lines() {
            if let Some(title) = line.strip_prefix("+ ") {
                let id = convo.next_id();
                convo.tasks.push(TaskBrief {
                    id,
                    title: title.into(),
                    completed: false,
                    priority: Priority::Medium,
                    due: None,
                });
            } else if let Some(m) = line.strip_prefix("> ") {
                message = Some(m.to_owned());
            } else if let Some(expected) = line.strip_prefix("= ") {
                let m = message.take().expect("an expectation follows a message");
                let cx = Context {
                    tasks: &convo.tasks,
                    memory: &convo.memory,
                    now: datetime!(2026-11-22 10:00),
                };
                let plan = understand(&m, &cx);
                rows.push(Row {
                    message: m,
                    expected: expected.to_owned(),
                    got: plan.render(),
                });
                convo.apply(&plan);
            }
        }
    }
    rows
}

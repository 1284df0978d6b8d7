//! The offline assistant's replies in the reader's language: a
//! [`Said`] (stored with the conversation) becomes sentences here, when a
//! reply is sent and each time the conversation is read.

use crate::components::language_of;
use crate::error::{AppError, ErrorCode};
use crate::i18n::*;
use domain::assistant::reply::{Outcome, LIST_SHOWN};
use domain::assistant::{DueFilter, Said, TaskBrief};
use domain::{Due, Language, Priority, StatusFilter};

/// The whole reply.
pub fn said(locale: Locale, said: &Said) -> String {
    let l = locale;
    match said {
        Said::Prompt => tr!(l, assistant.prompt),
        Said::Help => tr!(l, assistant.help),
        Said::Hello => format!("{} {}", tr!(l, assistant.hello), tr!(l, assistant.help)),
        Said::Welcome => tr!(l, assistant.welcome),
        Said::LeftAlone => tr!(l, assistant.left_alone),
        Said::NothingChanged => tr!(l, assistant.nothing_changed),
        Said::NotUnderstood { text } => tr!(l, assistant.not_understood, text = text),
        Said::AddWhat => tr!(l, assistant.add_what),
        Said::NothingOpenToComplete => tr!(l, assistant.nothing_open),
        Said::WhichTasks => tr!(l, assistant.which_tasks),
        Said::NoTaskNumbered { id } => tr!(l, assistant.no_task_numbered, id = id),
        Said::NoTasksYet => tr!(l, assistant.no_tasks_yet),
        Said::OnlyInList { count } => tr!(l, assistant.only_in_list, count = count),
        Said::NotSureWhich => tr!(l, assistant.not_sure_which),
        Said::WhichTask => tr!(l, assistant.which_task),
        Said::NoMatch { phrase } => tr!(l, assistant.no_match, phrase = phrase),
        Said::NoCompletedToDelete => tr!(l, assistant.no_completed_to_delete),
        Said::NoTasksToDelete => tr!(l, assistant.no_tasks_to_delete),
        Said::DueWhen => tr!(l, assistant.due_when),
        Said::ChangeWhat => tr!(l, assistant.change_what),
        Said::NewTitle => tr!(l, assistant.new_title),
        Said::ConfirmDeletes { tasks } => {
            let names: Vec<String> = tasks.iter().map(|t| quoted(&t.title)).collect();
            tr!(
                l,
                assistant.confirm_deletes,
                count = tasks.len(),
                names = joined(l, names, false)
            )
        }
        Said::Choose { tasks } => {
            let items = tasks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let (n, title, id) = (i + 1, quoted(&t.title), t.id);
                    if t.completed {
                        tr!(l, assistant.choice_done, n, title, id)
                    } else {
                        tr!(l, assistant.choice, n, title, id)
                    }
                })
                .collect();
            tr!(l, assistant.choose, names = joined(l, items, true))
        }
        Said::Did { outcomes } => outcomes
            .iter()
            .map(|o| outcome(l, o))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The note put before the offline engine's answer when the model is down.
pub fn model_unreachable(locale: Locale) -> String {
    tr!(locale, assistant.model_unreachable)
}

fn quoted(title: &str) -> String {
    format!("“{title}”")
}

/// "a, b and c" (or "a, b or c").
fn joined(l: Locale, mut items: Vec<String>, or: bool) -> String {
    let Some(last) = items.pop() else {
        return String::new();
    };
    if items.is_empty() {
        return last;
    }
    let rest = items.join(", ");
    if or {
        tr!(l, assistant.or, rest, last)
    } else {
        tr!(l, assistant.and, rest, last)
    }
}

fn priority(l: Locale, p: Priority) -> String {
    match p {
        Priority::Low => tr!(l, assistant.prio_low),
        Priority::Medium => tr!(l, assistant.prio_medium),
        Priority::High => tr!(l, assistant.prio_high),
    }
}

/// A due date with its weekday in English ("Friday 27 November 2026 at
/// 15:00"), as a date in the other languages ("27 नवंबर 2026, 15:00").
fn when(l: Locale, due: &Due) -> String {
    match language_of(l) {
        Language::En => due.describe(),
        language => match due.time {
            Some(time) => domain::format::date_time(due.date, time, language, false),
            None => domain::format::date(due.date, language, false),
        },
    }
}

/// ", due …, high priority" (nothing for a medium task without a date).
fn details(l: Locale, t: &TaskBrief) -> String {
    let mut parts = Vec::new();
    if let Some(due) = &t.due {
        parts.push(tr!(l, assistant.due, when = when(l, due)));
    }
    if t.priority != Priority::Medium {
        parts.push(priority(l, t.priority));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

/// Collapses the gaps an empty part leaves in a sentence.
fn squash(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

fn outcome(l: Locale, o: &Outcome) -> String {
    match o {
        Outcome::Added(t) => tr!(
            l,
            assistant.added,
            title = quoted(&t.title),
            id = t.id,
            details = details(l, t)
        ),
        Outcome::Listed {
            status,
            priority: prio,
            due,
            tasks,
        } => list(l, *status, *prio, *due, tasks),
        Outcome::Completed(t) => tr!(l, assistant.completed, title = quoted(&t.title)),
        Outcome::Reopened(t) => tr!(l, assistant.reopened, title = quoted(&t.title)),
        Outcome::Deleted(t) => tr!(l, assistant.deleted, title = quoted(&t.title)),
        Outcome::Updated { before, after } => updated(l, before.as_ref(), after),
        Outcome::Failed {
            code,
            field,
            message,
        } => match field {
            Some(field) => crate::messages::field_text(l, field),
            None => {
                let code = serde_json::from_value::<ErrorCode>(serde_json::json!(code))
                    .unwrap_or(ErrorCode::BadRequest);
                crate::messages::error_text(l, &AppError::new(code, message.clone()))
            }
        },
    }
}

fn updated(l: Locale, before: Option<&TaskBrief>, after: &TaskBrief) -> String {
    let title = quoted(&after.title);
    let Some(b) = before else {
        return tr!(l, assistant.updated, title, details = details(l, after));
    };
    let mut changes = Vec::new();
    if b.due != after.due {
        changes.push(match &after.due {
            Some(d) => tr!(l, assistant.due, when = when(l, d)),
            None => tr!(l, assistant.no_due),
        });
    }
    if b.priority != after.priority {
        changes.push(priority(l, after.priority));
    }
    if b.title != after.title {
        let rest = if changes.is_empty() {
            String::new()
        } else {
            format!(", {}", changes.join(", "))
        };
        return tr!(
            l,
            assistant.renamed,
            from = quoted(&b.title),
            to = title,
            rest
        );
    }
    if changes.is_empty() {
        tr!(l, assistant.updated, title, details = details(l, after))
    } else {
        tr!(
            l,
            assistant.updated_changes,
            title,
            changes = changes.join(", ")
        )
    }
}

fn list(
    l: Locale,
    status: StatusFilter,
    prio: Option<Priority>,
    due: Option<DueFilter>,
    tasks: &[TaskBrief],
) -> String {
    let kind = match status {
        StatusFilter::All => String::new(),
        StatusFilter::Pending => tr!(l, assistant.kind_open),
        StatusFilter::Completed => tr!(l, assistant.kind_completed),
    };
    let prio = prio.map(|p| priority(l, p)).unwrap_or_default();
    let day = |date| when(l, &Due { date, time: None });
    let when = match due {
        None => String::new(),
        Some(DueFilter::Overdue) => tr!(l, assistant.when_overdue),
        Some(DueFilter::On(d)) => tr!(l, assistant.when_on, date = day(d)),
        Some(DueFilter::Until(d)) => tr!(l, assistant.when_by, date = day(d)),
    };
    let noun = if tasks.len() == 1 {
        tr!(l, assistant.task_one)
    } else {
        tr!(l, assistant.task_many)
    };
    let what = squash(&tr!(l, assistant.list_what, kind, prio, noun, when));
    if tasks.is_empty() {
        return tr!(l, assistant.list_none, what);
    }
    let items: Vec<String> = tasks
        .iter()
        .take(LIST_SHOWN)
        .enumerate()
        .map(|(i, t)| {
            let done = if t.completed && status != StatusFilter::Completed {
                tr!(l, assistant.item_done)
            } else {
                String::new()
            };
            format!("{}. {}{}{done}", i + 1, t.title, details(l, t))
        })
        .collect();
    let more = match tasks.len().saturating_sub(LIST_SHOWN) {
        0 => String::new(),
        n => tr!(l, assistant.more, n),
    };
    tr!(
        l,
        assistant.list_some,
        count = tasks.len(),
        what,
        items = items.join("; "),
        more
    )
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

    fn listed(locale: Locale, n: i64) -> String {
        said(
            locale,
            &Said::Did {
                outcomes: vec![Outcome::Listed {
                    status: StatusFilter::Pending,
                    priority: None,
                    due: None,
                    tasks: (1..=n).map(task).collect(),
                }],
            },
        )
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        assert_eq!(listed(Locale::en, 0), "You have no open tasks.");
        assert_eq!(listed(Locale::en, 1), "You have 1 open task: 1. Task 1.");
        let long = listed(Locale::en, 25);
        assert!(
            long.starts_with("You have 25 open tasks: 1. Task 1; "),
            "{long}"
        );
        assert!(
            long.ends_with("10. Task 10 … and 15 more on the Tasks page."),
            "{long}"
        );
        assert!(!long.contains("Task 11"));
        assert_eq!(listed(Locale::hi, 0), "खुले काम: एक भी नहीं।");
        assert!(listed(Locale::ta, 2).starts_with("உங்களுக்கு 2 திறந்த பணிகள்: 1. Task 1; "));
    }

    #[test]
    fn questions_name_the_tasks_in_the_readers_language() {
        let mut done = task(9);
        done.completed = true;
        let choose = Said::Choose {
            tasks: vec![task(2), done],
        };
        assert_eq!(
            said(Locale::en, &choose),
            "Which one do you mean: 1. “Task 2” (task 2) or 2. “Task 9” (task 9, done)?"
        );
        assert_eq!(
            said(Locale::hi, &choose),
            "आप कौन-सा कह रहे हैं: 1. “Task 2” (काम 2) या 2. “Task 9” (काम 9, पूरा)?"
        );
        let confirm = Said::ConfirmDeletes {
            tasks: vec![task(1), task(2), task(3)],
        };
        assert!(said(Locale::bn, &confirm)
            .starts_with("এই 3টি কাজ মুছব: “Task 1”, “Task 2” এবং “Task 3”?"));
    }

    #[test]
    fn changes_are_said_with_dates_in_the_language() {
        let before = task(4);
        let mut after = before.clone();
        after.title = "Weekly sync".into();
        after.priority = Priority::High;
        after.due = Some(Due {
            date: time::macros::date!(2026 - 12 - 04),
            time: Some(time::macros::time!(15:00)),
        });
        let said_in = |l| {
            said(
                l,
                &Said::Did {
                    outcomes: vec![Outcome::Updated {
                        before: Some(before.clone()),
                        after: after.clone(),
                    }],
                },
            )
        };
        assert_eq!(
            said_in(Locale::en),
            "Renamed “Task 4” to “Weekly sync”, due Friday 4 December 2026 at 15:00, high priority."
        );
        assert_eq!(
            said_in(Locale::hi),
            "“Task 4” का नाम बदलकर “Weekly sync” किया, 4 दिसंबर 2026, 15:00 तक, ऊँची प्राथमिकता।"
        );
    }

    #[test]
    fn every_reply_has_words_in_every_language() {
        let all = [
            Said::Prompt,
            Said::Help,
            Said::Hello,
            Said::Welcome,
            Said::LeftAlone,
            Said::NothingChanged,
            Said::NotUnderstood { text: "x".into() },
            Said::AddWhat,
            Said::NothingOpenToComplete,
            Said::WhichTasks,
            Said::NoTaskNumbered { id: 3 },
            Said::NoTasksYet,
            Said::OnlyInList { count: 2 },
            Said::NotSureWhich,
            Said::WhichTask,
            Said::NoMatch { phrase: "x".into() },
            Said::NoCompletedToDelete,
            Said::NoTasksToDelete,
            Said::DueWhen,
            Said::ChangeWhat,
            Said::NewTitle,
        ];
        for locale in Locale::get_all() {
            for s in &all {
                assert!(said(*locale, s).chars().count() > 5, "{locale:?} {s:?}");
            }
        }
    }
}

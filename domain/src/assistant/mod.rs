//! The offline assistant engine (issue 5): a deterministic reading of task
//! commands in English — paraphrases, word order, politeness, typos in common
//! words, references to tasks mentioned before — into the actions of the five
//! task tools, a question when two tasks fit, or a plain sentence saying
//! what it did not understand. Pure: the caller passes the user's tasks, the
//! conversation's memory and the local time, and runs the actions itself.

pub mod lexicon;
mod refs;
pub mod reply;
pub mod table;

use crate::task::{Priority, StatusFilter};
use crate::when::{find_due, Due};
use lexicon::{tokenize, Token};
use refs::{Prefer, Resolution, Resolver};
pub use reply::Said;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, PrimitiveDateTime};

/// What the engine knows of one of the user's tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskBrief {
    pub id: i64,
    pub title: String,
    pub completed: bool,
    pub priority: Priority,
    pub due: Option<Due>,
}

/// What a conversation remembers between turns (stored with it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// Tasks mentioned, oldest first ("it" is the last).
    #[serde(default)]
    pub mentioned: Vec<i64>,
    /// The tasks of the last list shown, in order ("the second one").
    #[serde(default)]
    pub last_list: Vec<i64>,
    /// The last turn showed a list ("the last one" is its last).
    #[serde(default)]
    pub last_was_list: bool,
    /// A question waiting for its answer.
    #[serde(default)]
    pub pending: Option<Pending>,
    /// The last change made to one task, for follow-ups like "and the
    /// third one" or "the laundry too".
    #[serde(default)]
    pub last_action: Option<Action>,
}

impl Memory {
    const KEEP: usize = 20;

    /// Remembers what a turn did: the question it asked, or the tasks its
    /// actions touched (`touched`) and the list it showed (`listed`).
    pub fn after(&mut self, plan: &Plan, touched: &[i64], listed: Option<&[i64]>) {
        match plan {
            Plan::Ask { pending, .. } => self.pending = Some(pending.clone()),
            Plan::Say(_) => self.pending = None,
            Plan::Act(actions) => {
                self.pending = None;
                if let Some(a) = actions
                    .iter()
                    .rev()
                    .find(|a| !matches!(a, Action::Add { .. } | Action::List { .. }))
                {
                    self.last_action = Some(a.clone());
                }
                self.record(touched, listed);
            }
        }
    }

    /// Notes the tasks a turn touched, and the list it showed if any.
    fn record(&mut self, touched: &[i64], listed: Option<&[i64]>) {
        for id in touched {
            self.mentioned.retain(|m| m != id);
            self.mentioned.push(*id);
        }
        let excess = self.mentioned.len().saturating_sub(Self::KEEP);
        self.mentioned.drain(..excess);
        self.last_was_list = listed.is_some();
        if let Some(listed) = listed {
            self.last_list = listed.to_vec();
        }
    }
}

/// A question the engine asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    /// Which of `candidates` `action` is about.
    Choose {
        action: Action,
        candidates: Vec<i64>,
    },
    /// Whether to go ahead with `actions` (deleting several tasks).
    Confirm { actions: Vec<Action> },
}

/// Which due dates a list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    Overdue,
    On(Date),
    /// From today through this date.
    Until(Date),
}

/// One thing to do through the tools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Add {
        title: String,
        description: Option<String>,
        priority: Option<Priority>,
        due: Option<Due>,
    },
    List {
        status: StatusFilter,
        priority: Option<Priority>,
        due: Option<DueFilter>,
    },
    Complete {
        id: i64,
    },
    Reopen {
        id: i64,
    },
    Delete {
        id: i64,
    },
    Update {
        id: i64,
        title: Option<String>,
        description: Option<Option<String>>,
        priority: Option<Priority>,
        due: Option<Option<Due>>,
    },
}

impl Action {
    fn with_id(&self, id: i64) -> Action {
        let mut a = self.clone();
        match &mut a {
            Action::Complete { id: x }
            | Action::Reopen { id: x }
            | Action::Delete { id: x }
            | Action::Update { id: x, .. } => *x = id,
            Action::Add { .. } | Action::List { .. } => {}
        }
        a
    }

    /// A compact form for tests and logs: `complete_task(3)`.
    pub fn render(&self) -> String {
        fn q(s: &str) -> String {
            format!("\"{s}\"")
        }
        match self {
            Action::Add {
                title,
                description,
                priority,
                due,
            } => {
                let mut s = format!("add_task(title={}", q(title));
                if let Some(d) = description {
                    s += &format!(", description={}", q(d));
                }
                if let Some(p) = priority {
                    s += &format!(", priority={}", p.key());
                }
                if let Some(d) = due {
                    s += &format!(", due={}", d.to_iso());
                }
                s + ")"
            }
            Action::List {
                status,
                priority,
                due,
            } => {
                let mut s = format!("list_tasks(status={})", status.key());
                if let Some(p) = priority {
                    s += &format!(" [priority={}]", p.key());
                }
                match due {
                    Some(DueFilter::Overdue) => s += " [due=overdue]",
                    Some(DueFilter::On(d)) => s += &format!(" [due={d}]"),
                    Some(DueFilter::Until(d)) => s += &format!(" [due<={d}]"),
                    None => {}
                }
                s
            }
            Action::Complete { id } => format!("complete_task({id})"),
            Action::Delete { id } => format!("delete_task({id})"),
            Action::Reopen { id } => format!("update_task({id}, completed=false)"),
            Action::Update {
                id,
                title,
                description,
                priority,
                due,
            } => {
                let mut s = format!("update_task({id}");
                if let Some(t) = title {
                    s += &format!(", title={}", q(t));
                }
                match description {
                    Some(Some(d)) => s += &format!(", description={}", q(d)),
                    Some(None) => s += ", description=none",
                    None => {}
                }
                if let Some(p) = priority {
                    s += &format!(", priority={}", p.key());
                }
                match due {
                    Some(Some(d)) => s += &format!(", due={}", d.to_iso()),
                    Some(None) => s += ", due=none",
                    None => {}
                }
                s + ")"
            }
        }
    }
}

/// What to do with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Run these, in order.
    Act(Vec<Action>),
    /// Ask this and wait.
    Ask { question: Said, pending: Pending },
    /// Answer without touching any task.
    Say(Said),
}

impl Plan {
    pub fn render(&self) -> String {
        match self {
            Plan::Act(actions) => actions
                .iter()
                .map(Action::render)
                .collect::<Vec<_>>()
                .join("; "),
            Plan::Ask { pending, .. } => match pending {
                Pending::Choose { .. } => "ask".into(),
                Pending::Confirm { .. } => "confirm".into(),
            },
            Plan::Say(_) => "say".into(),
        }
    }
}

/// The tasks of `ids`, in that order (those still there).
fn briefs_of(tasks: &[TaskBrief], ids: &[i64]) -> Vec<TaskBrief> {
    ids.iter()
        .filter_map(|id| tasks.iter().find(|t| t.id == *id).cloned())
        .collect()
}

/// Everything the engine reads besides the message.
pub struct Context<'a> {
    /// The user's tasks, oldest first.
    pub tasks: &'a [TaskBrief],
    pub memory: &'a Memory,
    /// The user's local time.
    pub now: PrimitiveDateTime,
}

/// Reads `message` into a plan.
pub fn understand(message: &str, cx: &Context<'_>) -> Plan {
    let tokens = tokenize(message);
    if tokens.is_empty() {
        return Plan::Say(Said::Prompt);
    }
    if let Some(pending) = &cx.memory.pending {
        if let Some(plan) = answer(pending, &tokens, cx) {
            return plan;
        }
    }
    Reader::new(tokens, cx).plan()
}

fn norms(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.norm.as_str()).collect()
}

const YES: &[&str] = &[
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "confirm",
    "go",
    "do",
    "please",
    "absolutely",
    "correct",
    "right",
    "fine",
    "proceed",
    "delete",
];
const NO: &[&str] = &[
    "no", "n", "nope", "nah", "cancel", "stop", "never", "dont", "don't", "not", "neither", "none",
    "abort", "keep",
];

/// The answer to a question the engine asked, if `tokens` is one.
fn answer(pending: &Pending, tokens: &[Token], cx: &Context<'_>) -> Option<Plan> {
    let words = norms(tokens);
    let first = *words.first()?;
    match pending {
        Pending::Confirm { actions } => {
            if NO.contains(&first) || words.starts_with(&["do", "not"]) {
                return Some(Plan::Say(Said::LeftAlone));
            }
            if YES.contains(&first) && words.len() <= 6 {
                return Some(Plan::Act(actions.clone()));
            }
            None
        }
        Pending::Choose { action, candidates } => {
            if NO.contains(&first) || words.starts_with(&["never", "mind"]) {
                return Some(Plan::Say(Said::NothingChanged));
            }
            if words
                .iter()
                .any(|w| matches!(*w, "both" | "all" | "each" | "every"))
            {
                let actions: Vec<Action> =
                    candidates.iter().map(|id| action.with_id(*id)).collect();
                return Some(confirm_if_many_deletes(actions, cx));
            }
            let chosen: Vec<TaskBrief> = cx
                .tasks
                .iter()
                .filter(|t| candidates.contains(&t.id))
                .cloned()
                .collect();
            let resolver = Resolver::new(&chosen, cx.memory, Some(candidates));
            match resolver.resolve(tokens) {
                Resolution::One(id) => Some(Plan::Act(vec![action.with_id(id)])),
                _ => None,
            }
        }
    }
}

fn confirm_if_many_deletes(actions: Vec<Action>, cx: &Context<'_>) -> Plan {
    let deletes: Vec<i64> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Delete { id } => Some(*id),
            _ => None,
        })
        .collect();
    if deletes.len() > 1 {
        return Plan::Ask {
            question: Said::ConfirmDeletes {
                tasks: briefs_of(cx.tasks, &deletes),
            },
            pending: Pending::Confirm { actions },
        };
    }
    Plan::Act(actions)
}

/// Reads one message (not an answer to a question).
struct Reader<'a, 'c> {
    tokens: Vec<Token>,
    cx: &'a Context<'c>,
    /// The message continues the last one ("and …", "… too").
    continued: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Add,
    List,
    Complete,
    Reopen,
    Delete,
    Update,
}

/// Politeness and filler at the start of a message.
const OPENERS: &[&[&str]] = &[
    &["please"],
    &["kindly"],
    &["hey"],
    &["hi"],
    &["hello"],
    &["ok"],
    &["okay"],
    &["so"],
    &["now"],
    &["also"],
    &["and"],
    &["then"],
    &["oh"],
    &["um"],
    &["uh"],
    &["well"],
    &["alright"],
    &["can", "you"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
    &["can", "u"],
    &["would", "you", "mind"],
    &["i", "would", "like", "you", "to"],
    &["i", "want", "you", "to"],
    &["i", "need", "you", "to"],
    &["i'd", "like", "you", "to"],
    &["help", "me"],
    &["let", "us"],
    &["go", "ahead", "and"],
    &["just"],
    &["quickly"],
    &["assistant"],
    &["i", "want", "to"],
    &["i", "would", "like", "to"],
    &["i'd", "like", "to"],
    &["i", "wanna"],
    &["can", "i"],
    &["could", "i"],
    &["could", "we"],
    &["can", "we"],
    &["for", "me"],
    &["actually"],
    &["sorry"],
    &["wait"],
    &["oops"],
    &["hmm"],
    &["no"],
    &["yes"],
    &["great"],
    &["thanks"],
];
/// Politeness at the end.
const CLOSERS: &[&[&str]] = &[
    &["please"],
    &["thanks"],
    &["thank", "you"],
    &["for", "me"],
    &["asap"],
    &["now"],
    &["ok"],
    &["okay"],
    &["thx"],
    &["cheers"],
    &["if", "you", "can"],
    &["if", "possible"],
    &["right", "now"],
];

impl<'a, 'c> Reader<'a, 'c> {
    fn new(mut tokens: Vec<Token>, cx: &'a Context<'c>) -> Self {
        let words = norms(&tokens);
        let continued = matches!(
            words.first(),
            Some(&"and" | &"also" | &"then" | &"plus" | &"same")
        ) || matches!(words.last(), Some(&"too" | &"also"))
            || words.ends_with(&["as", "well"]);
        // Strip politeness at both ends, repeatedly ("ok please can you …").
        loop {
            let words = norms(&tokens);
            let Some(n) = OPENERS
                .iter()
                .filter(|o| words.starts_with(o) && words.len() > o.len())
                .map(|o| o.len())
                .max()
            else {
                break;
            };
            tokens.drain(..n);
        }
        loop {
            let words = norms(&tokens);
            let Some(n) = CLOSERS
                .iter()
                .filter(|c| words.ends_with(c) && words.len() > c.len() + 1)
                .map(|c| c.len())
                .max()
            else {
                break;
            };
            tokens.truncate(tokens.len() - n);
        }
        // The verb is near the start: mend typos of command words there.
        for t in tokens.iter_mut().take(3).filter(|t| !t.quoted) {
            t.norm = lexicon::mend(&t.norm, lexicon::COMMANDS);
        }
        Self {
            tokens,
            cx,
            continued,
        }
    }

    fn words(&self) -> Vec<&str> {
        norms(&self.tokens)
    }

    fn plan(&self) -> Plan {
        let words = self.words();
        if let Some(plan) = self.small_talk(&words) {
            return plan;
        }
        match self.intent(&words) {
            Some((Intent::Add, skip)) => self.add(skip),
            Some((Intent::List, _)) => self.list(&words),
            Some((Intent::Complete, skip)) => self.on_tasks(Intent::Complete, skip),
            Some((Intent::Reopen, skip)) => self.on_tasks(Intent::Reopen, skip),
            Some((Intent::Delete, skip)) => self.delete(skip),
            Some((Intent::Update, skip)) => self.update(skip),
            None => self.follow_up().unwrap_or_else(|| self.not_understood()),
        }
    }

    fn small_talk(&self, words: &[&str]) -> Option<Plan> {
        let joined = words.join(" ");
        let only = |options: &[&str]| options.contains(&joined.as_str());
        if only(&[
            "help",
            "what can you do",
            "how does this work",
            "commands",
            "what do you do",
            "how do i use this",
            "what can i say",
            "what can i ask",
        ]) {
            return Some(Plan::Say(Said::Help));
        }
        if only(&[
            "hi",
            "hello",
            "hey",
            "hi there",
            "hello there",
            "good morning",
            "good evening",
            "good afternoon",
            "hey there",
            "yo",
            "namaste",
            "vanakkam",
        ]) {
            return Some(Plan::Say(Said::Hello));
        }
        if only(&[
            "thanks",
            "thank you",
            "thanks a lot",
            "thank you so much",
            "great",
            "cool",
            "perfect",
            "nice",
            "awesome",
            "ok thanks",
            "great thanks",
            "that is all",
            "bye",
        ]) {
            return Some(Plan::Say(Said::Welcome));
        }
        None
    }

    /// The intent and how many leading words state it.
    fn intent(&self, w: &[&str]) -> Option<(Intent, usize)> {
        let starts = |p: &[&str]| w.starts_with(p);
        let first = *w.first()?;
        let second = w.get(1).copied().unwrap_or("");

        // Adding, said many ways.
        for phrase in [
            &["remind", "me", "to"][..],
            &["remind", "me", "about"],
            &["remind", "me"],
            &["remember", "to"],
            &["do", "not", "forget", "to"],
            &["do", "not", "let", "me", "forget", "to"],
            &["i", "need", "to"],
            &["i", "have", "to"],
            &["i", "must"],
            &["i", "should"],
            &["i", "gotta"],
            &["i", "got", "to"],
            &["need", "to"],
            &["have", "to"],
            &["note", "to", "self"],
            &["jot", "down"],
            &["write", "down"],
            &["put", "down"],
            &["make", "a", "note", "to"],
            &["make", "a", "task", "to"],
            &["make", "a", "task"],
            &["make", "a", "todo"],
            &["make", "a", "reminder", "to"],
            &["set", "a", "reminder", "to"],
            &["set", "a", "reminder", "for"],
            &["set", "a", "reminder"],
            &["new", "task"],
            &["new", "todo"],
            &["task"],
            &["todo"],
            &["reminder"],
            &["schedule", "a", "task"],
            &["i", "want", "a", "task"],
            &["log", "a", "task"],
        ] {
            if starts(phrase) && w.len() > phrase.len() {
                return Some((Intent::Add, phrase.len()));
            }
        }
        if matches!(
            first,
            "add"
                | "ad"
                | "addd"
                | "create"
                | "insert"
                | "record"
                | "log"
                | "save"
                | "schedule"
                | "plan"
                | "track"
        ) {
            return Some((Intent::Add, 1));
        }
        if first == "put" && w.iter().any(|x| matches!(*x, "list" | "tasks" | "todo")) {
            return Some((Intent::Add, 1));
        }

        // Reopening before completing ("mark … as not done").
        let negated_done = w.windows(2).any(|p| {
            matches!(p[0], "not" | "un" | "in")
                && matches!(p[1], "done" | "complete" | "completed" | "finished")
        }) || w.iter().any(|x| {
            matches!(
                *x,
                "undone"
                    | "incomplete"
                    | "unfinished"
                    | "uncompleted"
                    | "open"
                    | "pending"
                    | "undo"
            )
        });
        if matches!(
            first,
            "reopen" | "uncheck" | "untick" | "unmark" | "uncomplete" | "restart" | "resume"
        ) || (first == "undo" && w.len() > 1)
        {
            return Some((Intent::Reopen, 1));
        }
        if matches!(
            first,
            "mark" | "set" | "make" | "move" | "put" | "change" | "flag"
        ) && negated_done
        {
            return Some((Intent::Reopen, 1));
        }

        // Completing.
        if matches!(
            first,
            "complete" | "finish" | "close" | "tick" | "check" | "cross" | "done"
        ) && !(first == "check" && !w.contains(&"off") && !w.contains(&"done"))
        {
            return Some((Intent::Complete, 1));
        }
        if matches!(first, "mark" | "flag" | "set")
            && w.iter().any(|x| {
                matches!(
                    *x,
                    "done" | "complete" | "completed" | "finished" | "ticked"
                )
            })
        {
            return Some((Intent::Complete, 1));
        }
        for phrase in [
            &["i", "finished"][..],
            &["i", "have", "finished"],
            &["i", "completed"],
            &["i", "have", "completed"],
            &["i", "did"],
            &["i", "have", "done"],
            &["i", "am", "done", "with"],
            &["just", "finished"],
            &["just", "did"],
            &["finished"],
            &["completed"],
            &["i", "just", "finished"],
            &["i", "just", "did"],
            &["i", "got"],
            &["got"],
            &["we", "finished"],
            &["i", "have", "just", "finished"],
        ] {
            if starts(phrase) && w.len() > phrase.len() {
                // "I got X done"
                if phrase.ends_with(&["got"]) && !w.ends_with(&["done"]) {
                    continue;
                }
                return Some((Intent::Complete, phrase.len()));
            }
        }
        if first == "done" && second == "with" {
            return Some((Intent::Complete, 2));
        }
        // "the laundry is done", "groceries done"
        if w.len() >= 2
            && matches!(*w.last()?, "done" | "finished" | "complete" | "completed")
            && !matches!(
                first,
                "show" | "list" | "what" | "which" | "how" | "display"
            )
        {
            return Some((Intent::Complete, 0));
        }

        // Deleting (but "remove the due date" is an update).
        let about_field = w.iter().any(|x| {
            matches!(
                *x,
                "date" | "deadline" | "due" | "description" | "note" | "notes" | "priority"
            )
        });
        if matches!(
            first,
            "delete"
                | "remove"
                | "erase"
                | "drop"
                | "trash"
                | "scrap"
                | "ditch"
                | "discard"
                | "nuke"
                | "cancel"
                | "bin"
                | "del"
                | "rm"
                | "clear"
                | "wipe"
                | "purge"
        ) || (first == "get" && second == "rid")
            || (first == "forget" && w.len() > 1)
            || (first == "throw" && second == "away")
        {
            if about_field
                && matches!(first, "remove" | "clear" | "delete" | "drop")
                && self.field_target(w).is_some()
            {
                return Some((Intent::Update, 0));
            }
            let skip = if first == "get" || first == "throw" {
                3.min(w.len()) - usize::from(first == "throw")
            } else {
                1
            };
            return Some((Intent::Delete, skip));
        }

        // Updating.
        if matches!(
            first,
            "update"
                | "change"
                | "edit"
                | "modify"
                | "rename"
                | "retitle"
                | "move"
                | "reschedule"
                | "postpone"
                | "push"
                | "delay"
                | "bump"
                | "raise"
                | "lower"
                | "set"
                | "make"
                | "prioritize"
                | "prioritise"
                | "deprioritize"
                | "deprioritise"
                | "shift"
                | "adjust"
                | "call"
                | "describe"
                | "rewrite"
                | "fix"
                | "correct"
                | "upgrade"
                | "downgrade"
                | "escalate"
        ) {
            return Some((Intent::Update, 1));
        }

        // Asking.
        if matches!(
            first,
            "list"
                | "show"
                | "display"
                | "view"
                | "see"
                | "what"
                | "which"
                | "how"
                | "give"
                | "tell"
                | "any"
                | "anything"
                | "is"
                | "are"
                | "do"
                | "does"
                | "whats"
                | "remaining"
                | "pending"
                | "open"
                | "overdue"
                | "my"
                | "all"
                | "get"
                | "print"
                | "read"
                | "fetch"
                | "check"
                | "where"
        ) && self.asks_about_tasks(w)
        {
            return Some((Intent::List, 0));
        }
        if matches!(
            w,
            ["tasks"]
                | ["todos"]
                | ["my", "tasks"]
                | ["todo", "list"]
                | ["my", "list"]
                | ["list"]
                | ["agenda"]
        ) {
            return Some((Intent::List, 0));
        }
        // "the tax return is urgent", "the meeting is due friday"
        if w.iter().any(|x| matches!(*x, "urgent" | "important")) && w.contains(&"is") {
            return Some((Intent::Update, 0));
        }
        if w.windows(2)
            .any(|p| p == ["is", "due"] || p == ["be", "due"] || p == ["due", "date"])
        {
            return Some((Intent::Update, 0));
        }
        None
    }

    fn asks_about_tasks(&self, w: &[&str]) -> bool {
        w.iter().any(|x| {
            matches!(
                *x,
                "task"
                    | "tasks"
                    | "todo"
                    | "todos"
                    | "list"
                    | "open"
                    | "left"
                    | "pending"
                    | "remaining"
                    | "done"
                    | "completed"
                    | "finished"
                    | "due"
                    | "overdue"
                    | "have"
                    | "plate"
                    | "agenda"
                    | "outstanding"
                    | "unfinished"
                    | "incomplete"
                    | "priority"
                    | "urgent"
                    | "today"
                    | "tomorrow"
                    | "week"
                    | "everything"
                    | "items"
                    | "still"
                    | "do"
                    | "doing"
                    | "need"
                    | "reminders"
                    | "work"
                    | "things"
            )
        }) && !w
            .iter()
            .any(|x| matches!(*x, "weather" | "time" | "news" | "joke" | "capital" | "who"))
    }

    /// "and the third one", "the laundry too": the last change, on another task.
    fn follow_up(&self) -> Option<Plan> {
        if !self.continued {
            return None;
        }
        let last = self.cx.memory.last_action.as_ref()?;
        let mut body = self.tokens.clone();
        while body
            .last()
            .is_some_and(|t| matches!(t.norm.as_str(), "too" | "also" | "well" | "as"))
        {
            body.pop();
        }
        match self.resolver().resolve(&body) {
            Resolution::One(id) if self.resolver().quality(&body) >= 2 => {
                Some(Plan::Act(vec![last.with_id(id)]))
            }
            _ => None,
        }
    }

    fn not_understood(&self) -> Plan {
        let text: Vec<&str> = self.tokens.iter().map(|t| t.raw.as_str()).collect();
        Plan::Say(Said::NotUnderstood {
            text: text.join(" "),
        })
    }

    fn resolver(&self) -> Resolver<'_> {
        Resolver::new(self.cx.tasks, self.cx.memory, None)
    }

    // ---------------------------------------------------------------- add

    fn add(&self, skip: usize) -> Plan {
        let mut body: Vec<Token> = self.tokens[skip..].to_vec();
        // "add a new task to …", "create a todo called …", "add: …"
        let lead: &[&str] = &[
            "a", "an", "the", "new", "another", "one", "more", "task", "tasks", "todo", "item",
            "reminder", "note", "entry", "to", "for", "called", "named", "titled", "that", "says",
            "saying", "about", "me",
        ];
        // Quoted title: everything in quotes is the title.
        let has_quotes = body.iter().any(|t| t.quoted);
        let now = self.cx.now;
        let mut priority = None;
        let mut description = None;
        let mut due = None;
        // Description: "with description X", "description: X", "note: X", "details X", "with the note X".
        let words = norms(&body);
        let desc_at = (0..words.len()).find(|&i| {
            matches!(words[i], "description" | "details" | "desc" | "notes")
                || (words[i] == "note" && i > 0 && matches!(words[i - 1], "with" | "the" | "a"))
                || (words[i] == "note" && body[i].pause_after)
        });
        if let Some(i) = desc_at {
            let mut start = i;
            while start > 0 && matches!(words[start - 1], "with" | "the" | "a" | "and" | "plus") {
                start -= 1;
            }
            let mut from = i + 1;
            while from < words.len()
                && matches!(words[from], "is" | "of" | "saying" | "that" | "says")
            {
                from += 1;
            }
            let text = raw_text(&body[from..]);
            if !text.is_empty() && start > 0 {
                description = Some(text);
                body.truncate(start);
            }
        }
        // Priority anywhere.
        if let Some((s, e, p)) = find_priority(&norms(&body)) {
            if !body[s..e].iter().any(|t| t.quoted) {
                priority = Some(p);
                body.drain(s..e);
            }
        }
        // Due date anywhere outside quotes.
        let words = norms(&body);
        if let Some(found) = find_due(&words, now) {
            if !body[found.start..found.end].iter().any(|t| t.quoted) {
                due = Some(found.due);
                body.drain(found.start..found.end);
            }
        }
        // "… to my list", "… on my todo list", "… to the tasks"
        strip_list_tail(&mut body);
        let title_tokens: Vec<Token> = if !has_quotes {
            let words = norms(&body);
            let mut i = 0;
            while i < words.len() && lead.contains(&words[i]) {
                i += 1;
            }
            body[i..].to_vec()
        } else {
            body.iter().filter(|t| t.quoted).cloned().collect()
        };
        let title = title_of(&title_tokens);
        if title.is_empty() {
            return Plan::Say(Said::AddWhat);
        }
        Plan::Act(vec![Action::Add {
            title,
            description,
            priority,
            due,
        }])
    }

    // --------------------------------------------------------------- list

    fn list(&self, w: &[&str]) -> Plan {
        let has = |x: &[&str]| w.iter().any(|y| x.contains(y));
        let completed = has(&[
            "done",
            "completed",
            "finished",
            "ticked",
            "accomplished",
            "achieved",
            "did",
            "closed",
            "complete",
        ]) && !has(&["not", "yet", "still"]);
        let pending = has(&[
            "open",
            "left",
            "pending",
            "remaining",
            "outstanding",
            "unfinished",
            "incomplete",
            "still",
            "undone",
            "need",
            "plate",
            "overdue",
            "due",
            "active",
            "upcoming",
            "should",
            "must",
            "yet",
            "not",
        ]) || w.windows(3).any(|p| {
            matches!(p, ["have", "to", _] | ["got", "to", _])
                || (p[..2] == ["to", "do"] && p[2] != "list")
        }) || w.ends_with(&["to", "do"]);
        let status = if has(&["including", "plus"])
            || (has(&["all", "everything", "every"]) && !completed)
        {
            StatusFilter::All
        } else if completed {
            StatusFilter::Completed
        } else if pending {
            StatusFilter::Pending
        } else {
            StatusFilter::All
        };
        let priority = find_priority(w)
            .map(|(_, _, p)| p)
            .or_else(|| has(&["urgent", "important"]).then_some(Priority::High));
        let today = self.cx.now.date();
        let due = if has(&["overdue", "late", "missed"]) {
            Some(DueFilter::Overdue)
        } else if w
            .windows(2)
            .any(|p| matches!(p, ["this", "week"] | ["the", "week"]))
        {
            // The coming seven days.
            Some(DueFilter::Until(today + Duration::days(6)))
        } else if w.windows(2).any(|p| p == ["next", "week"]) {
            Some(DueFilter::Until(today + Duration::days(7)))
        } else {
            find_due(w, self.cx.now).map(|f| DueFilter::On(f.due.date))
        };
        let status = match (status, due) {
            (StatusFilter::All, Some(_)) if !has(&["all", "everything"]) => StatusFilter::Pending,
            (s, _) => s,
        };
        Plan::Act(vec![Action::List {
            status,
            priority,
            due,
        }])
    }

    // ------------------------------------------------- complete / reopen

    fn on_tasks(&self, intent: Intent, skip: usize) -> Plan {
        let mut body: Vec<Token> = self.tokens[skip..].to_vec();
        // Markers around the reference: "mark X as done", "tick X off", "X is done".
        let markers: &[&str] = &[
            "as",
            "done",
            "complete",
            "completed",
            "finished",
            "off",
            "is",
            "are",
            "was",
            "were",
            "now",
            "already",
            "not",
            "un",
            "undone",
            "incomplete",
            "unfinished",
            "open",
            "pending",
            "again",
            "marked",
            "to",
            "be",
            "ticked",
            "with",
            "uncompleted",
            "in",
            "progress",
            "back",
            "yet",
        ];
        while body
            .last()
            .is_some_and(|t| markers.contains(&t.norm.as_str()))
        {
            body.pop();
        }
        while body
            .first()
            .is_some_and(|t| matches!(t.norm.as_str(), "off" | "with" | "up"))
        {
            body.remove(0);
        }
        let make = |id: i64| match intent {
            Intent::Complete => Action::Complete { id },
            _ => Action::Reopen { id },
        };
        let words = norms(&body);
        // "complete everything", "mark all as done"
        if words
            .iter()
            .any(|w| matches!(*w, "all" | "everything" | "every"))
            && intent == Intent::Complete
        {
            let ids: Vec<i64> = self
                .scope_for_all(&words)
                .into_iter()
                .filter(|t| !t.completed)
                .map(|t| t.id)
                .collect();
            if ids.is_empty() {
                return Plan::Say(Said::NothingOpenToComplete);
            }
            return Plan::Act(ids.into_iter().map(make).collect());
        }
        self.resolve_each(&body, make(0), |ids| {
            Plan::Act(ids.iter().map(|id| make(*id)).collect())
        })
    }

    /// Tasks "all" refers to: the last list shown, or every task.
    fn scope_for_all(&self, words: &[&str]) -> Vec<&TaskBrief> {
        let named_list = words
            .iter()
            .any(|w| matches!(*w, "them" | "these" | "those" | "listed" | "above"));
        if named_list && !self.cx.memory.last_list.is_empty() {
            self.cx
                .tasks
                .iter()
                .filter(|t| self.cx.memory.last_list.contains(&t.id))
                .collect()
        } else {
            self.cx.tasks.iter().collect()
        }
    }

    /// Resolves one or more references ("the laundry and the groceries").
    fn resolve_each(
        &self,
        body: &[Token],
        template: Action,
        done: impl Fn(&[i64]) -> Plan,
    ) -> Plan {
        let prefer = match template {
            Action::Complete { .. } => Prefer::Open,
            Action::Reopen { .. } => Prefer::Done,
            _ => Prefer::Any,
        };
        let resolver = self.resolver().preferring(prefer);
        let words = norms(body);
        // "them", "both", "those" → the last list, or the candidates asked about.
        if words.len() <= 3
            && words
                .iter()
                .any(|w| matches!(*w, "them" | "both" | "those" | "these"))
        {
            let ids = &self.cx.memory.last_list;
            if ids.is_empty() {
                return Plan::Say(Said::WhichTasks);
            }
            return done(ids);
        }
        match resolver.resolve(body) {
            Resolution::One(id) => done(&[id]),
            Resolution::Ambiguous(ids) => {
                // Perhaps several references joined by "and".
                if let Some(ids) = self.split_references(body, prefer) {
                    return done(&ids);
                }
                self.ask_which(template, ids)
            }
            Resolution::Missing(reason) => {
                if let Some(ids) = self.split_references(body, prefer) {
                    return done(&ids);
                }
                Plan::Say(reason)
            }
        }
    }

    fn split_references(&self, body: &[Token], prefer: Prefer) -> Option<Vec<i64>> {
        let resolver = self.resolver().preferring(prefer);
        let parts: Vec<&[Token]> = body
            .split(|t| matches!(t.norm.as_str(), "and" | "&" | "plus") || t.raw == ",")
            .filter(|p| !p.is_empty())
            .collect();
        let parts: Vec<Vec<Token>> = if parts.len() > 1 {
            parts.into_iter().map(<[Token]>::to_vec).collect()
        } else {
            // Commas are pauses on the word before them.
            let mut out = vec![Vec::new()];
            for t in body {
                out.last_mut()?.push(t.clone());
                if t.pause_after {
                    out.push(Vec::new());
                }
            }
            out.retain(|p| !p.is_empty());
            out
        };
        if parts.len() < 2 {
            return None;
        }
        let mut ids = Vec::new();
        for p in parts {
            match resolver.resolve(&p) {
                Resolution::One(id) if !ids.contains(&id) => ids.push(id),
                _ => return None,
            }
        }
        Some(ids)
    }

    fn ask_which(&self, action: Action, ids: Vec<i64>) -> Plan {
        Plan::Ask {
            question: Said::Choose {
                tasks: briefs_of(self.cx.tasks, &ids),
            },
            pending: Pending::Choose {
                action,
                candidates: ids,
            },
        }
    }

    // ------------------------------------------------------------- delete

    fn delete(&self, skip: usize) -> Plan {
        let mut body: Vec<Token> = self.tokens[skip..].to_vec();
        strip_list_tail(&mut body);
        while body
            .first()
            .is_some_and(|t| matches!(t.norm.as_str(), "of" | "rid" | "away" | "about"))
        {
            body.remove(0);
        }
        let words = norms(&body);
        // Bulk: "delete all completed tasks", "clear done tasks", "remove everything".
        let all = words
            .iter()
            .any(|w| matches!(*w, "all" | "everything" | "every"));
        let done_words = words.iter().any(|w| {
            matches!(
                *w,
                "completed" | "done" | "finished" | "complete" | "ticked"
            )
        });
        let first_is_clear = matches!(self.words().first(), Some(&"clear" | &"purge" | &"wipe"));
        if all || (done_words && (first_is_clear || words.contains(&"tasks"))) {
            let scope = self.scope_for_all(&words);
            let ids: Vec<i64> = scope
                .into_iter()
                .filter(|t| !done_words || t.completed)
                .map(|t| t.id)
                .collect();
            if ids.is_empty() {
                return Plan::Say(if done_words {
                    Said::NoCompletedToDelete
                } else {
                    Said::NoTasksToDelete
                });
            }
            let actions: Vec<Action> = ids.into_iter().map(|id| Action::Delete { id }).collect();
            return confirm_if_many_deletes(actions, self.cx);
        }
        let cx = self.cx;
        self.resolve_each(&body, Action::Delete { id: 0 }, |ids| {
            confirm_if_many_deletes(
                ids.iter().map(|id| Action::Delete { id: *id }).collect(),
                cx,
            )
        })
    }

    // ------------------------------------------------------------- update

    /// "remove the due date from X" / "clear the description of X": the
    /// field and where the reference starts.
    fn field_target(&self, w: &[&str]) -> Option<(Field, usize)> {
        let at = w.iter().position(|x| {
            matches!(
                *x,
                "date" | "deadline" | "due" | "description" | "note" | "notes" | "priority"
            )
        })?;
        let field = match w[at] {
            "description" | "note" | "notes" => Field::Description,
            "priority" => Field::Priority,
            _ => Field::Due,
        };
        let mut i = at + 1;
        while i < w.len() && matches!(w[i], "date" | "from" | "of" | "on" | "for" | "in") {
            i += 1;
        }
        (i < w.len()).then_some((field, i))
    }

    fn update(&self, skip: usize) -> Plan {
        let words = self.words();
        let first = words.first().copied().unwrap_or("");
        // Clearing a field.
        if matches!(first, "remove" | "clear" | "delete" | "drop") {
            if let Some((field, from)) = self.field_target(&words) {
                let body = &self.tokens[from..];
                let template = match field {
                    Field::Due => update_of(0, None, None, None, Some(None)),
                    Field::Description => update_of(0, None, Some(None), None, None),
                    Field::Priority => update_of(0, None, None, Some(Priority::Medium), None),
                };
                return self.resolve_each(body, template.clone(), |ids| {
                    Plan::Act(vec![template.with_id(ids[0])])
                });
            }
        }
        let body: Vec<Token> = self.tokens[skip..].to_vec();
        let verb = if skip == 0 { "" } else { first };
        let now = self.cx.now;

        // Relative shifts: "push X back a week", "postpone X by 2 days".
        let is_move = matches!(
            verb,
            "move" | "reschedule" | "postpone" | "push" | "delay" | "shift"
        );
        if is_move {
            let bw = norms(&body);
            if let Some(at) = bw.iter().rposition(|w| matches!(*w, "by" | "back")) {
                if let Some(days) = shift_days(&bw[at + 1..]) {
                    let x = trim_reference(&body[..at]);
                    let cx = self.cx;
                    return self.resolve_each(&x, update_of(0, None, None, None, None), |ids| {
                        let id = ids[0];
                        let base = cx.tasks.iter().find(|t| t.id == id).and_then(|t| t.due);
                        let base = base.unwrap_or(Due {
                            date: cx.now.date(),
                            time: None,
                        });
                        let due = Due {
                            date: base.date + Duration::days(days),
                            time: base.time,
                        };
                        Plan::Act(vec![update_of(id, None, None, None, Some(Some(due)))])
                    });
                }
            }
        }

        // "prioritize X" / "deprioritize X" / "escalate X"
        if matches!(verb, "prioritize" | "prioritise" | "escalate" | "upgrade") {
            return self.update_one(&body, update_of(0, None, None, Some(Priority::High), None));
        }
        if matches!(verb, "deprioritize" | "deprioritise" | "downgrade") {
            return self.update_one(&body, update_of(0, None, None, Some(Priority::Low), None));
        }

        // Split "X <sep> Y" at every possible separator; keep the split whose
        // X names a task best.
        let seps: &[&str] = &[
            "to", "until", "till", "as", "into", "for", "on", "by", "from", "with",
        ];
        let mut best: Option<(u8, usize, usize)> = None; // (quality, sep index, y start)
        let bw = norms(&body);
        for i in 1..bw.len() {
            let is_sep = seps.contains(&bw[i]) || (body[i - 1].pause_after && i < bw.len());
            if !is_sep {
                continue;
            }
            let x = trim_reference(&body[..i]);
            let quality = self.resolver().quality(&x);
            let y_start = if seps.contains(&bw[i]) { i + 1 } else { i };
            if y_start >= bw.len() {
                continue;
            }
            if quality > 0 && best.is_none_or(|(q, _, _)| quality > q) {
                best = Some((quality, i, y_start));
            }
        }
        // Also: no separator — "make X high priority", "X is due friday",
        // "move X tomorrow", "bump X".
        let (x_tokens, y_tokens): (Vec<Token>, Vec<Token>) = match best {
            Some((_, i, y)) => (body[..i].to_vec(), body[y..].to_vec()),
            None => {
                // Take a due date or a priority off the end.
                let w = norms(&body);
                if let Some(found) = find_due(&w, now).filter(|f| f.end == w.len() && f.start > 0) {
                    (body[..found.start].to_vec(), body[found.start..].to_vec())
                } else if let Some((s, e, _)) = find_priority(&w).filter(|(s, _, _)| *s > 0) {
                    let _ = e;
                    (body[..s].to_vec(), body[s..].to_vec())
                } else if let Some(p) = w.iter().position(|x| matches!(*x, "is" | "should")) {
                    (body[..p].to_vec(), body[p + 1..].to_vec())
                } else {
                    (body.clone(), Vec::new())
                }
            }
        };
        let x_tokens = trim_reference(&x_tokens);
        let mut y_tokens = y_tokens;
        while y_tokens.first().is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "be" | "is" | "should" | "now" | "due" | "have" | "a" | "the" | "an"
            )
        }) {
            // "should be due friday": leave a lone "due" to the date reader.
            y_tokens.remove(0);
        }
        let y_words = norms(&y_tokens);
        let level = match y_words[..] {
            ["high" | "urgent"] | ["high" | "top", "priority"] => Some(Priority::High),
            ["low"] | ["low", "priority"] => Some(Priority::Low),
            ["medium" | "normal"] | ["medium" | "normal", "priority"] => Some(Priority::Medium),
            _ => None,
        };
        if let Some(p) = level {
            return self.update_one(&x_tokens, update_of(0, None, None, Some(p), None));
        }
        let mut title = None;
        let mut description = None;
        let mut priority = None;
        let mut due = None;

        let is_rename = matches!(verb, "rename" | "retitle" | "call")
            || words
                .iter()
                .any(|w| matches!(*w, "name" | "title" | "wording" | "text"));
        let is_description = matches!(verb, "describe")
            || words
                .iter()
                .any(|w| matches!(*w, "description" | "details" | "notes"))
            || (words.contains(&"note") && !is_rename);

        if is_description && !y_tokens.is_empty() {
            description = Some(Some(raw_text(&y_tokens)));
        } else if is_rename && !y_tokens.is_empty() {
            title = Some(title_of(&y_tokens));
        } else if !y_tokens.is_empty() {
            // Due date and/or priority in Y; otherwise Y is a new title.
            let mut rest = y_tokens.clone();
            if let Some((s, e, p)) = find_priority(&norms(&rest)) {
                priority = Some(p);
                rest.drain(s..e);
            }
            let w = norms(&rest);
            if let Some(found) = find_due(&w, now) {
                due = Some(Some(found.due));
                rest.drain(found.start..found.end);
            }
            let leftover: Vec<&str> = norms(&rest)
                .into_iter()
                .filter(|w| {
                    !matches!(
                        *w,
                        "and"
                            | "with"
                            | "also"
                            | "priority"
                            | "a"
                            | "the"
                            | "due"
                            | "it"
                            | "make"
                            | "set"
                            | "to"
                            | "at"
                    )
                })
                .collect();
            if priority.is_none() && due.is_none() {
                if is_move {
                    return Plan::Say(Said::DueWhen);
                }
                title = Some(title_of(&y_tokens));
            } else if !leftover.is_empty() && priority.is_none() && due.is_none() {
                title = Some(title_of(&rest));
            }
        } else if matches!(verb, "bump" | "raise") {
            priority = Some(Priority::High);
        } else if verb == "lower" {
            priority = Some(Priority::Low);
        } else {
            return Plan::Say(Said::ChangeWhat);
        }
        if title.as_ref().is_some_and(|t: &String| t.is_empty()) {
            return Plan::Say(Said::NewTitle);
        }
        let template = update_of(0, title, description, priority, due);
        self.update_one(&x_tokens, template)
    }

    fn update_one(&self, x: &[Token], template: Action) -> Plan {
        let x = trim_reference(x);
        self.resolve_each(&x, template.clone(), |ids| {
            Plan::Act(ids.iter().map(|id| template.with_id(*id)).collect())
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Due,
    Description,
    Priority,
}

fn update_of(
    id: i64,
    title: Option<String>,
    description: Option<Option<String>>,
    priority: Option<Priority>,
    due: Option<Option<Due>>,
) -> Action {
    Action::Update {
        id,
        title,
        description,
        priority,
        due,
    }
}

/// Words of an update that are not part of the reference ("the task", "'s title").
fn trim_reference(tokens: &[Token]) -> Vec<Token> {
    let drop_words: &[&str] = &[
        "title",
        "name",
        "description",
        "details",
        "notes",
        "note",
        "priority",
        "due",
        "date",
        "deadline",
        "of",
        "the",
        "for",
        "wording",
        "text",
    ];
    let mut out: Vec<Token> = tokens.to_vec();
    // "the title of X" / "the due date of X": keep what follows "of".
    let w = norms(&out);
    if let Some(of) = w.iter().position(|x| *x == "of") {
        if w[..of].iter().all(|x| drop_words.contains(x)) && of + 1 < w.len() {
            out.drain(..=of);
        }
    }
    while out.last().is_some_and(|t| {
        matches!(
            t.norm.as_str(),
            "title"
                | "name"
                | "description"
                | "details"
                | "notes"
                | "priority"
                | "due"
                | "date"
                | "deadline"
                | "wording"
                | "text"
                | "s"
                | "'s"
        )
    }) {
        out.pop();
    }
    for t in &mut out {
        for suffix in ["'s", "’s"] {
            if let Some(base) = t.norm.strip_suffix(suffix) {
                t.norm = base.to_owned();
            }
        }
    }
    out
}

/// "back a week", "by 2 days", "a day" → days.
fn shift_days(w: &[&str]) -> Option<i64> {
    let unit_at = w
        .iter()
        .position(|x| matches!(*x, "day" | "days" | "week" | "weeks"))?;
    let n = if unit_at == 0 {
        1
    } else {
        match w[unit_at - 1] {
            "a" | "an" | "one" => 1,
            "two" | "couple" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            n => n.parse().ok()?,
        }
    };
    Some(if w[unit_at].starts_with("week") {
        n * 7
    } else {
        n
    })
}

/// A priority expression: its span and value.
fn find_priority(w: &[&str]) -> Option<(usize, usize, Priority)> {
    let level = |x: &str| match x {
        "high" | "top" | "highest" | "critical" | "urgent" => Some(Priority::High),
        "medium" | "normal" | "regular" | "moderate" | "mid" | "average" => Some(Priority::Medium),
        "low" | "lowest" | "minor" => Some(Priority::Low),
        _ => None,
    };
    for i in 0..w.len() {
        // "an urgent task", "an important todo"
        if matches!(w[i], "urgent" | "important")
            && w.get(i + 1)
                .is_some_and(|n| matches!(*n, "task" | "todo" | "item" | "reminder"))
        {
            return Some((i, i + 1, Priority::High));
        }
        // "high priority", "with high priority", "as a high priority"
        if let Some(p) = level(w[i]) {
            if w.get(i + 1)
                .is_some_and(|n| matches!(*n, "priority" | "prio" | "pri"))
            {
                let mut s = i;
                while s > 0
                    && matches!(
                        w[s - 1],
                        "with" | "as" | "a" | "at" | "to" | "of" | "and" | "is"
                    )
                {
                    s -= 1;
                }
                return Some((s, i + 2, p));
            }
        }
        // "priority high", "priority: low", "priority to high"
        if matches!(w[i], "priority" | "prio") {
            let mut j = i + 1;
            while j < w.len() && matches!(w[j], "to" | "is" | "of" | "as" | "at") {
                j += 1;
            }
            if let Some(p) = w.get(j).and_then(|x| level(x)) {
                let mut s = i;
                while s > 0 && matches!(w[s - 1], "with" | "set" | "the" | "and" | "its") {
                    s -= 1;
                }
                return Some((s, j + 1, p));
            }
        }
    }
    // "urgent", "important", "it's urgent", "to high", "as low" at the end.
    let n = w.len();
    if n >= 1 {
        let last = w[n - 1];
        let p = match last {
            "urgent" | "important" | "asap" | "critical" => Some(Priority::High),
            "unimportant" => Some(Priority::Low),
            "high" | "low" | "medium" | "normal"
                if n >= 2 && matches!(w[n - 2], "to" | "as" | "is" | "be") =>
            {
                level(last)
            }
            _ => None,
        };
        if let Some(p) = p {
            let mut s = n - 1;
            while s > 0
                && matches!(
                    w[s - 1],
                    "is" | "very"
                        | "really"
                        | "and"
                        | "to"
                        | "as"
                        | "be"
                        | "super"
                        | "mark"
                        | "make"
                )
            {
                s -= 1;
            }
            return Some((s, n, p));
        }
    }
    None
}

fn strip_list_tail(body: &mut Vec<Token>) {
    let tails: &[&[&str]] = &[
        &["to", "my", "todo", "list"],
        &["to", "my", "to", "do", "list"],
        &["on", "my", "todo", "list"],
        &["to", "my", "list"],
        &["on", "my", "list"],
        &["to", "the", "list"],
        &["to", "my", "tasks"],
        &["to", "tasks"],
        &["to", "the", "tasks"],
        &["from", "my", "list"],
        &["from", "the", "list"],
        &["from", "my", "tasks"],
        &["from", "tasks"],
        &["to", "my", "todos"],
        &["in", "my", "list"],
        &["as", "a", "task"],
        &["as", "a", "todo"],
        &["to", "the", "todo", "list"],
        &["from", "my", "todo", "list"],
        &["to", "list"],
        &["on", "the", "list"],
        &["to", "todo"],
        &["to", "my", "todo"],
    ];
    loop {
        let w = norms(body);
        let Some(t) = tails.iter().find(|t| w.ends_with(t) && w.len() > t.len()) else {
            // "add to my list: buy milk" puts the tail first.
            if let Some(t) = tails.iter().find(|t| w.starts_with(t) && w.len() > t.len()) {
                body.drain(..t.len());
                continue;
            }
            return;
        };
        body.truncate(body.len() - t.len());
    }
}

/// A title from tokens: what was typed, trimmed of dangling little words,
/// with its first letter capitalised.
fn title_of(tokens: &[Token]) -> String {
    let mut tokens: Vec<&Token> = tokens
        .iter()
        .filter(|t| !t.raw.is_empty() || t.quoted)
        .collect();
    let dangling: &[&str] = &[
        "and", "with", "by", "due", "on", "at", "for", "to", "please", "the", "a", "it", "as",
        "that", "which",
    ];
    while tokens
        .last()
        .is_some_and(|t| dangling.contains(&t.norm.as_str()) && !t.quoted)
    {
        tokens.pop();
    }
    while tokens.first().is_some_and(|t| {
        matches!(
            t.norm.as_str(),
            "to" | "that" | "called" | "named" | "titled"
        ) && !t.quoted
    }) {
        tokens.remove(0);
    }
    let text = raw_text_of(&tokens);
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn raw_text_of(tokens: &[&Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.raw.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.raw);
        if t.pause_after && i + 1 < tokens.len() {
            out.push(',');
        }
    }
    out
}

fn raw_text(tokens: &[Token]) -> String {
    let refs: Vec<&Token> = tokens.iter().collect();
    let text = raw_text_of(&refs);
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

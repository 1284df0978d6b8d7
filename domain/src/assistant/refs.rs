//! Which task a phrase means: "it", "that one", "the last one", "the second
//! one", "task 12", "the meeting task", "laundry".

use super::lexicon::{same_word, tokenize, Token};
use super::{Memory, Said, TaskBrief};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    One(i64),
    /// Several tasks fit equally well.
    Ambiguous(Vec<i64>),
    /// Nothing fits; what to tell the user.
    Missing(Said),
}

pub struct Resolver<'a> {
    tasks: &'a [TaskBrief],
    memory: &'a Memory,
    /// Only these ids (the candidates of a question), in the order asked.
    among: Option<&'a [i64]>,
    prefer: Prefer,
}

/// Which tasks win when a name fits several: completing picks among open
/// ones, reopening among completed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Open,
    Done,
    Any,
}

/// Words that carry no meaning in a reference.
const FILLER: &[&str] = &[
    "the", "a", "an", "my", "our", "task", "tasks", "todo", "todos", "item", "items", "thing",
    "entry", "reminder", "one", "about", "on", "list", "from", "in", "please", "called", "named",
    "titled", "that", "this", "which", "is", "for", "of", "with", "to", "off", "up", "now",
    "again", "also", "too", "just", "number", "should", "be", "must", "needs", "need", "are",
    "was",
];
const PRONOUNS: &[&str] = &[
    "it", "that", "this", "same", "one", "task", "them", "previous", "above",
];

fn ordinal(word: &str) -> Option<usize> {
    Some(match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "seventh" | "7th" => 7,
        "eighth" | "8th" => 8,
        "ninth" | "9th" => 9,
        "tenth" | "10th" => 10,
        _ => return None,
    })
}

fn number(word: &str) -> Option<i64> {
    word.trim_start_matches('#').parse().ok().filter(|n| *n > 0)
}

fn content_words(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .map(|t| t.norm)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

impl<'a> Resolver<'a> {
    pub fn new(tasks: &'a [TaskBrief], memory: &'a Memory, among: Option<&'a [i64]>) -> Self {
        Self {
            tasks,
            memory,
            among,
            prefer: Prefer::Any,
        }
    }

    pub fn preferring(mut self, prefer: Prefer) -> Self {
        self.prefer = prefer;
        self
    }

    fn exists(&self, id: i64) -> bool {
        self.tasks.iter().any(|t| t.id == id) && self.among.is_none_or(|a| a.contains(&id))
    }

    fn pool(&self) -> impl Iterator<Item = &TaskBrief> {
        self.tasks
            .iter()
            .filter(|t| self.among.is_none_or(|a| a.contains(&t.id)))
    }

    /// The list ordinals count in: the question's candidates, the last list
    /// shown, or every task.
    fn ordered(&self) -> Vec<i64> {
        if let Some(among) = self.among {
            return among.to_vec();
        }
        let listed: Vec<i64> = self
            .memory
            .last_list
            .iter()
            .copied()
            .filter(|id| self.exists(*id))
            .collect();
        if !listed.is_empty() {
            return listed;
        }
        self.tasks.iter().map(|t| t.id).collect()
    }

    fn last_mentioned(&self) -> Option<i64> {
        self.memory
            .mentioned
            .iter()
            .rev()
            .copied()
            .find(|id| self.exists(*id))
    }

    /// How well `tokens` name a task: 3 an exact title, 2 one task, 1
    /// several, 0 none.
    pub fn quality(&self, tokens: &[Token]) -> u8 {
        if tokens.is_empty() {
            return 0;
        }
        match self.resolve(tokens) {
            Resolution::One(id) => {
                let text: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
                let query = content_words(&text.join(" "));
                let exact = self
                    .tasks
                    .iter()
                    .any(|t| t.id == id && content_words(&t.title) == query);
                if exact {
                    3
                } else {
                    2
                }
            }
            Resolution::Ambiguous(_) => 1,
            Resolution::Missing(_) => 0,
        }
    }

    pub fn resolve(&self, tokens: &[Token]) -> Resolution {
        let words: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        let phrase: Vec<&str> = tokens
            .iter()
            .map(|t| t.raw.as_str())
            .filter(|r| !r.is_empty())
            .collect();
        let phrase = phrase.join(" ");

        // "task 12", "#12", "id 12": an id.
        for (i, w) in words.iter().enumerate() {
            let after_marker = i > 0 && matches!(words[i - 1], "task" | "id");
            if w.starts_with('#') || after_marker {
                if let Some(n) = number(w) {
                    return if self.exists(n) {
                        Resolution::One(n)
                    } else {
                        Resolution::Missing(Said::NoTaskNumbered { id: n })
                    };
                }
            }
        }

        let content: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !FILLER.contains(w))
            .collect();

        // A bare number: a position in the list just shown (or asked about), else an id.
        if let [n] = content[..] {
            if let Some(n) = number(n) {
                let ordered = self.ordered();
                let listed = self.among.is_some() || !self.memory.last_list.is_empty();
                if listed && (n as usize) <= ordered.len() {
                    return Resolution::One(ordered[n as usize - 1]);
                }
                return if self.exists(n) {
                    Resolution::One(n)
                } else {
                    Resolution::Missing(Said::NoTaskNumbered { id: n })
                };
            }
        }

        // Ordinals: "the second one", "the 3rd task", "the last one".
        let ordinals: Vec<usize> = content.iter().filter_map(|w| ordinal(w)).collect();
        let rest: Vec<&&str> = content.iter().filter(|w| ordinal(w).is_none()).collect();
        let lastish = content
            .iter()
            .any(|w| matches!(*w, "last" | "latest" | "newest" | "recent"));
        if lastish
            && content.iter().all(|w| {
                matches!(
                    *w,
                    "last"
                        | "latest"
                        | "newest"
                        | "recent"
                        | "most"
                        | "added"
                        | "i"
                        | "made"
                        | "created"
                        | "mentioned"
                )
            })
        {
            let id = if self.among.is_some() || self.memory.last_was_list {
                self.ordered().last().copied()
            } else {
                self.last_mentioned()
                    .or_else(|| self.pool().map(|t| t.id).max())
            };
            return id.map_or_else(|| Resolution::Missing(Said::NoTasksYet), Resolution::One);
        }
        if let ([k], true) = (&ordinals[..], rest.is_empty()) {
            let ordered = self.ordered();
            return match ordered.get(k - 1) {
                Some(id) => Resolution::One(*id),
                None => Resolution::Missing(Said::OnlyInList {
                    count: ordered.len(),
                }),
            };
        }

        // Pronouns: "it", "that one", "this task", "the same one".
        if content.is_empty() || content.iter().all(|w| PRONOUNS.contains(w)) {
            let pronoun = words
                .iter()
                .any(|w| PRONOUNS.contains(w) || matches!(*w, "task" | "one"));
            if pronoun {
                if let Some(id) = self.last_mentioned() {
                    return Resolution::One(id);
                }
                if let Some(among) = self.among {
                    return Resolution::Ambiguous(among.to_vec());
                }
                return Resolution::Missing(Said::NotSureWhich);
            }
            return Resolution::Missing(Said::WhichTask);
        }

        // Words of a title.
        let query: Vec<String> = content
            .iter()
            .map(|w| w.trim_end_matches("'s").to_owned())
            .collect();
        let mut exact = Vec::new();
        let mut full = Vec::new();
        let mut partial: Vec<(usize, i64)> = Vec::new();
        for task in self.pool() {
            let title = content_words(&task.title);
            if title == query {
                exact.push(task.id);
            }
            let matched = query
                .iter()
                .filter(|q| title.iter().any(|t| same_word(q, t)))
                .count();
            if matched == query.len() {
                full.push(task.id);
            } else if matched > 0 {
                partial.push((matched, task.id));
            }
        }
        match (&exact[..], &full[..]) {
            ([id], _) => Resolution::One(*id),
            (_, [id]) => Resolution::One(*id),
            (_, [_, ..]) => {
                // Several fit: those in the preferred state, if any are.
                let wanted = |done: bool| match self.prefer {
                    Prefer::Open | Prefer::Any => !done,
                    Prefer::Done => done,
                };
                let preferred: Vec<i64> = full
                    .iter()
                    .copied()
                    .filter(|id| {
                        self.tasks
                            .iter()
                            .any(|t| t.id == *id && wanted(t.completed))
                    })
                    .collect();
                match preferred[..] {
                    [id] if self.among.is_none() => Resolution::One(id),
                    [_, _, ..] if self.prefer != Prefer::Any => Resolution::Ambiguous(preferred),
                    _ => Resolution::Ambiguous(full),
                }
            }
            _ => {
                // Most of a longer phrase ("the tax return form" for "File tax return").
                let best = partial.iter().map(|(m, _)| *m).max().unwrap_or(0);
                let top: Vec<i64> = partial
                    .iter()
                    .filter(|(m, _)| *m == best)
                    .map(|(_, id)| *id)
                    .collect();
                if query.len() >= 2 && best * 3 >= query.len() * 2 && top.len() == 1 {
                    Resolution::One(top[0])
                } else {
                    Resolution::Missing(Said::NoMatch { phrase })
                }
            }
        }
    }
}

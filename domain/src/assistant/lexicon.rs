//! Words: a message split into tokens that keep what the user typed (for
//! titles) beside a normalised form (for understanding), with typos in the
//! assistant's own vocabulary mended.

/// One word of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// As typed, without the punctuation around it.
    pub raw: String,
    /// Lower case, typo mended when it is close to a command word.
    pub norm: String,
    /// A comma, full stop, colon, semicolon or dash followed the word.
    pub pause_after: bool,
    /// The word came from inside quotes (part of a quoted title).
    pub quoted: bool,
}

/// Command words, mended only at the start of a message (where the verb
/// is); elsewhere a word one edit from "list" is more likely "last".
pub const COMMANDS: &[&str] = &[
    "add",
    "create",
    "remind",
    "remember",
    "forget",
    "delete",
    "remove",
    "erase",
    "complete",
    "completed",
    "finish",
    "finished",
    "done",
    "mark",
    "update",
    "change",
    "rename",
    "modify",
    "edit",
    "reschedule",
    "postpone",
    "move",
    "list",
    "show",
    "display",
    "tasks",
    "task",
    "pending",
    "priority",
    "reopen",
    "incomplete",
    "everything",
    "uncheck",
    "unfinished",
    "remaining",
    "outstanding",
    "please",
];

/// Date and politeness words, mended wherever they are.
const ANYWHERE: &[&str] = &[
    "tomorrow",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "please",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "morning",
    "evening",
    "afternoon",
    "weekend",
    "priority",
    "urgent",
    "important",
    "description",
];

/// Words too short or too common to mend (a typo of "add" is usually another word).
fn mendable(word: &str) -> bool {
    word.chars().count() >= 4 && word.chars().all(|c| c.is_alphabetic())
}

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent
/// transpositions), stopping early past `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// The allowed edits for a word of this length.
pub fn tolerance(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Real words one edit from a command word, never "mended".
const KEEP: &[&str] = &[
    "last", "lost", "past", "fast", "mask", "test", "meet", "rent", "bill", "call", "plan", "note",
    "date", "data", "home", "mall", "read", "mail", "week", "dome", "lift", "gift", "fist", "mist",
    "ask", "desk", "dusk", "bask", "cask", "tusk", "shop", "snow", "slow", "move", "more", "park",
    "dark", "work", "word", "fork", "pork", "cork", "mart", "market", "render", "member",
    "reminder",
];

/// `word`, or the word of `vocabulary` it is a typo of.
pub fn mend(word: &str, vocabulary: &[&str]) -> String {
    if !mendable(word) || vocabulary.contains(&word) || KEEP.contains(&word) {
        return word.to_owned();
    }
    let limit = tolerance(word);
    vocabulary
        .iter()
        .filter(|v| v.len() >= 4)
        .map(|v| (distance(word, v, limit), *v))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map_or_else(|| word.to_owned(), |(_, v)| v.to_owned())
}

/// Common contractions and shorthand, spelt out.
fn expand(word: &str) -> &str {
    match word {
        "what's" | "whats" | "what’s" => "what is",
        "haven't" | "havent" | "haven’t" => "have not",
        "hasn't" | "hasnt" | "hasn’t" => "has not",
        "isn't" | "isnt" | "isn’t" => "is not",
        "aren't" | "arent" | "aren’t" => "are not",
        "didn't" | "didnt" | "didn’t" => "did not",
        "won't" | "wont" | "won’t" => "will not",
        "where's" | "where’s" => "where is",
        "there's" | "there’s" => "there is",
        "don't" | "dont" | "don’t" => "do not",
        "i'm" | "im" | "i’m" => "i am",
        "i've" | "ive" | "i’ve" => "i have",
        "it's" | "it’s" => "it is",
        "that's" | "that’s" => "that is",
        "let's" | "lets" | "let’s" => "let us",
        "can't" | "cant" | "can’t" => "can not",
        "pls" | "plz" | "plse" => "please",
        "thx" | "thanks" | "ty" => "thanks",
        "tmrw" | "tmr" | "tmrow" | "2moro" => "tomorrow",
        "todo" | "to-do" => "todo",
        "u" => "you",
        "r" => "are",
        _ => word,
    }
}

/// Punctuation around a word (not letters, digits or the combining vowel
/// signs of Indic scripts, which `is_alphanumeric` does not count).
pub fn is_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '#' && c != '\'')
        || matches!(
            c,
            '“' | '”' | '‘' | '«' | '»' | '…' | '—' | '–' | '¡' | '¿' | '।'
        )
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

/// Splits a message into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut quoted = false;
    for piece in text.split_whitespace() {
        let opens = piece.starts_with(is_quote);
        if opens {
            quoted = true;
        }
        let closes =
            piece.len() > 1 && piece.ends_with(is_quote) || (!opens && piece.ends_with(is_quote));
        let in_quotes = quoted;
        if closes || (opens && piece.chars().filter(|c| is_quote(*c)).count() >= 2) {
            quoted = false;
        }
        let trimmed = piece.trim_matches(is_punctuation);
        let trimmed = trimmed.trim_matches(|c| c == '\'' || c == '’');
        // Inside quotes the title is kept exactly; a lone symbol (an emoji)
        // is a word of its own.
        let raw = if in_quotes {
            piece.trim_matches(is_quote)
        } else if trimmed.is_empty() && piece.chars().any(|c| !c.is_ascii_punctuation()) {
            piece
        } else {
            trimmed
        };
        let pause_after = !in_quotes
            && (piece
                .trim_end_matches(is_quote)
                .ends_with([',', '.', ':', ';', '!', '?', '—', '–'])
                || piece == "-");
        if raw.is_empty() {
            if pause_after {
                if let Some(last) = tokens.last_mut() {
                    let last: &mut Token = last;
                    last.pause_after = true;
                }
            }
            continue;
        }
        let lower = raw.to_lowercase();
        let expanded = expand(&lower);
        let parts: Vec<&str> = expanded.split(' ').collect();
        let n = parts.len();
        for (k, part) in parts.into_iter().enumerate() {
            let norm = if in_quotes {
                part.to_owned()
            } else {
                mend(part, ANYWHERE)
            };
            tokens.push(Token {
                // A contraction keeps its raw text on its first part only.
                raw: if k == 0 {
                    raw.to_owned()
                } else {
                    String::new()
                },
                norm,
                pause_after: pause_after && k + 1 == n,
                quoted: in_quotes,
            });
        }
    }
    tokens
}

/// A plural or verb ending removed, so "groceries" meets "grocery" and
/// "calls" meets "call".
pub fn stem(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies") {
        if base.chars().count() >= 3 {
            return format!("{base}y");
        }
    }
    for suffix in ["es", "s", "ing", "ed"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !base.ends_with('s') {
                return base.to_owned();
            }
        }
    }
    word.to_owned()
}

/// Two words that mean the same task word: equal, the same stem, or a typo apart.
pub fn same_word(a: &str, b: &str) -> bool {
    if a == b || stem(a) == stem(b) {
        return true;
    }
    // Short title words must match exactly: "call" is not "mall".
    let strict = |w: &str| {
        if w.chars().count() <= 4 {
            0
        } else {
            tolerance(w)
        }
    };
    let limit = strict(a).min(strict(b));
    limit > 0 && distance(a, b, limit) <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_in_command_words_are_mended_but_titles_keep_what_was_typed() {
        let t = tokenize("Plese delte the \"Laundy\" task tomorow");
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            ["please", "delte", "the", "laundy", "task", "tomorrow"]
        );
        assert_eq!(mend("delte", COMMANDS), "delete");
        assert_eq!(mend("lsit", &["list"]), "list");
        assert_eq!(mend("last", &["list"]), "last");
        assert_eq!(t[3].raw, "Laundy");
        assert!(t[3].quoted && !t[4].quoted);
    }

    #[test]
    fn contractions_expand_and_pauses_are_kept() {
        let t = tokenize("What's left, please?");
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["what", "is", "left", "please"]);
        assert!(t[2].pause_after);
        let names = tokenize("Call O'Brien");
        assert_eq!(names[1].raw, "O'Brien");
    }

    #[test]
    fn distances() {
        assert_eq!(distance("complte", "complete", 2), 1);
        assert_eq!(distance("teh", "the", 1), 1);
        assert!(distance("meeting", "laundry", 2) > 2);
        assert!(same_word("groceries", "grocery"));
        assert!(same_word("meetings", "meeting"));
        assert!(!same_word("call", "mall"));
    }
}

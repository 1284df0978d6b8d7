//! Word lists per language and script, matched on whole words.
//!
//! A list is lines of terms under `[category]` headings (`#` starts a
//! comment). A term is one or more words and matches only whole words in
//! order, so "cock" never matches "cocktail" and "cunt" never
//! "Scunthorpe". `*` marks where a word may go on (`fuck*` matches "fuck"
//! and "fucking", `*fuck*` any word with it inside) and `+` where it must
//! (`+chod` matches "behenchod", not "chod", which also means "leave").
//! Terms are normalised like the text, and a word matches a term's word
//! when it has the same letters with at least as many of each repeated
//! letter ("fuuuck" matches "fuck"; "as" does not match "ass").

use super::normalise::{words, Word};
use super::Category;

/// A word of a term, with how many letter runs may come before and after
/// it in a word of the text (`None`: none may).
#[derive(Debug, Clone)]
struct TermWord {
    runs: Vec<(char, usize)>,
    before: Option<usize>,
    after: Option<usize>,
}

#[derive(Debug, Clone)]
struct Term {
    category: Category,
    words: Vec<TermWord>,
    text: String,
}

/// Every list, parsed once.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    terms: Vec<Term>,
}

/// A term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub category: Category,
    pub term: String,
}

fn runs(s: &str) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::new();
    for c in s.chars() {
        match out.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => out.push((c, 1)),
        }
    }
    out
}

/// Whether `word`'s runs cover `term`'s exactly (same letters, at least as
/// many of each); `*` in the word stands for any one letter run.
fn covers(word: &[(char, usize)], term: &[(char, usize)]) -> bool {
    word.len() == term.len()
        && word
            .iter()
            .zip(term)
            .all(|((wc, wn), (tc, tn))| (*wc == '*' || wc == tc) && wn >= tn)
}

fn matches(word: &[(char, usize)], term: &TermWord) -> bool {
    let n = term.runs.len();
    if word.len() < n {
        return false;
    }
    // Runs are maximal, so a term's edge run that meets the same letter in
    // the word is one longer run there, which `covers` accepts.
    (0..=word.len() - n).any(|at| {
        let rest = word.len() - at - n;
        term.before.map_or(at == 0, |least| at >= least)
            && term.after.map_or(rest == 0, |least| rest >= least)
            && covers(&word[at..at + n], &term.runs)
    })
}

impl Lexicon {
    /// Parses lists; a heading names a category by its key.
    pub fn parse(lists: &[&str]) -> Result<Self, String> {
        let mut terms = Vec::new();
        for list in lists {
            let mut category = None;
            for (n, line) in list.lines().enumerate() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    category = Some(
                        Category::from_key(name)
                            .ok_or_else(|| format!("line {}: no category {name}", n + 1))?,
                    );
                    continue;
                }
                let category =
                    category.ok_or_else(|| format!("line {}: a term before a heading", n + 1))?;
                let words: Vec<TermWord> = line
                    .split_whitespace()
                    .map(|w| {
                        let open = |c: Option<char>| match c {
                            Some('*') => Some(0),
                            Some('+') => Some(1),
                            _ => None,
                        };
                        let core = w.trim_matches(['*', '+']);
                        let normal: String = words(core).into_iter().map(|w| w.text).collect();
                        TermWord {
                            runs: runs(&normal),
                            before: open(w.chars().next()),
                            after: open(w.chars().next_back()),
                        }
                    })
                    .filter(|w| !w.runs.is_empty())
                    .collect();
                if words.is_empty() {
                    return Err(format!("line {}: an empty term", n + 1));
                }
                terms.push(Term {
                    category,
                    words,
                    text: line.to_owned(),
                });
            }
        }
        Ok(Self { terms })
    }

    /// Every term found in `text`, once each.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_in(&words(text))
    }

    pub(crate) fn find_in(&self, text: &[Word]) -> Vec<Hit> {
        // Spelled-out words stand on their own; phrases read the plain words.
        let plain: Vec<Vec<(char, usize)>> = text
            .iter()
            .filter(|w| !w.joined)
            .map(|w| runs(&w.text))
            .collect();
        let joined: Vec<Vec<(char, usize)>> = text
            .iter()
            .filter(|w| w.joined)
            .map(|w| runs(&w.text))
            .collect();
        let mut hits: Vec<Hit> = Vec::new();
        for term in &self.terms {
            let found = match term.words.as_slice() {
                [one] => plain.iter().chain(&joined).any(|w| matches(w, one)),
                many => plain
                    .windows(many.len())
                    .any(|window| window.iter().zip(many).all(|(w, t)| matches(w, t))),
            };
            if found && !hits.iter().any(|h| h.term == term.text) {
                hits.push(Hit {
                    category: term.category,
                    term: term.text.clone(),
                });
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::parse(&["[abuse]\nfuck*\n+chod\nass\ncunt\ncock\n*motherfuck*\n[threat]\nkill you\nजान से मार*\n[sexual]\nporn*"])
            .unwrap()
    }

    fn found(text: &str) -> Vec<String> {
        lexicon().find(text).into_iter().map(|h| h.term).collect()
    }

    #[test]
    fn whole_words_only() {
        assert!(found("Scunthorpe United").is_empty());
        assert!(found("a cocktail evening").is_empty());
        assert!(found("as we discussed, pass the class").is_empty());
        assert_eq!(found("what a cunt"), ["cunt"]);
        assert_eq!(found("kick his ass"), ["ass"]);
    }

    #[test]
    fn stems_suffixes_and_infixes() {
        assert_eq!(found("fucking hell"), ["fuck*"]);
        assert_eq!(found("behenchod"), ["+chod"]);
        assert_eq!(found("you absolutemotherfucker"), ["*motherfuck*"]);
        assert!(
            found("chod do yaar").is_empty(),
            "a suffix needs letters before it"
        );
        assert_eq!(found("pornography"), ["porn*"]);
    }

    #[test]
    fn repeated_letters_and_disguises() {
        assert_eq!(found("fuuuuuck"), ["fuck*"]);
        assert_eq!(found("f u c k"), ["fuck*"]);
        assert_eq!(found("f*ck this"), ["fuck*"]);
        assert_eq!(found("F\u{200B}U\u{200B}C\u{200B}K"), ["fuck*"]);
        assert_eq!(found("ａｓｓ"), ["ass"]);
    }

    #[test]
    fn phrases_read_consecutive_words() {
        assert_eq!(found("I will KILL   you!"), ["kill you"]);
        assert!(found("kill the lights, you know").is_empty());
        assert_eq!(found("तुझे जान से मारूंगा"), ["जान से मार*"]);
    }

    #[test]
    fn bad_lists_are_refused() {
        assert!(Lexicon::parse(&["fuck"]).is_err());
        assert!(Lexicon::parse(&["[nope]\nx"]).is_err());
    }
}

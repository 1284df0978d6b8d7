//! Text as the scanner reads it: the disguises people use to slip words past
//! a filter taken off, split into words.
//!
//! In order: NFKC (full-width, circled and mathematical letters become plain
//! ones), invisible characters dropped (zero-width spaces and joiners, soft
//! hyphens, variation selectors, tags), lower case, Cyrillic and Greek
//! look-alikes read as the Latin letters they imitate, digits of Indian
//! scripts read as ASCII digits, Indic spelling
//! variants folded (nukta, candrabindu), then words: letters, digits and
//! combining marks, with symbols *inside* a Latin word read as the letters
//! they stand for ("b@stard", "sh!t", "5hit") and `*` kept as a letter
//! that stands for any letter ("f*ck"). Letters spelled out one at a time
//! ("f u c k", "s.h.i.t") are also joined into a word. Repeated letters are
//! left in place: the lexicon compares runs ("fuuuck" has at least the runs
//! of "fuck"; "as" has fewer than "ass").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One word of the text, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Built from letters spelled out one at a time.
    pub joined: bool,
}

/// The light form: NFKC, no invisible characters, lower case, look-alikes
/// read as Latin. Patterns (phone numbers, UPI ids) read this one.
pub fn light(text: &str) -> String {
    text.nfkc()
        .filter(|c| !is_invisible(*c))
        .flat_map(char::to_lowercase)
        .map(fold_confusable)
        .map(fold_digit)
        .filter_map(fold_indic)
        .collect()
}

/// Digits of the Indian scripts as ASCII digits, so a phone number written
/// in Devanagari is still a phone number.
fn fold_digit(c: char) -> char {
    const ZEROS: [u32; 10] = [
        0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    ];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
        .unwrap_or(c)
}

/// The words of `text`, disguises removed (see the module docs).
pub fn words(text: &str) -> Vec<Word> {
    let light = light(text);
    let mut words: Vec<Word> = Vec::new();
    // Raw pieces: maximal runs of word characters and symbols that may
    // stand for letters; anything else separates.
    let mut pieces: Vec<(String, bool)> = Vec::new(); // (piece, followed by a separator run)
    let mut current = String::new();
    for c in light.chars() {
        if is_word_char(c) || is_leet_symbol(c) {
            current.push(c);
        } else if !current.is_empty() {
            pieces.push((std::mem::take(&mut current), true));
        }
    }
    if !current.is_empty() {
        pieces.push((current, true));
    }
    let mut singles: Vec<String> = Vec::new();
    let flush = |singles: &mut Vec<String>, words: &mut Vec<Word>| {
        if singles.len() >= 3 {
            words.push(Word {
                text: singles.concat(),
                joined: true,
            });
        }
        singles.clear();
    };
    for (piece, _) in pieces {
        let Some(word) = clean_piece(&piece) else {
            continue;
        };
        if is_single_letter(&word) {
            singles.push(word.clone());
        } else {
            flush(&mut singles, &mut words);
        }
        words.push(Word {
            text: word,
            joined: false,
        });
    }
    flush(&mut singles, &mut words);
    words
}

/// A piece without symbols at its ends; symbols and digits inside a word
/// with Latin letters read as letters.
fn clean_piece(piece: &str) -> Option<String> {
    let trimmed = piece.trim_matches(|c: char| is_leet_symbol(c) && c != '*');
    let trimmed = trimmed.trim_end_matches('*');
    if trimmed.is_empty() {
        return None;
    }
    let latin = trimmed.chars().any(|c| c.is_ascii_alphabetic());
    let word: String = trimmed
        .chars()
        .filter_map(|c| {
            if latin {
                leet(c)
            } else if is_word_char(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect();
    (!word.is_empty()).then_some(word)
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_leet_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '!' | '|' | '*' | '+' | '€' | '#')
}

/// What a symbol or digit inside a Latin word stands for; `*` and `#`
/// stay `*` (any letter).
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' | '€' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        '*' | '#' => '*',
        c if is_word_char(c) => c,
        _ => return None,
    })
}

/// Characters that draw nothing (or nearly nothing) and are used to break
/// words apart for a filter.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Cyrillic, Greek and other letters drawn like Latin ones (the common
/// entries of Unicode's confusables list for the Latin alphabet).
fn fold_confusable(c: char) -> char {
    match c {
        'а' | 'α' | 'ɑ' => 'a',
        'в' | 'β' | 'ь' => 'b',
        'с' | 'ϲ' | 'ς' => 'c',
        'ԁ' | 'ժ' => 'd',
        'е' | 'ё' | 'ε' | 'є' => 'e',
        'ғ' => 'f',
        'ɡ' | 'ց' => 'g',
        'һ' | 'н' | 'η' => 'h',
        'і' | 'ї' | 'ι' | 'ı' | 'ɩ' => 'i',
        'ј' | 'ϳ' => 'j',
        'к' | 'κ' => 'k',
        'ӏ' | 'ℓ' => 'l',
        'м' => 'm',
        'п' | 'ո' => 'n',
        'о' | 'ο' | 'օ' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'г' => 'r',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' | 'ս' | 'μ' => 'u',
        'ν' | 'ѵ' => 'v',
        'ѡ' | 'ω' | 'ш' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' | 'ү' => 'y',
        'ᴢ' => 'z',
        c => c,
    }
}

/// Spelling variants of Indic scripts that read the same: the nukta
/// dropped, candrabindu written as anusvara.
fn fold_indic(c: char) -> Option<char> {
    match c {
        '\u{093C}' | '\u{09BC}' | '\u{0A3C}' | '\u{0ABC}' | '\u{0B3C}' | '\u{0CBC}' => None,
        '\u{0901}' => Some('\u{0902}'),
        '\u{0981}' => Some('\u{0982}'),
        '\u{0C01}' => Some('\u{0C02}'),
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn case_width_and_styled_letters_are_plain() {
        assert_eq!(
            texts("HELLO Ｗｏｒｌｄ 𝐛𝐨𝐥𝐝 ⓒⓘⓡⓒⓛⓔ"),
            ["hello", "world", "bold", "circle"]
        );
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        assert_eq!(texts("f\u{200B}u\u{200D}c\u{00AD}k"), ["fuck"]);
        assert_eq!(texts("ba\u{FE0F}d\u{2060}word"), ["badword"]);
    }

    #[test]
    fn look_alike_letters_read_as_latin() {
        // Cyrillic а, о and Greek ο in otherwise Latin words.
        assert_eq!(texts("bаstаrd іԁіоt"), ["bastard", "idiot"]);
    }

    #[test]
    fn symbols_and_digits_inside_latin_words_are_letters() {
        assert_eq!(
            texts("b@stard sh!t 5hit a$$hole"),
            ["bastard", "shit", "shit", "asshole"]
        );
        assert_eq!(texts("f*ck"), ["f*ck"]);
        // At the ends they are punctuation.
        assert_eq!(texts("great! @home #1"), ["great", "home", "1"]);
        // Numbers on their own stay numbers.
        assert_eq!(texts("₹5000 for 10 reels"), ["5000", "for", "10", "reels"]);
    }

    #[test]
    fn letters_spelled_out_are_joined() {
        let w = words("you f u c k off");
        assert!(w.iter().any(|w| w.text == "fuck" && w.joined), "{w:?}");
        let w = words("s.h.i.t");
        assert!(w.iter().any(|w| w.text == "shit" && w.joined), "{w:?}");
        // Two letters are not a word spelled out.
        assert!(!words("a b testing").iter().any(|w| w.joined));
    }

    #[test]
    fn repeated_letters_are_kept_for_the_lexicon_to_compare() {
        assert_eq!(texts("fuuuuck"), ["fuuuuck"]);
    }

    #[test]
    fn indic_words_keep_their_marks_and_fold_variants() {
        assert_eq!(texts("चूतिया है"), ["चूतिया", "है"]);
        // ड़ (one code point) and ड + nukta read the same, without the nukta.
        assert_eq!(texts("भोसड़ी"), texts("भोसड\u{093C}ी"));
        assert_eq!(texts("गाँड"), texts("गांड"));
        // Zero-width joiners inside Indic words go.
        assert_eq!(texts("க\u{200D}ொ"), ["கொ"]);
        assert_eq!(texts("தமிழ் செல்வி"), ["தமிழ்", "செல்வி"]);
    }
}

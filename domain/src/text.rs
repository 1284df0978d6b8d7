//! Text from outside, under one rule: no control characters (Postgres
//! cannot store NUL, and no field has a use for the others), line breaks
//! and tabs aside where a field allows several lines. Bounded free text
//! (titles, bios, descriptions) is also trimmed and counted in characters so
//! every script gets the same room.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Whether `raw` holds a control character other than a line break or tab.
pub fn has_control(raw: &str) -> bool {
    raw.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn control_error(field: &str) -> FieldError {
    FieldError::new(
        field,
        "invalid_characters",
        "Remove the control characters.",
    )
}

/// A one-line value (a name, a code, a handle, a filter), trimmed; any
/// control character, line breaks included, is refused.
pub fn single_line<'a>(raw: &'a str, field: &str) -> Result<&'a str, FieldError> {
    if raw.chars().any(char::is_control) {
        return Err(control_error(field));
    }
    Ok(raw.trim())
}

/// Search text: control characters become spaces, which does not change
/// what is looked for; trimmed.
pub fn search_text(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.trim().to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BoundedText(String);

impl BoundedText {
    /// `min_chars` 0 allows an empty value.
    pub fn parse(
        raw: &str,
        field: &str,
        min_chars: usize,
        max_chars: usize,
    ) -> Result<Self, FieldError> {
        let value = raw.trim();
        let chars = value.chars().count();
        if chars < min_chars {
            return Err(if chars == 0 {
                FieldError::new(field, "required", "This field is required.")
            } else {
                FieldError::new(
                    field,
                    "too_short",
                    format!("Write at least {min_chars} characters."),
                )
                .with("min", min_chars)
            });
        }
        if chars > max_chars {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("Write at most {max_chars} characters."),
            )
            .with("max", max_chars));
        }
        if has_control(value) {
            return Err(control_error(field));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_any_script_is_counted_in_characters() {
        let tamil = "உடற்பயிற்சி".repeat(3);
        let n = tamil.chars().count();
        assert!(BoundedText::parse(&tamil, "bio", 1, n).is_ok());
        assert_eq!(
            BoundedText::parse(&tamil, "bio", 1, n - 1)
                .unwrap_err()
                .reason,
            "too_long"
        );
    }

    #[test]
    fn empty_short_and_control_text_is_refused_with_the_field_named() {
        assert_eq!(
            BoundedText::parse("  ", "title", 1, 10).unwrap_err().reason,
            "required"
        );
        assert!(BoundedText::parse("  ", "bio", 0, 10).unwrap().is_empty());
        assert_eq!(
            BoundedText::parse("ab", "title", 5, 10).unwrap_err().reason,
            "too_short"
        );
        let err = BoundedText::parse("a\u{0}b", "title", 1, 10).unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.reason.as_str()),
            ("title", "invalid_characters")
        );
        assert_eq!(
            BoundedText::parse("line one\nline two", "bio", 1, 100)
                .unwrap()
                .as_str(),
            "line one\nline two"
        );
    }

    #[test]
    fn one_line_values_refuse_every_control_character() {
        assert_eq!(single_line(" Asia/Kolkata ", "tz").unwrap(), "Asia/Kolkata");
        for bad in ["a\u{0}b", "a\nb", "\u{1b}[31m", "x\u{7f}"] {
            assert_eq!(single_line(bad, "tz").unwrap_err().field, "tz");
        }
        assert_eq!(single_line("प्रिया 🌶️", "name").unwrap(), "प्रिया 🌶️");
    }

    #[test]
    fn search_text_loses_control_characters_not_words() {
        assert_eq!(search_text(" tax\u{0}return\n"), "tax return");
        assert_eq!(search_text("\u{0}"), "");
        assert_eq!(search_text("உடற்பயிற்சி"), "உடற்பயிற்சி");
    }
}

//! Bounded free text (titles, bios, descriptions): trimmed, counted in
//! characters so every script gets the same room, no control characters
//! except line breaks and tabs.

use crate::FieldError;
use serde::{Deserialize, Serialize};

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
            });
        }
        if chars > max_chars {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("Write at most {max_chars} characters."),
            ));
        }
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FieldError::new(
                field,
                "invalid_characters",
                "Remove the control characters.",
            ));
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
}

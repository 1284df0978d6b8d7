//! The six languages of the product, and how a browser's `Accept-Language`
//! picks one.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// A language the whole product is written in. The code is the stable
/// identifier in storage, cookies, URLs and `<html lang>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    #[default]
    En,
    Hi,
    Ta,
    Te,
    Bn,
    Mr,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::En,
        Language::Hi,
        Language::Ta,
        Language::Te,
        Language::Bn,
        Language::Mr,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Hi => "hi",
            Language::Ta => "ta",
            Language::Te => "te",
            Language::Bn => "bn",
            Language::Mr => "mr",
        }
    }

    /// The language's name in its own script, as the language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Hi => "हिन्दी",
            Language::Ta => "தமிழ்",
            Language::Te => "తెలుగు",
            Language::Bn => "বাংলা",
            Language::Mr => "मराठी",
        }
    }

    /// Exactly one of the six codes (case-insensitive); a region such as
    /// `hi-IN` is not a code and is refused here (see [`Self::negotiate`]).
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|l| l.code() == wanted)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    "language_unknown",
                    "Choose one of en, hi, ta, te, bn or mr.",
                )
                .with("value", raw)
            })
    }

    /// The best of the six for an `Accept-Language` header (RFC 9110 §12.5.4):
    /// highest `q` first, ties in the order given, a region ignored
    /// (`ta-IN` is Tamil); `None` when nothing in it is one of ours.
    pub fn negotiate(header: &str) -> Option<Self> {
        let mut best: Option<(u16, Language)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(parse_q))
                .unwrap_or(Some(1000));
            let Some(q) = q.filter(|q| *q > 0) else {
                continue;
            };
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Self::ALL
                .into_iter()
                .find(|l| l.code().eq_ignore_ascii_case(primary))
            else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// `q` as thousandths; `None` for something that is not a weight.
fn parse_q(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_anything_else_is_refused() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.code(), "language").unwrap(), l);
            assert_eq!(
                Language::parse(&l.code().to_uppercase(), "language").unwrap(),
                l
            );
        }
        for bad in ["", "fr", "hi-IN", "english", "हिन्दी", "en\0"] {
            let err = Language::parse(bad, "language").unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.reason.as_str()),
                ("language", "language_unknown")
            );
        }
    }

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        assert_eq!(
            Language::negotiate("ta-IN,ta;q=0.9,en;q=0.8"),
            Some(Language::Ta)
        );
        assert_eq!(
            Language::negotiate("fr-FR, hi;q=0.5, en;q=0.4"),
            Some(Language::Hi)
        );
        assert_eq!(
            Language::negotiate("en;q=0.3, bn;q=0.7"),
            Some(Language::Bn)
        );
        assert_eq!(Language::negotiate("mr, te"), Some(Language::Mr));
        assert_eq!(Language::negotiate("hi;q=0, en-GB"), Some(Language::En));
        assert_eq!(Language::negotiate("de, fr;q=0.9"), None);
        assert_eq!(Language::negotiate(""), None);
        assert_eq!(Language::negotiate("hi;q=abc, ta;q=2"), None);
        assert_eq!(Language::negotiate("*"), None);
    }

    #[test]
    fn each_language_is_named_in_its_own_script() {
        let names: Vec<_> = Language::ALL.iter().map(|l| l.native_name()).collect();
        assert_eq!(names, ["English", "हिन्दी", "தமிழ்", "తెలుగు", "বাংলা", "मराठी"]);
    }
}

//! Fixed vocabularies: content niches and currencies.

use crate::FieldError;
use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $field_hint:literal { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key used in storage, URLs and translations.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Parses a key (case-insensitive); `field` names the form field on failure.
            pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
                let wanted = raw.trim().to_lowercase();
                Self::ALL.iter().copied().find(|v| v.key() == wanted).ok_or_else(|| {
                    FieldError::new(field, concat!($field_hint, "_unknown"), format!("{raw:?} is not a known {}.", $field_hint)).with("value", raw)
                })
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// What a creator makes content about; requests target the same list.
    Niche, "niche" {
        Fitness => "fitness",
        Beauty => "beauty",
        Fashion => "fashion",
        Food => "food",
        Travel => "travel",
        Tech => "tech",
        Gaming => "gaming",
        Finance => "finance",
        Education => "education",
        Parenting => "parenting",
        Lifestyle => "lifestyle",
        Music => "music",
        Comedy => "comedy",
        Sports => "sports",
        Health => "health",
        Automotive => "automotive",
        Home => "home",
        Pets => "pets",
        Art => "art",
        Sustainability => "sustainability",
    }
);

vocabulary!(
    /// Currencies that rates and budgets may be stated in.
    Currency, "currency" {
        Inr => "inr",
        Usd => "usd",
        Eur => "eur",
        Gbp => "gbp",
    }
);

/// Parses a list of niche keys: at least one, at most `max`, no repeats kept.
pub fn parse_niches(raw: &[String], field: &str, max: usize) -> Result<Vec<Niche>, FieldError> {
    let mut niches = Vec::new();
    for item in raw {
        let niche = Niche::parse(item, field)?;
        if !niches.contains(&niche) {
            niches.push(niche);
        }
    }
    if niches.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "Choose at least one niche.",
        ));
    }
    if niches.len() > max {
        return Err(
            FieldError::new(field, "too_many", format!("Choose at most {max} niches."))
                .with("max", max),
        );
    }
    Ok(niches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses_back_to_its_value() {
        for n in Niche::ALL {
            assert_eq!(Niche::parse(n.key(), "niches").unwrap(), *n);
        }
        for c in Currency::ALL {
            assert_eq!(
                Currency::parse(&c.key().to_uppercase(), "currency").unwrap(),
                *c
            );
        }
    }

    #[test]
    fn unknown_keys_name_the_field() {
        let err = Niche::parse("astrology", "niches").unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.reason.as_str()),
            ("niches", "niche_unknown")
        );
    }

    #[test]
    fn niche_lists_drop_repeats_and_enforce_bounds() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_niches(&list(&["fitness", "Fitness", "food"]), "niches", 5).unwrap(),
            [Niche::Fitness, Niche::Food]
        );
        assert_eq!(
            parse_niches(&[], "niches", 5).unwrap_err().reason,
            "required"
        );
        assert_eq!(
            parse_niches(&list(&["fitness", "food", "tech"]), "niches", 2)
                .unwrap_err()
                .reason,
            "too_many"
        );
    }
}

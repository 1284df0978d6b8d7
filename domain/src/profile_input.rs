//! What a creator may save as their profile, parsed field by field. A draft
//! may be incomplete (see `profile::completeness`), but every value in it is
//! valid.

use crate::money::MoneyRange;
use crate::text::BoundedText;
use crate::{FieldError, Niche};
use serde::{Deserialize, Serialize};

pub const MAX_NICHES: usize = 5;
pub const MAX_LANGUAGES: usize = 10;
pub const MAX_SOCIALS: usize = 10;
pub const MAX_FOLLOWERS: i64 = 10_000_000_000;

/// ISO 639-1 codes of the languages creators publish in.
pub const LANGUAGES: &[&str] = &[
    "en", "hi", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa", "ur", "or", "as", "fr", "de", "es",
    "pt", "it", "ar", "ja", "ko", "zh",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Instagram,
    Youtube,
    Tiktok,
    X,
    Linkedin,
    Facebook,
    Twitch,
    Snapchat,
}

impl Platform {
    pub const ALL: &'static [Platform] = &[
        Platform::Instagram,
        Platform::Youtube,
        Platform::Tiktok,
        Platform::X,
        Platform::Linkedin,
        Platform::Facebook,
        Platform::Twitch,
        Platform::Snapchat,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::Youtube => "youtube",
            Platform::Tiktok => "tiktok",
            Platform::X => "x",
            Platform::Linkedin => "linkedin",
            Platform::Facebook => "facebook",
            Platform::Twitch => "twitch",
            Platform::Snapchat => "snapchat",
        }
    }

    /// The platform's own name, written the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Instagram => "Instagram",
            Platform::Youtube => "YouTube",
            Platform::Tiktok => "TikTok",
            Platform::X => "X",
            Platform::Linkedin => "LinkedIn",
            Platform::Facebook => "Facebook",
            Platform::Twitch => "Twitch",
            Platform::Snapchat => "Snapchat",
        }
    }

    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_lowercase();
        Self::ALL
            .iter()
            .copied()
            .find(|p| p.key() == wanted)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    "platform_unknown",
                    format!("{raw:?} is not a supported platform."),
                )
                .with("value", raw)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialAccount {
    pub platform: Platform,
    /// Without a leading "@".
    pub handle: String,
    pub followers: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    pub state: Option<String>,
    pub city: Option<String>,
}

/// The raw form, as it arrives from a client.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProfileForm {
    pub bio: String,
    pub niches: Vec<String>,
    pub country: String,
    pub state: String,
    pub city: String,
    pub languages: Vec<String>,
    pub socials: Vec<SocialForm>,
    /// Percent, 0–100.
    pub engagement_rate: Option<f64>,
    pub rate_min: Option<i64>,
    pub rate_max: Option<i64>,
    pub rate_currency: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SocialForm {
    pub platform: String,
    pub handle: String,
    pub followers: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub bio: BoundedText,
    pub niches: Vec<Niche>,
    pub location: Location,
    pub languages: Vec<String>,
    pub socials: Vec<SocialAccount>,
    pub engagement_rate: Option<f64>,
    pub rate: Option<MoneyRange>,
}

fn optional_place(raw: &str, field: &str) -> Result<Option<String>, FieldError> {
    let text = BoundedText::parse(raw, field, 0, 80)?;
    Ok((!text.is_empty()).then(|| text.as_str().to_owned()))
}

impl ProfileForm {
    /// Every field checked; all failures reported at once, in form order.
    pub fn parse(&self) -> Result<ProfileInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |r: Result<(), FieldError>| {
            if let Err(e) = r {
                errors.push(e);
            }
        };

        let bio = BoundedText::parse(&self.bio, "bio", 0, 2000);
        keep(bio.as_ref().map(|_| ()).map_err(Clone::clone));

        let mut niches = Vec::new();
        for raw in &self.niches {
            match Niche::parse(raw, "niches") {
                Ok(n) if !niches.contains(&n) => niches.push(n),
                Ok(_) => {}
                Err(e) => keep(Err(e)),
            }
        }
        if niches.len() > MAX_NICHES {
            keep(Err(FieldError::new(
                "niches",
                "too_many",
                format!("Choose at most {MAX_NICHES} niches."),
            )
            .with("max", MAX_NICHES)));
        }

        let country = self.country.trim().to_uppercase();
        let country = if country.is_empty() {
            None
        } else if country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(country)
        } else {
            keep(Err(FieldError::new(
                "country",
                "country_invalid",
                "Use a two-letter country code, like IN.",
            )));
            None
        };
        let state = optional_place(&self.state, "state");
        let city = optional_place(&self.city, "city");
        keep(state.as_ref().map(|_| ()).map_err(Clone::clone));
        keep(city.as_ref().map(|_| ()).map_err(Clone::clone));

        let mut languages: Vec<String> = Vec::new();
        for raw in &self.languages {
            let code = raw.trim().to_lowercase();
            if !LANGUAGES.contains(&code.as_str()) {
                keep(Err(FieldError::new(
                    "languages",
                    "language_unknown",
                    format!("{raw:?} is not a supported language code."),
                )
                .with("value", raw)));
            } else if !languages.contains(&code) {
                languages.push(code);
            }
        }
        if languages.len() > MAX_LANGUAGES {
            keep(Err(FieldError::new(
                "languages",
                "too_many",
                format!("Choose at most {MAX_LANGUAGES} languages."),
            )
            .with("max", MAX_LANGUAGES)));
        }

        let mut socials: Vec<SocialAccount> = Vec::new();
        if self.socials.len() > MAX_SOCIALS {
            keep(Err(FieldError::new(
                "socials",
                "too_many",
                format!("Add at most {MAX_SOCIALS} accounts."),
            )
            .with("max", MAX_SOCIALS)));
        }
        for s in self.socials.iter().take(MAX_SOCIALS) {
            let platform = match Platform::parse(&s.platform, "socials") {
                Ok(p) => p,
                Err(e) => {
                    keep(Err(e));
                    continue;
                }
            };
            let handle = s.handle.trim().trim_start_matches('@').to_owned();
            if handle.is_empty()
                || handle.chars().count() > 100
                || handle.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                keep(Err(FieldError::new(
                    "socials",
                    "handle_invalid",
                    "A handle is 1 to 100 characters without spaces.",
                )));
                continue;
            }
            if !(0..=MAX_FOLLOWERS).contains(&s.followers) {
                keep(Err(FieldError::new(
                    "socials",
                    "followers_invalid",
                    "Follower counts are whole numbers from 0.",
                )));
                continue;
            }
            if socials.iter().any(|x| x.platform == platform) {
                keep(Err(FieldError::new(
                    "socials",
                    "platform_repeated",
                    format!("{} is listed twice.", platform.key()),
                )
                .with("value", platform.key())));
                continue;
            }
            socials.push(SocialAccount {
                platform,
                handle,
                followers: s.followers as u64,
            });
        }

        let engagement_rate = match self.engagement_rate {
            Some(r) if !(0.0..=100.0).contains(&r) || r.is_nan() => {
                keep(Err(FieldError::new(
                    "engagement_rate",
                    "out_of_range",
                    "Engagement rate is a percentage from 0 to 100.",
                )
                .with("min", 0)
                .with("max", 100)));
                None
            }
            other => other,
        };

        let rate = match (self.rate_min, self.rate_max) {
            (None, None) => None,
            (Some(min), Some(max)) => {
                match MoneyRange::parse(min, max, &self.rate_currency, "rate") {
                    Ok(r) => Some(r),
                    Err(e) => {
                        keep(Err(e));
                        None
                    }
                }
            }
            _ => {
                keep(Err(FieldError::new(
                    "rate",
                    "incomplete",
                    "Give both the lowest and the highest rate.",
                )));
                None
            }
        };

        match (errors.is_empty(), bio, state, city) {
            (true, Ok(bio), Ok(state), Ok(city)) => Ok(ProfileInput {
                bio,
                niches,
                location: Location {
                    country,
                    state,
                    city,
                },
                languages,
                socials,
                engagement_rate,
                rate,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProfileForm {
        ProfileForm {
            bio: "फिटनेस कोच — daily workouts from Pune 💪".into(),
            niches: vec!["fitness".into(), "health".into(), "Fitness".into()],
            country: "in".into(),
            state: "Maharashtra".into(),
            city: "Pune".into(),
            languages: vec!["hi".into(), "mr".into(), "en".into()],
            socials: vec![SocialForm {
                platform: "Instagram".into(),
                handle: "@priya.fit".into(),
                followers: 120_000,
            }],
            engagement_rate: Some(4.2),
            rate_min: Some(15_000),
            rate_max: Some(40_000),
            rate_currency: "inr".into(),
        }
    }

    #[test]
    fn a_full_form_parses_and_is_normalised() {
        let p = form().parse().unwrap();
        assert_eq!(p.niches, [Niche::Fitness, Niche::Health]);
        assert_eq!(p.location.country.as_deref(), Some("IN"));
        assert_eq!(p.socials[0].handle, "priya.fit");
        assert_eq!(p.rate.unwrap().max(), 40_000);
    }

    #[test]
    fn an_empty_form_is_a_valid_draft() {
        let p = ProfileForm::default().parse().unwrap();
        assert!(p.bio.is_empty() && p.niches.is_empty() && p.rate.is_none());
    }

    #[test]
    fn every_bad_field_is_reported_with_its_name() {
        let bad = ProfileForm {
            niches: vec!["astrology".into()],
            country: "India".into(),
            languages: vec!["klingon".into()],
            socials: vec![
                SocialForm {
                    platform: "myspace".into(),
                    handle: "x".into(),
                    followers: 1,
                },
                SocialForm {
                    platform: "youtube".into(),
                    handle: "ok".into(),
                    followers: -5,
                },
            ],
            engagement_rate: Some(120.0),
            rate_min: Some(50),
            rate_max: None,
            ..form()
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.reason))
            .collect();
        assert_eq!(
            fields,
            [
                "niches:niche_unknown",
                "country:country_invalid",
                "languages:language_unknown",
                "socials:platform_unknown",
                "socials:followers_invalid",
                "engagement_rate:out_of_range",
                "rate:incomplete",
            ]
        );
    }

    #[test]
    fn a_platform_listed_twice_is_refused() {
        let twice = ProfileForm {
            socials: vec![
                SocialForm {
                    platform: "instagram".into(),
                    handle: "a".into(),
                    followers: 1,
                },
                SocialForm {
                    platform: "Instagram".into(),
                    handle: "b".into(),
                    followers: 2,
                },
            ],
            ..form()
        };
        assert_eq!(twice.parse().unwrap_err()[0].reason, "platform_repeated");
    }

    #[test]
    fn a_handle_with_control_characters_is_refused() {
        let mut f = form();
        f.socials[0].handle = "priya\u{0}fit".into();
        let errors = f.parse().unwrap_err();
        assert!(
            errors.iter().any(|e| e.reason == "handle_invalid"),
            "{errors:?}"
        );
    }
}

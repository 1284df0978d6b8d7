//! What a brand may post as a collaboration request (seed 004, requirement
//! 3.2), parsed field by field.

use crate::money::MoneyRange;
use crate::profile_input::LANGUAGES;
use crate::text::BoundedText;
use crate::{FieldError, Niche};
use serde::{Deserialize, Serialize};
use time::Date;

pub const MAX_DELIVERABLES: usize = 20;
pub const MAX_TARGET_COUNTRIES: usize = 20;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RequestForm {
    pub title: String,
    pub description: String,
    pub niches: Vec<String>,
    pub deliverables: Vec<String>,
    pub budget_min: Option<i64>,
    pub budget_max: Option<i64>,
    /// `inr` (the default), `usd`, `eur` or `gbp`.
    pub budget_currency: String,
    /// ISO 3166-1 alpha-2 codes; empty means anywhere.
    pub target_countries: Vec<String>,
    /// ISO 639-1 codes; empty means any language.
    pub target_languages: Vec<String>,
    /// `YYYY-MM-DD`, today or later.
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-31"))]
    pub deadline: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestInput {
    pub title: BoundedText,
    pub description: BoundedText,
    pub niches: Vec<Niche>,
    pub deliverables: Vec<BoundedText>,
    pub budget: MoneyRange,
    pub target_countries: Vec<String>,
    pub target_languages: Vec<String>,
    pub deadline: Date,
}

fn collect<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

impl RequestForm {
    /// All failures at once, in form order. `today` is the brand's date; the
    /// deadline may be today or later.
    pub fn parse(&self, today: Date) -> Result<RequestInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = collect(
            BoundedText::parse(&self.title, "title", 5, 120),
            &mut errors,
        );
        let description = collect(
            BoundedText::parse(&self.description, "description", 20, 5000),
            &mut errors,
        );
        let niches = collect(crate::parse_niches(&self.niches, "niches", 5), &mut errors);

        let mut deliverables = Vec::new();
        for raw in self.deliverables.iter().filter(|d| !d.trim().is_empty()) {
            if let Some(d) = collect(BoundedText::parse(raw, "deliverables", 1, 200), &mut errors) {
                deliverables.push(d);
            }
        }
        if deliverables.is_empty() {
            errors.push(FieldError::new(
                "deliverables",
                "required",
                "List at least one deliverable, like \"1 Instagram reel\".",
            ));
        } else if deliverables.len() > MAX_DELIVERABLES {
            errors.push(
                FieldError::new(
                    "deliverables",
                    "too_many",
                    format!("List at most {MAX_DELIVERABLES} deliverables."),
                )
                .with("max", MAX_DELIVERABLES),
            );
        }

        let budget = match (self.budget_min, self.budget_max) {
            (Some(min), Some(max)) => collect(
                MoneyRange::parse(min, max, &self.budget_currency, "budget"),
                &mut errors,
            ),
            _ => {
                errors.push(FieldError::new(
                    "budget",
                    "required",
                    "Give the lowest and the highest budget.",
                ));
                None
            }
        };

        let mut target_countries: Vec<String> = Vec::new();
        for raw in &self.target_countries {
            let code = raw.trim().to_uppercase();
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                errors.push(FieldError::new(
                    "target_countries",
                    "country_invalid",
                    "Use two-letter country codes, like IN.",
                ));
            } else if !target_countries.contains(&code) {
                target_countries.push(code);
            }
        }
        if target_countries.len() > MAX_TARGET_COUNTRIES {
            errors.push(
                FieldError::new(
                    "target_countries",
                    "too_many",
                    format!("Target at most {MAX_TARGET_COUNTRIES} countries."),
                )
                .with("max", MAX_TARGET_COUNTRIES),
            );
        }

        let mut target_languages: Vec<String> = Vec::new();
        for raw in &self.target_languages {
            let code = raw.trim().to_lowercase();
            if !LANGUAGES.contains(&code.as_str()) {
                errors.push(
                    FieldError::new(
                        "target_languages",
                        "language_unknown",
                        format!("{raw:?} is not a supported language code."),
                    )
                    .with("value", raw),
                );
            } else if !target_languages.contains(&code) {
                target_languages.push(code);
            }
        }

        let deadline = match crate::format::parse_iso_day(&self.deadline) {
            Some(d) if d < today => {
                errors.push(FieldError::new(
                    "deadline",
                    "in_the_past",
                    "The deadline cannot be in the past.",
                ));
                None
            }
            Some(d) => Some(d),
            None if self.deadline.trim().is_empty() => {
                errors.push(FieldError::new(
                    "deadline",
                    "required",
                    "Choose a deadline.",
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "deadline",
                    "date_invalid",
                    "Write the deadline as YYYY-MM-DD.",
                ));
                None
            }
        };

        match (title, description, niches, budget, deadline) {
            (Some(title), Some(description), Some(niches), Some(budget), Some(deadline))
                if errors.is_empty() =>
            {
                Ok(RequestInput {
                    title,
                    description,
                    niches,
                    deliverables,
                    budget,
                    target_countries,
                    target_languages,
                    deadline,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn form() -> RequestForm {
        RequestForm {
            title: "Protein snack launch in Mumbai".into(),
            description: "We are launching a high-protein millet snack and want fitness creators to try it on camera.".into(),
            niches: vec!["fitness".into(), "food".into()],
            deliverables: vec!["1 Instagram reel".into(), "  ".into(), "3 stories".into()],
            budget_min: Some(20_000),
            budget_max: Some(60_000),
            budget_currency: "INR".into(),
            target_countries: vec!["in".into(), "IN".into()],
            target_languages: vec!["hi".into(), "mr".into()],
            deadline: "2026-12-15".into(),
        }
    }

    #[test]
    fn a_complete_request_parses_and_is_normalised() {
        let r = form().parse(TODAY).unwrap();
        assert_eq!(r.deliverables.len(), 2, "blank deliverables are dropped");
        assert_eq!(r.target_countries, ["IN"]);
        assert_eq!(r.deadline, date!(2026 - 12 - 15));
    }

    #[test]
    fn a_deadline_today_is_fine_and_yesterday_is_not() {
        assert!(RequestForm {
            deadline: "2026-11-22".into(),
            ..form()
        }
        .parse(TODAY)
        .is_ok());
        let err = RequestForm {
            deadline: "2026-11-21".into(),
            ..form()
        }
        .parse(TODAY)
        .unwrap_err();
        assert_eq!(err[0].reason, "in_the_past");
        let err = RequestForm {
            deadline: "15/12/2026".into(),
            ..form()
        }
        .parse(TODAY)
        .unwrap_err();
        assert_eq!(err[0].reason, "date_invalid");
    }

    #[test]
    fn an_empty_form_names_every_required_field_in_order() {
        let fields: Vec<String> = RequestForm::default()
            .parse(TODAY)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "description",
                "niches",
                "deliverables",
                "budget",
                "deadline"
            ]
        );
    }

    #[test]
    fn negative_and_inverted_budgets_are_refused() {
        let neg = RequestForm {
            budget_min: Some(-100),
            ..form()
        }
        .parse(TODAY)
        .unwrap_err();
        assert_eq!(
            (neg[0].field.as_str(), neg[0].reason.as_str()),
            ("budget", "negative")
        );
        let inv = RequestForm {
            budget_min: Some(90_000),
            ..form()
        }
        .parse(TODAY)
        .unwrap_err();
        assert_eq!(inv[0].reason, "min_above_max");
    }
}

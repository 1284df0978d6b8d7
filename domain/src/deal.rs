//! Deals inside a chat window (seed 004, requirements 8.2–8.6): either side
//! proposes terms; each side confirms separately. No confirmation: proposed;
//! one: pending; both: confirmed, which is final and closes the window.
//! Changing the terms makes a new version, and a new version starts with no
//! confirmations (neither side has agreed to those terms yet).

use crate::money::MAX_AMOUNT;
use crate::text::BoundedText;
use crate::{Currency, FieldError};
use serde::{Deserialize, Serialize};

pub const MAX_DELIVERABLES_CHARS: usize = 2000;
pub const MAX_TIMELINE_CHARS: usize = 300;
pub const MAX_USAGE_RIGHTS_CHARS: usize = 1000;

/// A side of the collaboration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Brand,
    Creator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    Proposed,
    Pending,
    Confirmed,
}

/// Who has confirmed the current version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmations {
    pub brand: bool,
    pub creator: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealEvent {
    /// New terms (the first proposal or a change).
    Revise,
    Confirm,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DealError {
    #[error("This deal is confirmed by both sides; its terms can no longer change.")]
    Confirmed,
    #[error("You have already confirmed these terms.")]
    AlreadyConfirmed,
}

impl DealStatus {
    pub fn key(self) -> &'static str {
        match self {
            DealStatus::Proposed => "proposed",
            DealStatus::Pending => "pending",
            DealStatus::Confirmed => "confirmed",
        }
    }
}

impl Confirmations {
    pub fn status(self) -> DealStatus {
        match (self.brand, self.creator) {
            (true, true) => DealStatus::Confirmed,
            (false, false) => DealStatus::Proposed,
            _ => DealStatus::Pending,
        }
    }

    pub fn by(self, party: Party) -> bool {
        match party {
            Party::Brand => self.brand,
            Party::Creator => self.creator,
        }
    }

    /// `party` acts on the deal; the confirmations after it.
    pub fn apply(self, event: DealEvent, party: Party) -> Result<Self, DealError> {
        if self.status() == DealStatus::Confirmed {
            return Err(DealError::Confirmed);
        }
        match event {
            DealEvent::Revise => Ok(Confirmations::default()),
            DealEvent::Confirm if self.by(party) => Err(DealError::AlreadyConfirmed),
            DealEvent::Confirm => Ok(match party {
                Party::Brand => Confirmations {
                    brand: true,
                    ..self
                },
                Party::Creator => Confirmations {
                    creator: true,
                    ..self
                },
            }),
        }
    }

    /// What `party` may do now; the UI shows one button for each.
    pub fn allowed_events(self, party: Party) -> &'static [DealEvent] {
        if self.status() == DealStatus::Confirmed {
            &[]
        } else if self.by(party) {
            &[DealEvent::Revise]
        } else {
            &[DealEvent::Revise, DealEvent::Confirm]
        }
    }
}

/// Terms as typed in the deal form (or sent as JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DealForm {
    pub deliverables: String,
    pub timeline: String,
    pub amount: Option<i64>,
    pub currency: String,
    pub usage_rights: String,
}

/// Terms both sides can confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealTerms {
    pub deliverables: BoundedText,
    pub timeline: BoundedText,
    /// Whole units of `currency`, more than zero.
    pub amount: u64,
    pub currency: Currency,
    pub usage_rights: BoundedText,
}

impl DealForm {
    /// Every failure at once, in form order.
    pub fn parse(&self) -> Result<DealTerms, Vec<FieldError>> {
        let mut errors = Vec::new();
        let deliverables = collect(
            BoundedText::parse(
                &self.deliverables,
                "deliverables",
                1,
                MAX_DELIVERABLES_CHARS,
            ),
            &mut errors,
        );
        let timeline = collect(
            BoundedText::parse(&self.timeline, "timeline", 1, MAX_TIMELINE_CHARS),
            &mut errors,
        );
        let amount = collect(parse_amount(self.amount), &mut errors);
        let currency = collect(Currency::parse(&self.currency, "currency"), &mut errors);
        let usage_rights = collect(
            BoundedText::parse(
                &self.usage_rights,
                "usage_rights",
                1,
                MAX_USAGE_RIGHTS_CHARS,
            ),
            &mut errors,
        );
        match (deliverables, timeline, amount, currency, usage_rights) {
            (
                Some(deliverables),
                Some(timeline),
                Some(amount),
                Some(currency),
                Some(usage_rights),
            ) => Ok(DealTerms {
                deliverables,
                timeline,
                amount,
                currency,
                usage_rights,
            }),
            _ => Err(errors),
        }
    }
}

fn collect<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn parse_amount(amount: Option<i64>) -> Result<u64, FieldError> {
    match amount {
        None => Err(FieldError::new("amount", "required", "Enter the amount.")),
        Some(a) if a <= 0 => Err(FieldError::new(
            "amount",
            "not_positive",
            "The amount must be more than zero.",
        )),
        Some(a) if a > MAX_AMOUNT => Err(FieldError::new(
            "amount",
            "too_large",
            format!("Amounts must be at most {MAX_AMOUNT}."),
        )
        .with(
            "max",
            crate::format::group(i128::from(MAX_AMOUNT), crate::format::Grouping::Indian),
        )),
        Some(a) => Ok(a as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DealEvent::*;
    use Party::*;

    const NONE: Confirmations = Confirmations {
        brand: false,
        creator: false,
    };
    const BRAND: Confirmations = Confirmations {
        brand: true,
        creator: false,
    };
    const CREATOR: Confirmations = Confirmations {
        brand: false,
        creator: true,
    };
    const BOTH: Confirmations = Confirmations {
        brand: true,
        creator: true,
    };

    #[test]
    fn the_whole_transition_table() {
        let table = [
            (NONE, Confirm, Brand, Some(BRAND)),
            (NONE, Confirm, Creator, Some(CREATOR)),
            (NONE, Revise, Brand, Some(NONE)),
            (NONE, Revise, Creator, Some(NONE)),
            (BRAND, Confirm, Brand, None),
            (BRAND, Confirm, Creator, Some(BOTH)),
            (BRAND, Revise, Brand, Some(NONE)),
            (BRAND, Revise, Creator, Some(NONE)),
            (CREATOR, Confirm, Brand, Some(BOTH)),
            (CREATOR, Confirm, Creator, None),
            (CREATOR, Revise, Brand, Some(NONE)),
            (CREATOR, Revise, Creator, Some(NONE)),
            (BOTH, Confirm, Brand, None),
            (BOTH, Confirm, Creator, None),
            (BOTH, Revise, Brand, None),
            (BOTH, Revise, Creator, None),
        ];
        for (from, event, party, to) in table {
            assert_eq!(
                from.apply(event, party).ok(),
                to,
                "{from:?} {event:?} {party:?}"
            );
            assert_eq!(
                from.allowed_events(party).contains(&event),
                to.is_some(),
                "{from:?} {event:?} {party:?}"
            );
        }
    }

    #[test]
    fn status_counts_confirmations() {
        assert_eq!(NONE.status(), DealStatus::Proposed);
        assert_eq!(BRAND.status(), DealStatus::Pending);
        assert_eq!(CREATOR.status(), DealStatus::Pending);
        assert_eq!(BOTH.status(), DealStatus::Confirmed);
        assert_eq!(BOTH.apply(Revise, Brand), Err(DealError::Confirmed));
        assert_eq!(
            BRAND.apply(Confirm, Brand),
            Err(DealError::AlreadyConfirmed)
        );
    }

    fn form() -> DealForm {
        DealForm {
            deliverables: "2 Instagram reels, 1 story — हिंदी और English".into(),
            timeline: "Within 3 weeks of signing".into(),
            amount: Some(45_000),
            currency: "inr".into(),
            usage_rights: "Brand may repost for 6 months".into(),
        }
    }

    #[test]
    fn terms_parse_with_every_error_named() {
        let terms = form().parse().unwrap();
        assert_eq!(terms.amount, 45_000);
        assert_eq!(terms.currency, Currency::Inr);

        let bad = DealForm {
            deliverables: " ".into(),
            timeline: "x".repeat(MAX_TIMELINE_CHARS + 1),
            amount: Some(-5),
            currency: "doubloons".into(),
            usage_rights: String::new(),
        };
        let fields: Vec<(String, String)> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.reason))
            .collect();
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(f, r)| (f.as_str(), r.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("deliverables", "required"),
                ("timeline", "too_long"),
                ("amount", "not_positive"),
                ("currency", "currency_unknown"),
                ("usage_rights", "required"),
            ]
        );
        for (amount, reason) in [
            (None, "required"),
            (Some(0), "not_positive"),
            (Some(MAX_AMOUNT + 1), "too_large"),
        ] {
            let err = DealForm { amount, ..form() }.parse().unwrap_err();
            assert_eq!(err[0].reason, reason);
        }
    }
}

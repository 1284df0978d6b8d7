//! Money ranges: creator rates and request budgets, in whole currency units.

use crate::{Currency, FieldError};
use serde::{Deserialize, Serialize};

/// The largest amount accepted (whole units), to refuse typos like 10^15.
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// A range `min..=max` in one currency; both ends at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyRange {
    min: u64,
    max: u64,
    currency: Currency,
}

impl MoneyRange {
    /// `field` names the form field ("rate", "budget") in errors.
    pub fn parse(min: i64, max: i64, currency: &str, field: &str) -> Result<Self, FieldError> {
        let currency = Currency::parse(currency, &format!("{field}_currency"))?;
        if min < 0 || max < 0 {
            return Err(FieldError::new(
                field,
                "negative",
                "Amounts cannot be negative.",
            ));
        }
        if min > MAX_AMOUNT || max > MAX_AMOUNT {
            return Err(FieldError::new(
                field,
                "too_large",
                format!("Amounts must be at most {MAX_AMOUNT}."),
            )
            .with(
                "max",
                crate::format::group(i128::from(MAX_AMOUNT), crate::format::Grouping::Indian),
            ));
        }
        if min > max {
            return Err(FieldError::new(
                field,
                "min_above_max",
                "The minimum cannot be above the maximum.",
            ));
        }
        Ok(Self {
            min: min as u64,
            max: max as u64,
            currency,
        })
    }

    pub fn min(&self) -> u64 {
        self.min
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ranges_parse_and_bad_ones_say_why() {
        let r = MoneyRange::parse(10_000, 50_000, "INR", "budget").unwrap();
        assert_eq!(
            (r.min(), r.max(), r.currency()),
            (10_000, 50_000, Currency::Inr)
        );
        assert!(MoneyRange::parse(5, 5, "usd", "rate").is_ok());
        assert_eq!(
            MoneyRange::parse(-1, 5, "usd", "rate").unwrap_err().reason,
            "negative"
        );
        assert_eq!(
            MoneyRange::parse(9, 5, "usd", "rate").unwrap_err().reason,
            "min_above_max"
        );
        assert_eq!(
            MoneyRange::parse(0, MAX_AMOUNT + 1, "usd", "rate")
                .unwrap_err()
                .reason,
            "too_large"
        );
        let err = MoneyRange::parse(1, 2, "doge", "budget").unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.reason.as_str()),
            ("budget_currency", "currency_unknown")
        );
    }
}

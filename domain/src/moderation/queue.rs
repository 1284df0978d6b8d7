//! What the moderation queue is asked for: `GET /api/v1/admin/moderation
//! ?status=&category=&source=&target_type=&order=&before_id=`.

use super::case::CaseState;
use super::{Category, Source};
use crate::FieldError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The query as given (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct QueueForm {
    /// `open` (waiting for a moderator: open or appealed; the default),
    /// `all`, or one case state (`approved`, `removed`, …).
    pub status: Option<String>,
    /// Only cases with a reason of this category.
    pub category: Option<String>,
    /// Only cases with a reason from `lexicon`, `pattern`, `embedding` or `report`.
    pub source: Option<String>,
    /// Only cases about `request`, `profile`, `portfolio_item`, `message`, `account` or `deal`.
    pub target_type: Option<String>,
    /// `newest` (default) or `oldest` first.
    pub order: Option<String>,
    /// The `next_before_id` of the page before: where this page goes on.
    pub before_id: Option<String>,
}

/// The query, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueQuery {
    /// The states asked for; empty for all.
    pub states: Vec<CaseState>,
    pub category: Option<Category>,
    pub source: Option<Source>,
    pub target_type: Option<&'static str>,
    pub oldest_first: bool,
    pub cursor: Option<Uuid>,
}

const TARGETS: [&str; 6] = [
    "request",
    "profile",
    "portfolio_item",
    "message",
    "account",
    "deal",
];

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn choose<T>(field: &str, raw: &str, found: Option<T>, choices: &[&str]) -> Result<T, FieldError> {
    found.ok_or_else(|| {
        let choices = choices.join(", ");
        FieldError::new(field, "not_allowed", format!("Choose one of: {choices}."))
            .with("choices", choices)
            .with("value", raw)
    })
}

impl QueueForm {
    /// Every failure at once, in query order.
    pub fn parse(&self) -> Result<QueueQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let states = match blank(&self.status) {
            None | Some("open") => vec![CaseState::Open, CaseState::Appealed],
            Some("all") => Vec::new(),
            Some(raw) => {
                let keys: Vec<&str> = ["open", "all"]
                    .into_iter()
                    .chain(CaseState::ALL.iter().map(|s| s.key()))
                    .collect();
                match choose("status", raw, CaseState::from_key(raw), &keys) {
                    Ok(state) => vec![state],
                    Err(e) => {
                        errors.push(e);
                        Vec::new()
                    }
                }
            }
        };
        let category = blank(&self.category).and_then(|raw| {
            let keys: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
            choose("category", raw, Category::from_key(raw), &keys)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let source = blank(&self.source).and_then(|raw| {
            let keys = ["lexicon", "pattern", "embedding", "report"];
            choose("source", raw, Source::from_key(raw), &keys)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let target_type = blank(&self.target_type).and_then(|raw| {
            let found = TARGETS.into_iter().find(|t| *t == raw);
            choose("target_type", raw, found, &TARGETS)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let oldest_first = match blank(&self.order) {
            None | Some("newest") => false,
            Some("oldest") => true,
            Some(raw) => {
                errors.extend(choose::<()>("order", raw, None, &["newest", "oldest"]).err());
                false
            }
        };
        let cursor = blank(&self.before_id).and_then(|raw| {
            Uuid::parse_str(raw)
                .map_err(|_| {
                    errors.push(FieldError::new(
                        "before_id",
                        "id_invalid",
                        "This is not a valid id.",
                    ))
                })
                .ok()
        });
        if errors.is_empty() {
            Ok(QueueQuery {
                states,
                category,
                source,
                target_type,
                oldest_first,
                cursor,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_the_queue_is_what_waits_for_a_moderator_newest_first() {
        let q = QueueForm::default().parse().unwrap();
        assert_eq!(q.states, [CaseState::Open, CaseState::Appealed]);
        assert!(!q.oldest_first && q.cursor.is_none() && q.category.is_none());
        let all = QueueForm {
            status: Some("all".into()),
            order: Some("oldest".into()),
            category: Some("scam".into()),
            source: Some("report".into()),
            target_type: Some("account".into()),
            before_id: Some(Uuid::nil().to_string()),
        }
        .parse()
        .unwrap();
        assert!(all.states.is_empty() && all.oldest_first);
        assert_eq!(all.category, Some(Category::Scam));
        assert_eq!(all.source, Some(Source::Report));
        assert_eq!(all.target_type, Some("account"));
        assert_eq!(all.cursor, Some(Uuid::nil()));
    }

    #[test]
    fn every_bad_value_is_named() {
        let err = QueueForm {
            status: Some("pending".into()),
            category: Some("rude".into()),
            source: Some("ai".into()),
            target_type: Some("user".into()),
            order: Some("random".into()),
            before_id: Some("1; DROP".into()),
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "status",
                "category",
                "source",
                "target_type",
                "order",
                "before_id"
            ]
        );
    }
}
